import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Change requests through the API, the decision link and the portal: proposed, refused whole when wrong,
/// assessed and sent by the project manager only, decided once by the customer, the approval putting its
/// changes into a new draft of the charter; and an outsider to a confidential customer seeing none of it.
@Suite struct ChangeRequestTests {
    struct World {
        let base: ProjectsTests.World
        let project: String
        let engineer: APIClient
    }

    /// A project with a charter signed by both contacts, and an engineer (who may not manage projects).
    static func world(_ app: TestApp) async throws -> World {
        let base = try await ProjectsTests.world(app)
        let project = try await ProjectsTests.project(
            base.pm, base.customer, ["startOn": "2026-05-01", "endOn": "2026-12-31"])
        let saved = try await base.pm.call(
            .PUT, "/api/v1/projects/\(project)/charter",
            json: ["goals": "上线新 ERP", "scopeIn": "财务\n采购", "milestones": [["name": "上线", "date": "2026-10-01"]]])
        #expect(saved.status == .ok, "\(saved.body.string)")
        let sent = try await base.pm.call(
            .POST, "/api/v1/projects/\(project)/charter/send", json: ["contactIds": base.contacts])
        #expect(sent.status == .ok, "\(sent.body.string)")
        for link in ProjectsTests.links(sent).values {
            let signed = try await Browser(app).post(link, [("agree", "yes")])
            #expect(signed.status == .ok, "\(signed.body.string)")
        }
        let engineer = try await app.person("eng@test.local", name: "工程师乙", roles: [.engineer])
        return World(
            base: base, project: project, engineer: APIClient(app: app, token: try await app.token(for: engineer)))
    }

