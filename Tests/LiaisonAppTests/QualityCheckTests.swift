import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Quality checks of deliverables and the customer's acceptance: a check needs evidence and a task that names a
/// deliverable; the customer cannot accept a deliverable whose latest check failed; the tab shows it all in both
/// languages.
@Suite struct QualityCheckTests {
    @Test func aDeliverableIsAcceptedOnlyAfterItsLatestCheckPassed() async throws {
        try await withTestApp { (app: TestApp) async throws in
            // setup
            let w = try await ChangeRequestTests.world(app)
            let pm = w.base.pm
            let p = "/api/v1/projects/\(w.project)"
            let design = try await WorkPlanTests.task(
                pm, w.project,
                ["name": "设计", "startOn": "2026-05-01", "dueOn": "2026-05-10", "deliverable": "设计文档",
                 "acceptanceCheck": "客户评审通过"])
            let designID = try #require(design["id"] as? String)
            let plain = try await WorkPlanTests.task(pm, w.project, ["name": "例会", "startOn": "2026-05-01"])
            let plainID = try #require(plain["id"] as? String)
            let contact = w.base.contacts[0]

            let bad = try await pm.call(.POST, "\(p)/quality-checks", json: ["taskId": plainID, "result": "maybe"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["criterion"] == "required")
            #expect(bad.fieldErrors["result"] == "invalidChoice")
            #expect(bad.fieldErrors["evidence"] == "qualityCheckNeedsEvidence")
            let notDeliverable = try await pm.call(
                .POST, "\(p)/quality-checks", json: ["taskId": plainID, "criterion": "x", "result": "pass", "evidence": "x"])
            #expect(notDeliverable.fieldErrors["taskId"] == "taskNotDeliverable")
            let notChecked = try await pm.call(
                .POST, "\(p)/deliverables/\(designID)/acceptance", json: ["decision": "accepted", "contactId": contact])
            #expect(notChecked.status == .conflict)

            // Anyone on the project may record a check; the reviewer is who recorded it.
            let checked = try await w.engineer.call(
                .POST, "\(p)/quality-checks",
                json: ["taskId": designID, "criterion": "客户评审通过", "result": "fail", "evidence": "缺少接口章节",
                       "evidenceLink": "https://docs.example.com/review/1"])
            #expect(checked.status == .created, "\(checked.body.string)")
            #expect(checked.object["result"] as? String == "fail")

            // MUT: the customer's acceptance after a failed check.
            let refused = try await pm.call(
                .POST, "\(p)/deliverables/\(designID)/acceptance", json: ["decision": "accepted", "contactId": contact],
                headers: [("Accept-Language", "en")])

            // validate
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("latest quality check of this deliverable failed"), "\(refused.text)")
            #expect(try await ChangeRequestTests.count(app, "project_deliverable_acceptances") == 0)
            #expect(try await w.engineer.call(
                .POST, "\(p)/deliverables/\(designID)/acceptance", json: ["decision": "accepted", "contactId": contact])
                .status == .forbidden)
            let list = try await pm.call(.GET, "\(p)/deliverables")
            #expect(list.items.count == 1)
            #expect(list.items.first?["readiness"] as? String == "failed")

            app.clock.advance(by: 60)
            _ = try await pm.call(
                .POST, "\(p)/quality-checks",
                json: ["taskId": designID, "criterion": "客户评审通过", "result": "pass", "evidence": "已补充接口章节"])
            let accepted = try await pm.call(
                .POST, "\(p)/deliverables/\(designID)/acceptance",
                json: ["decision": "accepted", "contactId": contact, "note": "验收会议纪要"])
            #expect(accepted.status == .created, "\(accepted.body.string)")
            let ready = try await pm.call(.GET, "\(p)/deliverables")
            #expect(ready.items.first?["readiness"] as? String == "ready")
            #expect((ready.items.first?["acceptance"] as? [String: Any])?["decision"] as? String == "accepted")
            #expect(ready.items.first?["checkCount"] as? Int == 2)
            #expect(try await pm.call(.GET, "\(p)/quality-checks?result=fail").items.count == 1)
            #expect(try await pm.call(.GET, "\(p)/quality-checks?taskId=\(designID)").items.count == 2)
            #expect(try await pm.call(.GET, "\(p)/quality-checks?result=maybe").status == .unprocessableEntity)
            let audit = try await w.base.admin.call(.GET, "/api/v1/audit?recordType=task&recordId=\(designID)")
            #expect(audit.items.contains { $0["action"] as? String == "deliverable.accept" })
            let checks = try await w.base.admin.call(.GET, "/api/v1/audit?action=qualityCheck.create")
            #expect(checks.items.count == 2)

