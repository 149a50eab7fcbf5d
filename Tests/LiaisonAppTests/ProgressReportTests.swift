import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Progress reports and telling the customer through the API, the pages and the portal: a report drafted from the
/// live plan, refused for a future period, edited, sent once to the contacts the plan names, delivering the plan's
/// occurrence on time (or late), on the customer's timeline and in the portal; a risk told to the customer in one
/// action; an outsider to a confidential customer sees none of it.
@Suite struct ProgressReportTests {
    struct Setup {
        var w: WorkPlanTests.World
        var customer: String
        var contact: PortalContact
        var reports: String
    }

    /// The test clock's Monday 2026-09-21: a done task (late), an overdue one, a coming one, a critical risk, a
    /// weekly report row addressed to the customer's technical contact (due Tuesday 09:00 Shanghai).
    static func setup(_ app: TestApp, classification: String = "internal") async throws -> Setup {
        let w = try await WorkPlanTests.world(app, classification: classification)
        let project = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)")
        let customer = try #require(project.object["customerId"] as? String)
        let contact = try await app.portalContact(
            by: w.admin, customerID: customer, name: "陈技术", email: "chen@jingmi.test")
        let role = try await w.admin.call(.PATCH, "/api/v1/contacts/\(contact.contactID)", json: ["role": "technical"])
        #expect(role.status == .ok, "\(role.body.string)")
        _ = try await WorkPlanTests.task(
            w.pm, w.project, ["name": "接口联调", "dueOn": "2026-09-18", "status": "done", "ownerId": w.engineer.id.uuidString])
        _ = try await WorkPlanTests.task(w.pm, w.project, ["name": "数据迁移", "dueOn": "2026-09-10"])
        _ = try await WorkPlanTests.task(w.pm, w.project, ["name": "用户培训", "dueOn": "2026-09-25"])
        let risk = try await w.pm.call(
            .POST, "/api/v1/projects/\(w.project)/risks",
            json: ["title": "供应商交期延误", "probability": 4, "impact": 5, "mitigation": "提前备货"])
        #expect(risk.status == .created)
        let row = try await w.pm.call(
            .POST, "/api/v1/projects/\(w.project)/communication-plan",
            json: CommunicationPlanTests.weekly(w.engineer, ["audiences": ["customer:technical"]]))
        #expect(row.status == .created, "\(row.body.string)")
        return Setup(w: w, customer: customer, contact: contact, reports: "/api/v1/projects/\(w.project)/reports")
    }

    static func jobs(_ app: TestApp, kind: String) async throws -> Int {
        try await app.app.db.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = \(bind: kind)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    @Test func aReportIsDraftedFromThePlanEditedAndSentOnceOnTime() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await Self.setup(app)
            let pm = s.w.pm
            let future = try await pm.call(.POST, s.reports, json: ["periodStart": "2026-09-14", "periodEnd": "2026-09-30"])
            #expect(future.status == .unprocessableEntity)
            #expect(future.fieldErrors["periodEnd"] == "reportPeriodFuture")
            let backwards = try await pm.call(
                .POST, s.reports, json: ["periodStart": "2026-09-20", "periodEnd": "2026-09-14"])
            #expect(backwards.fieldErrors["periodEnd"] == "reportEndBeforeStart")
            #expect(try await pm.call(.GET, s.reports).items.isEmpty)
            #expect(try await s.w.engineerAPI.call(.POST, s.reports, json: [:]).status == .forbidden)

            let made = try await pm.call(.POST, s.reports, json: ["periodStart": "2026-09-14"])
            #expect(made.status == .created, "\(made.body.string)")
            let report = made.object
            let id = try #require(report["id"] as? String)
            #expect(report["numberText"] as? String == "PR-1")
            #expect(report["status"] as? String == "draft")
            #expect(report["periodEnd"] as? String == "2026-09-21")
            #expect((report["title"] as? String)?.contains("PR-1") == true)
            let facts = try #require(report["facts"] as? [String: Any])
            let done = try #require(facts["tasksDone"] as? [[String: Any]])
            #expect(done.map { $0["name"] as? String } == ["接口联调"])
            #expect(done.first?["late"] as? Bool == true)
            #expect((facts["tasksLate"] as? [[String: Any]])?.map { $0["name"] as? String } == ["数据迁移"])
            #expect((facts["tasksNext"] as? [[String: Any]])?.map { $0["name"] as? String } == ["用户培训"])
            #expect((facts["risks"] as? [[String: Any]])?.first?["level"] as? String == "critical")
            #expect(report["percentDone"] as? Int == 33)
            #expect((report["problems"] as? String)?.contains("供应商交期延误 → 提前备货") == true)
            #expect((report["nextSteps"] as? String)?.contains("用户培训") == true)

            let edited = try await pm.call(.PATCH, "\(s.reports)/\(id)", json: ["summary": "本周完成联调，数据迁移延后两天。"])
            #expect(edited.status == .ok, "\(edited.body.string)")
            #expect(edited.object["version"] as? Int == 2)
            #expect(try await pm.call(
                .PATCH, "\(s.reports)/\(id)", json: ["summary": "x"], headers: [("If-Match", "\"1\"")]).status
                == .preconditionFailed)

            let occurrences = try await pm.call(
                .GET, "/api/v1/projects/\(s.w.project)/communication-plan/occurrences?state=scheduled")
            let occurrence = try #require(occurrences.items.first?["id"] as? String)
            let sent = try await pm.call(.POST, "\(s.reports)/\(id)/send")
            #expect(sent.status == .ok, "\(sent.body.string)")
            #expect(sent.object["status"] as? String == "sent")
            #expect(sent.object["onTime"] as? Bool == true)
            #expect(sent.object["occurrenceId"] as? String == occurrence)
            let recipients = try #require(sent.object["recipients"] as? [[String: Any]])
            #expect(recipients.map { $0["contactId"] as? String } == [s.contact.contactID])
            let delivered = try await pm.call(
                .GET, "/api/v1/projects/\(s.w.project)/communication-plan/occurrences/\(occurrence)")
            #expect(delivered.object["state"] as? String == "done", "\(delivered.body.string)")
            #expect(try await Self.jobs(app, kind: CustomerMessages.mailJobKind) == 1)

            // The closure review counts it.
            let review = try await pm.call(.GET, "/api/v1/projects/\(s.w.project)/review")
            let reviewed = (review.object["facts"] as? [String: Any])?["reports"] as? [String: Any]
            #expect(reviewed?["sent"] as? Int == 1 && reviewed?["sentOnTime"] as? Int == 1, "\(review.body.string)")

            // Sent once: kept as sent.
            #expect(try await pm.call(.POST, "\(s.reports)/\(id)/send").status == .conflict)
            #expect(try await pm.call(.PATCH, "\(s.reports)/\(id)", json: ["summary": "改"]).status == .conflict)
            #expect(try await pm.call(.DELETE, "\(s.reports)/\(id)").status == .conflict)

            // On the customer's timeline, once; in the contact's portal.
            let timeline = try await pm.call(.GET, "/api/v1/customers/\(s.customer)/timeline")
            let entries = timeline.items.filter { ($0["title"] as? String)?.contains("PR-1") == true }
            #expect(entries.count == 1, "\(timeline.body.string)")
            let portal = try await s.contact.api.call(.GET, "/api/v1/portal/reports")
            #expect(portal.items.map { $0["id"] as? String } == [id])
            let read = try await s.contact.api.call(.GET, "/api/v1/portal/reports/\(id)")
            #expect(read.object["summary"] as? String == "本周完成联调，数据迁移延后两天。")
            #expect(try await s.contact.browser.get("/portal/reports/\(id)").body.string.contains("数据迁移"))

            let audit = try await s.w.admin.call(.GET, "/api/v1/audit?recordType=progressReport&recordId=\(id)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(actions == ["report.create", "report.update", "report.send"], "\(actions)")

            // The next one starts where this one ended.
            let next = try await pm.call(.POST, s.reports, json: [:])
            #expect(next.status == .unprocessableEntity, "\(next.body.string)")
            app.clock.advance(by: 2 * 86_400)
            let second = try await pm.call(.POST, s.reports, json: [:])
            #expect(second.object["periodStart"] as? String == "2026-09-22", "\(second.body.string)")
            #expect(second.object["numberText"] as? String == "PR-2")
        }
    }

    @Test func aReportSentAfterTheOccurrenceWasMissedIsLate() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await Self.setup(app)
            app.clock.advance(by: 2 * 86_400)
            let swept = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            #expect(swept.missed == 1)
            let made = try await s.w.pm.call(.POST, s.reports, json: [:])
            let id = try #require(made.object["id"] as? String, "\(made.body.string)")
            let sent = try await s.w.pm.call(.POST, "\(s.reports)/\(id)/send", json: ["contactIds": [s.contact.contactID]])
            #expect(sent.status == .ok, "\(sent.body.string)")
            #expect(sent.object["onTime"] as? Bool == false)
            let occurrence = try #require(sent.object["occurrenceId"] as? String)
            let missed = try await s.w.pm.call(
                .GET, "/api/v1/projects/\(s.w.project)/communication-plan/occurrences/\(occurrence)")
            #expect(missed.object["state"] as? String == "missed")
            #expect(missed.object["doneAt"] != nil, "\(missed.body.string)")
        }
    }

    @Test func aRiskIsToldToTheCustomerInOneAction() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await Self.setup(app)
            let p = "/api/v1/projects/\(s.w.project)"
            let riskID = try #require(try await s.w.pm.call(.GET, "\(p)/risks").items.first?["id"] as? String)
            let empty = try await s.w.pm.call(.POST, "\(p)/risks/\(riskID)/tell", json: [:])
            #expect(empty.fieldErrors["message"] == "required")
            let other = try await ProjectsTests.customer(s.w.admin, "杭州电子")
            let stranger = try await ProjectsTests.contact(s.w.admin, other, "外人", email: "x@hz.test")
            let wrong = try await s.w.pm.call(
                .POST, "\(p)/risks/\(riskID)/tell", json: ["message": "提醒", "contactIds": [stranger]])
            #expect(wrong.fieldErrors["contactIds"] == "notOfThisCustomer")
            #expect(try await Self.jobs(app, kind: CustomerMessages.mailJobKind) == 0)

            let told = try await s.w.pm.call(
                .POST, "\(p)/risks/\(riskID)/tell", json: ["message": "供应商可能延期两周，我们已提前备货。"])
            #expect(told.status == .ok, "\(told.body.string)")
            #expect(told.object["toldAt"] != nil)
            #expect(try await Self.jobs(app, kind: CustomerMessages.mailJobKind) == 1)
            let timeline = try await s.w.pm.call(.GET, "/api/v1/customers/\(s.customer)/timeline")
            #expect(timeline.items.contains { ($0["title"] as? String)?.contains("供应商交期延误") == true })

            // An issue, to the contacts named.
            let issue = try await s.w.pm.call(.POST, "\(p)/issues", json: ["title": "测试环境不可用", "severity": "high"])
            let issueID = try #require(issue.object["id"] as? String)
            let toldIssue = try await s.w.pm.call(
                .POST, "\(p)/issues/\(issueID)/tell", json: ["message": "正在恢复", "contactIds": [s.contact.contactID]])
            #expect(toldIssue.object["toldAt"] != nil, "\(toldIssue.body.string)")
            // The portal shows the contact what was told (the latest word on each risk and issue).
            let portal = try await s.contact.browser.get("/portal/reports")
            #expect(portal.body.string.contains("供应商可能延期两周"), "\(portal.body.string)")
            #expect(portal.body.string.contains("正在恢复"))
            let audit = try await s.w.admin.call(.GET, "/api/v1/audit?recordType=projectIssue&recordId=\(issueID)")
            #expect(audit.items.contains { $0["action"] as? String == "projectIssue.tell" })
        }
    }

    @Test func anOutsiderSeesNoReportsAndAnotherCustomersContactNone() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await Self.setup(app, classification: "confidential")
            let made = try await s.w.admin.call(.POST, s.reports, json: [:])
            let id = try #require(made.object["id"] as? String, "\(made.body.string)")
            #expect(try await s.w.admin.call(.POST, "\(s.reports)/\(id)/send").status == .ok)
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            for path in [s.reports, "\(s.reports)/\(id)"] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await outsider.call(.POST, s.reports, json: [:]).status == .notFound)
            let other = try await ProjectsTests.customer(s.w.admin, "杭州电子")
            let theirs = try await app.portalContact(by: s.w.admin, customerID: other, name: "钱门户", email: "qian@hz.test")
            #expect(try await theirs.api.call(.GET, "/api/v1/portal/reports").items.isEmpty)
            #expect(try await theirs.api.call(.GET, "/api/v1/portal/reports/\(id)").status == .notFound)
        }
    }

    @Test func theReportPagesDraftEditAndSendInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await Self.setup(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let page = "/projects/\(s.w.project)/reports"
            #expect(try await browser.get(page).body.string.contains("还没有报告"))
            let bad = try await browser.post(page, [("periodStart", "2026-09-14"), ("periodEnd", "2026-12-31")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("报告期不能晚于今天"))
            let made = try await browser.post(page, [("periodStart", "2026-09-14"), ("periodEnd", "")])
            #expect(made.status == .seeOther)
            let link = try #require(made.headers.first(name: .location))
            let draft = try await browser.get(link)
            #expect(draft.body.string.contains("数据迁移"))
            #expect(draft.body.string.contains("陈技术"))
            let saved = try await browser.post(
                link, [("version", "1"), ("summary", "联调完成"), ("problems", ""), ("nextSteps", "培训")])
            #expect(saved.status == .seeOther)
            let none = try await browser.post("\(link)/send", [("version", "2")])
            #expect(none.status == .unprocessableEntity)
            let sent = try await browser.post("\(link)/send", [("version", "2"), ("contactIds[]", s.contact.contactID)])
            #expect(sent.status == .seeOther)
            browser.acceptLanguage = "en"
            let english = try await browser.get(link)
            #expect(english.body.string.contains("Sent"), "\(english.body.string)")
            #expect(english.body.string.contains("on time"))
            #expect(try await browser.get(page).body.string.contains("PR-1"))
            // Telling of the risk from the risks tab.
            let riskID = try #require(
                try await s.w.pm.call(.GET, "/api/v1/projects/\(s.w.project)/risks").items.first?["id"] as? String)
            let tell = try await browser.post(
                "/projects/\(s.w.project)/risks/\(riskID)/tell", [("message", "请知悉")])
            #expect(tell.status == .seeOther)
            #expect(try await browser.get("/projects/\(s.w.project)/risks").body.string.contains("Customer told"))
            // Every field of a risk is edited on the page too.
            let edited = try await browser.post(
                "/projects/\(s.w.project)/risks/\(riskID)",
                [("version", "2"), ("title", "供应商交期延误（已确认）"), ("probability", "5"), ("impact", "5"),
                 ("mitigation", ""), ("contingency", "改用库存"), ("dueOn", "2026-10-15"), ("ownerId", "")])
            #expect(edited.status == .seeOther)
            let risk = try await s.w.pm.call(.GET, "/api/v1/projects/\(s.w.project)/risks/\(riskID)").object
            #expect(risk["title"] as? String == "供应商交期延误（已确认）")
            #expect(risk["score"] as? Int == 25)
            #expect(risk["mitigation"] == nil || risk["mitigation"] is NSNull)
            #expect(risk["contingency"] as? String == "改用库存")
        }
    }
}