    /// How many rows a table holds.
    static func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
            ?? -1
    }

    @Test func aChangeRequestIsAssessedSentAndApprovedOnceIntoANewCharterDraft() async throws {
        try await withTestApp { (app: TestApp) async throws in
            // setup
            let w = try await Self.world(app)
            let pm = w.base.pm
            let crs = "/api/v1/projects/\(w.project)/change-requests"
            let bad = try await pm.call(
                .POST, crs,
                json: ["title": " ", "kinds": ["budget"],
                       "charterChanges": ["milestones": [["name": "验收", "date": "2027-03-01"]]]])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["title"] == "required")
            #expect(bad.fieldErrors["kinds"] == "invalidChoice")
            #expect(bad.fieldErrors["charterChanges.milestones[0].date"] == "charterMilestoneOutsideProject")
            #expect(try await pm.call(.GET, crs).items.isEmpty)

            let made = try await pm.call(
                .POST, crs,
                json: ["title": "增加仓储模块", "kinds": ["scope", "schedule"], "description": "客户要求加入仓储管理",
                       "reason": "业务扩展",
                       "charterChanges": ["scopeIn": "财务\n采购\n仓储",
                                          "milestones": [["name": "上线", "date": "2026-11-01"]]]])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(made.object["number"] as? String == "CR-1")
            #expect(made.object["status"] as? String == "proposed")
            #expect(made.object["kinds"] as? [String] == ["scope", "schedule"])
            let id = try #require(made.object["id"] as? String)
            let cr = "\(crs)/\(id)"

            // Out of order, or by the wrong role: refused, localised.
            let early = try await pm.call(
                .POST, "\(cr)/approve", json: ["contactId": w.base.contacts[0], "note": "邮件"],
                headers: [("Accept-Language", "en")])
            #expect(early.status == .conflict)
            #expect(early.text.contains("not been sent"), "\(early.text)")
            #expect(try await pm.call(.POST, "\(cr)/send").status == .conflict)
            #expect(try await w.engineer.call(.POST, "\(cr)/assess", json: ["scheduleDays": 10]).status == .forbidden)
            let empty = try await pm.call(.POST, "\(cr)/assess", json: [:])
            #expect(empty.fieldErrors["scope"] == "assessmentEmpty")
            let wrongAmount = try await pm.call(.POST, "\(cr)/assess", json: ["costAmount": "1,000"])
            #expect(wrongAmount.fieldErrors["costAmount"] == "invalidAmount")

            let assessed = try await pm.call(
                .POST, "\(cr)/assess", json: ["scope": "新增仓储模块", "scheduleDays": 30, "costAmount": 12000.5])
            #expect(assessed.status == .ok, "\(assessed.body.string)")
            #expect(assessed.object["status"] as? String == "assessed")
            let impact = try #require(assessed.object["impact"] as? [String: Any])
            #expect(impact["scheduleDays"] as? Int == 30)
            #expect(impact["costAmount"] as? String == "12000.5")
            #expect(impact["costCurrency"] as? String == "CNY")

            // Sent with no contacts named: to the charter's signers, one single-use link each.
            let sent = try await pm.call(.POST, "\(cr)/send")
            #expect(sent.status == .ok, "\(sent.body.string)")
            #expect((sent.object["changeRequest"] as? [String: Any])?["status"] as? String == "sentToCustomer")
            let links = ProjectsTests.links(sent)
            #expect(links.count == 2)
            #expect(try await pm.call(.PATCH, cr, json: ["title": "改"]).status == .conflict)
            let first = try #require(links[w.base.contacts[0].uppercased()])
            let second = try #require(links[w.base.contacts[1].uppercased()])
            let shown = try await Browser(app).get(first)
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("增加仓储模块"))
            #expect(shown.body.string.contains("12000.5 CNY"))

            // MUT: the customer approves through the link.
            let approved = try await Browser(app).post(first, [("decision", "approve"), ("note", "同意")])

            // validate
            #expect(approved.status == .ok, "\(approved.body.string)")
            #expect(approved.body.string.contains("您的决定已记录"))
            let now = try await pm.call(.GET, cr)
            #expect(now.object["status"] as? String == "approved")
            #expect(now.object["decidedByContactId"] as? String == w.base.contacts[0].uppercased())
            #expect(now.object["decisionChannel"] as? String == "link")
            #expect(now.object["charterVersionNumber"] as? Int == 2)
            let charter = try await pm.call(.GET, "/api/v1/projects/\(w.project)/charter")
            #expect(charter.object["number"] as? Int == 2)
            #expect(charter.object["status"] as? String == "draft")
            let content = try #require(charter.object["content"] as? [String: Any])
            #expect(content["goals"] as? String == "上线新 ERP")
            #expect(content["scopeIn"] as? String == "财务\n采购\n仓储")
            let milestones = content["milestones"] as? [[String: Any]]
            #expect(milestones?.first?["date"] as? String == "2026-11-01", "\(charter.body.string)")
            #expect(
                try await pm.call(.GET, "/api/v1/projects/\(w.project)/charter/versions/1").object["status"] as? String
                    == "signed")

            // Approving twice, by any road, is refused with a clear message and changes nothing.
            let version = now.object["version"] as? Int
            let again = try await pm.call(
                .POST, "\(cr)/approve", json: ["contactId": w.base.contacts[1], "note": "再次批准"],
                headers: [("Accept-Language", "en")])
            #expect(again.status == .conflict)
            #expect(again.text.contains("already decided"), "\(again.text)")
            let zh = try await pm.call(.POST, "\(cr)/reject", json: ["contactId": w.base.contacts[1], "note": "拒绝"])
            #expect(zh.status == .conflict)
            #expect(zh.text.contains("不能重复决定"), "\(zh.text)")
            #expect(try await Browser(app).post(second, [("decision", "approve")]).status == .gone)
            #expect(try await Browser(app).post(first, [("decision", "reject")]).status == .gone)
            #expect(try await pm.call(.POST, "\(cr)/withdraw").status == .conflict)
            let after = try await pm.call(.GET, cr)
            #expect(after.object["version"] as? Int == version)
            #expect(after.object["status"] as? String == "approved")
            #expect(try await Self.count(app, "charter_versions") == 2)
            let audit = try await w.base.admin.call(.GET, "/api/v1/audit?recordType=changeRequest&recordId=\(id)")
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(
                Set(actions).isSuperset(of: ["changeRequest.create", "changeRequest.assess", "changeRequest.send",
                                             "changeRequest.approve"]), "\(actions)")
            #expect(actions.filter { $0 == "changeRequest.approve" }.count == 1)
            // The project manager is told, once.
            let told = try await CommunicationPlanTests.notices(app, w.base.manager, kind: .changeRequestDecided)
            #expect(told.count == 1, "\(told)")
            let drafted = try await w.base.admin.call(.GET, "/api/v1/audit?action=charter.draft")
            #expect(drafted.body.string.contains("CR-1"), "\(drafted.body.string)")

            let summary = try await ChangeRequestQueries.summary(projectId: try #require(UUID(uuidString: w.project)), on: app.db)
            #expect(summary.count(.approved) == 1)
            #expect(summary.total == 1)
            #expect(summary.open == 0)
            // The closure review counts it.
            let review = try await w.base.admin.call(.GET, "/api/v1/projects/\(w.project)/review")
            let changes = (review.object["facts"] as? [String: Any])?["changeRequests"] as? [String: Any]
            #expect(changes?["raised"] as? Int == 1 && changes?["approved"] as? Int == 1, "\(review.body.string)")
        }
    }

    @Test func staffRecordARejectionInWritingAndAnotherRequestIsWithdrawnAndApprovedInThePortal() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let pm = w.base.pm
            let crs = "/api/v1/projects/\(w.project)/change-requests"
            func ready(_ title: String) async throws -> String {
                let made = try await pm.call(.POST, crs, json: ["title": title, "kinds": ["cost"]])
                let id = try #require(made.object["id"] as? String, "\(made.body.string)")
                #expect(try await pm.call(.POST, "\(crs)/\(id)/assess", json: ["costAmount": "-500", "costCurrency": "USD"])
                    .status == .ok)
                return id
            }
            let first = try await ready("减少培训次数")
            #expect(try await pm.call(.POST, "\(crs)/\(first)/send", json: ["contactIds": [w.base.contacts[1]]])
                .status == .ok)
            let noNote = try await pm.call(.POST, "\(crs)/\(first)/reject", json: ["contactId": w.base.contacts[1]])
            #expect(noNote.fieldErrors["note"] == "required")
            let rejected = try await pm.call(
                .POST, "\(crs)/\(first)/reject", json: ["contactId": w.base.contacts[1], "note": "2026-06-02 客户来函"])
            #expect(rejected.status == .ok, "\(rejected.body.string)")
            #expect(rejected.object["status"] as? String == "rejected")
            #expect(rejected.object["decisionChannel"] as? String == "recorded")
            #expect(rejected.object["charterVersionId"] == nil)
            #expect(try await pm.call(.GET, "/api/v1/projects/\(w.project)/charter").object["number"] as? Int == 1)

            let second = try await ready("取消报表")
            let withdrawn = try await pm.call(.POST, "\(crs)/\(second)/withdraw", json: ["note": "不再需要"])
            #expect(withdrawn.object["status"] as? String == "withdrawn")
            #expect(try await pm.call(.POST, "\(crs)/\(second)/send").status == .conflict)

            // The portal: its own customer's contact decides; another customer's sees nothing.
            let third = try await ready("延长支持期")
            #expect(try await pm.call(.POST, "\(crs)/\(third)/send").status == .ok)
            let mine = try await app.portalContact(
                by: w.base.admin, customerID: w.base.customer, name: "周门户", email: "zhou@jingmi.test")
            let other = try await ProjectsTests.customer(w.base.admin, "杭州电子")
            let theirs = try await app.portalContact(
                by: w.base.admin, customerID: other, name: "钱门户", email: "qian@hz.test")
            #expect(try await theirs.api.call(.GET, "/api/v1/portal/change-requests").items.isEmpty)
            #expect(try await theirs.api.call(.POST, "/api/v1/portal/change-requests/\(third)/approve").status
                == .notFound)
            let listed = try await mine.api.call(.GET, "/api/v1/portal/change-requests")
            #expect(listed.items.count == 2, "\(listed.body.string)")
            #expect(listed.items.first?["requestedBy"] == nil)
            let approved = try await mine.api.call(.POST, "/api/v1/portal/change-requests/\(third)/approve")
            #expect(approved.status == .ok, "\(approved.body.string)")
            #expect(approved.object["status"] as? String == "approved")
            #expect(try await mine.api.call(.POST, "/api/v1/portal/change-requests/\(third)/approve").status
                == .conflict)
            let summary = try await pm.call(.GET, "\(crs)/\(third)")
            #expect(summary.object["decisionChannel"] as? String == "portal")
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNoneOfItsChangesOrChecks() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let base = try await ProjectsTests.world(app)
            let secret = try await ProjectsTests.customer(base.admin, "保密客户", classification: "confidential")
            let project = try await ProjectsTests.project(base.admin, secret)
            let p = "/api/v1/projects/\(project)"
            let made = try await base.admin.call(.POST, "\(p)/change-requests", json: ["title": "x", "kinds": ["scope"]])
            let id = try #require(made.object["id"] as? String, "\(made.body.string)")
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            for path in ["\(p)/change-requests", "\(p)/change-requests/\(id)", "\(p)/quality-checks", "\(p)/deliverables"] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await outsider.call(.POST, "\(p)/change-requests/\(id)/assess", json: ["scope": "x"]).status
                == .notFound)
            #expect(try await outsider.call(.POST, "\(p)/change-requests", json: ["title": "y", "kinds": ["cost"]])
                .status == .notFound)
            #expect(try await Self.count(app, "project_change_requests") == 1)
        }
    }
}