            // The customer's own contact answers in the portal; another customer's finds nothing.
            let mine = try await app.portalContact(
                by: w.base.admin, customerID: w.base.customer, name: "周门户", email: "zhou@jingmi.test")
            let other = try await ProjectsTests.customer(w.base.admin, "杭州电子")
            let theirs = try await app.portalContact(
                by: w.base.admin, customerID: other, name: "钱门户", email: "qian@hz.test")
            #expect(try await theirs.api.call(.GET, "/api/v1/portal/deliverables").items.isEmpty)
            #expect(try await theirs.api.call(
                .POST, "/api/v1/portal/deliverables/\(designID)/acceptance", json: ["decision": "rejected"]).status
                == .notFound)
            let shown = try await mine.api.call(.GET, "/api/v1/portal/deliverables")
            #expect(shown.items.first?["readiness"] as? String == "ready", "\(shown.body.string)")
            #expect(shown.items.first?["reviewerId"] == nil)
            app.clock.advance(by: 60)
            let answered = try await mine.api.call(
                .POST, "/api/v1/portal/deliverables/\(designID)/acceptance", json: ["decision": "rejected", "note": "格式不符"])
            #expect(answered.status == .created, "\(answered.body.string)")
            let latest = try await pm.call(.GET, "\(p)/deliverables")
            let acceptance = latest.items.first?["acceptance"] as? [String: Any]
            #expect(acceptance?["decision"] as? String == "rejected")
            #expect(acceptance?["channel"] as? String == "portal")
        }
    }

    @Test func theChangesTabProposesAndChecksInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await ChangeRequestTests.world(app)
            _ = try await WorkPlanTests.task(
                w.base.pm, w.project, ["name": "培训", "startOn": "2026-06-01", "deliverable": "培训材料"])
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let page = "/projects/\(w.project)/changes"
            let shown = try await browser.get(page)
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("变更与质量"))
            #expect(shown.body.string.contains("尚无变更请求"))
            let bad = try await browser.post("/projects/\(w.project)/change-requests", [("title", "")])
            #expect(bad.status == .unprocessableEntity)
            let made = try await browser.post(
                "/projects/\(w.project)/change-requests",
                [("title", "增加移动端"), ("kinds[]", "scope"), ("kinds[]", "cost"), ("scopeIn", "财务\n采购\n移动端")])
            #expect(made.status == .seeOther)
            #expect(try await browser.get(page).body.string.contains("CR-1 增加移动端"))
            let list = try await w.base.pm.call(.GET, "/api/v1/projects/\(w.project)/change-requests")
            let id = try #require(list.items.first?["id"] as? String)
            #expect(list.items.first?["kinds"] as? [String] == ["scope", "cost"])
            let assessed = try await browser.post(
                "/projects/\(w.project)/change-requests/\(id)/assess",
                [("version", "1"), ("scheduleDays", "5"), ("costAmount", "3000"), ("costCurrency", "CNY")])
            #expect(assessed.status == .seeOther)
            browser.acceptLanguage = "en"
            let english = try await browser.get(page)
            #expect(english.body.string.contains("Changes &amp; quality"), "\(english.body.string)")
            #expect(english.body.string.contains("Assessed"))
            #expect(english.body.string.contains("Not checked yet"))
        }
    }
}
