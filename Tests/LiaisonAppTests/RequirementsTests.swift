import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Requirements through the API and the pages, as the people who use them: sales captures and hands off, R&D
/// assesses and specifies, the project manager plans; wrong roles and bad input are refused clearly; a
/// confidential customer's requirements stay within its account team.
@Suite struct RequirementsTests {
    struct World {
        let admin: APIClient
        let sales: APIClient
        let engineer: APIClient
        let manager: APIClient
        let outsider: APIClient
        let lead: Person
        let department: String
        let customer: String
        let other: String
        let otherContact: String
    }

    static func world(_ app: TestApp) async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let made = try await admin.call(.POST, "/api/v1/departments", json: ["name": "研发部", "code": "RND"])
        #expect(made.status == .created, "\(made.body.string)")
        let department = try #require(made.object["id"] as? String)
        let rnd = try #require(UUID(uuidString: department))
        let sales = try await app.person("sales@test.local", name: "王销售", roles: [.sales])
        let engineer = try await app.person("eng@test.local", name: "李工", roles: [.engineer], department: rnd)
        let lead = try await app.person("lead@test.local", name: "张总监", roles: [.departmentLead, .engineer], department: rnd)
        let manager = try await app.person("pm@test.local", name: "孙经理", roles: [.projectManager])
        let outsider = try await app.person("out@test.local", name: "赵局外", roles: [.sales])
        func makeCustomer(_ name: String) async throws -> String {
            let made = try await admin.call(.POST, "/api/v1/customers", json: ["name": name, "classification": "internal"])
            #expect(made.status == .created, "\(made.body.string)")
            return try #require(made.object["id"] as? String)
        }
        let customer = try await makeCustomer("苏州精密")
        let other = try await makeCustomer("无锡电子")
        let contact = try await admin.call(.POST, "/api/v1/contacts", json: ["customerId": other, "name": "李强"])
        return World(
            admin: admin, sales: APIClient(app: app, token: try await app.token(for: sales)),
            engineer: APIClient(app: app, token: try await app.token(for: engineer)),
            manager: APIClient(app: app, token: try await app.token(for: manager)),
            outsider: APIClient(app: app, token: try await app.token(for: outsider)), lead: lead,
            department: department, customer: customer, other: other,
            otherContact: try #require(contact.object["id"] as? String))
    }

    @Test func aRequirementGoesFromSalesToRAndDToAcceptedSpecifiedAndPlanned() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            // sales captures
            let created = try await w.sales.call(
                .POST, "/api/v1/requirements",
                json: ["customerId": w.customer, "title": "按月批量导出", "description": "每月初导出上月全部工单。"])
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require(created.object["id"] as? String)
            #expect(created.object["status"] as? String == "captured")
            #expect(created.headers.first(name: .location) == "/api/v1/requirements/\(id)")

            // R&D may not hand off; sales does, to the R&D department
            let early = try await w.engineer.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "inReview", "departmentId": w.department])
            #expect(early.status == .forbidden)
            #expect((early.object["detail"] as? String)?.contains("销售") == true, "\(early.body.string)")
            let handed = try await w.sales.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "inReview", "departmentId": w.department],
                headers: [("If-Match", "\"1\"")])
            #expect(handed.status == .ok, "\(handed.body.string)")
            #expect(handed.object["departmentId"] as? String == w.department)

            // sales may not decide; R&D assesses and accepts
            let notSales = try await w.sales.call(
                .PUT, "/api/v1/requirements/\(id)/assessment", json: ["feasibility": "feasible"])
            #expect(notSales.status == .forbidden)
            let empty = try await w.engineer.call(.GET, "/api/v1/requirements/\(id)/assessment")
            #expect(empty.status == .ok && empty.object["version"] as? Int == 0)
            let incomplete = try await w.engineer.call(
                .PUT, "/api/v1/requirements/\(id)/assessment", json: ["decision": "accept"])
            #expect(incomplete.status == .unprocessableEntity)
            #expect(Set(incomplete.fieldErrors.keys) == ["feasibility", "customerReason"])
            let assessed = try await w.engineer.call(
                .PUT, "/api/v1/requirements/\(id)/assessment",
                json: [
                    "feasibility": "feasible", "effortDays": 12.5, "value": "high", "risks": "依赖报表服务",
                    "decision": "accept", "customerReason": "符合产品路线", "internalNotes": "与三季度计划合并",
                ])
            #expect(assessed.status == .ok, "\(assessed.body.string)")
            #expect(assessed.object["customerReason"] as? String == "符合产品路线")
            #expect(assessed.object["internalNotes"] as? String == "与三季度计划合并")
            let accepted = try await w.sales.call(.GET, "/api/v1/requirements/\(id)")
            #expect(accepted.object["status"] as? String == "accepted")

            // R&D specifies; the project manager plans, not sales
            let specified = try await w.engineer.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "specified"])
            #expect(specified.status == .ok)
            let notPlanned = try await w.sales.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "planned"])
            #expect(notPlanned.status == .forbidden)
            #expect((notPlanned.object["detail"] as? String)?.contains("项目经理") == true)
            let planned = try await w.manager.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "planned", "note": "纳入 P-0042"])
            #expect(planned.status == .ok)
            #expect(planned.object["status"] as? String == "planned")

            let illegal = try await w.admin.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "captured"])
            #expect(illegal.status == .conflict)
            let history = try await w.sales.call(.GET, "/api/v1/requirements/\(id)/transitions")
            #expect(history.items.compactMap { $0["to"] as? String } == ["captured", "inReview", "accepted", "specified", "planned"])
            #expect(history.items.last?["note"] as? String == "纳入 P-0042")
        }
    }

    @Test func badInputIsRefusedFieldByFieldAndNothingIsSaved() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let bad = try await w.sales.call(
                .POST, "/api/v1/requirements",
                json: [
                    "customerId": w.customer, "title": String(repeating: "长", count: 201), "description": "x",
                    "desiredDate": "2026-02-30", "priority": "asap",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.fieldErrors.keys) == ["title", "desiredDate", "priority"])
            let foreign = try await w.sales.call(
                .POST, "/api/v1/requirements",
                json: ["customerId": w.customer, "title": "t", "description": "d", "contactId": w.otherContact])
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.fieldErrors.keys.contains("contactId"))
            let unknown = try await w.sales.call(
                .POST, "/api/v1/requirements",
                json: ["customerId": UUID().uuidString, "title": "t", "description": "d"])
            #expect(unknown.status == .unprocessableEntity)
            let engineer = try await w.engineer.call(
                .POST, "/api/v1/requirements", json: ["customerId": w.customer, "title": "t", "description": "d"])
            #expect(engineer.status == .forbidden)
            let wrongType = try await w.sales.call(
                .POST, "/api/v1/requirements", json: ["customerId": w.customer, "title": 5, "description": "d"])
            #expect(wrongType.status == .unprocessableEntity)
            let list = try await w.admin.call(.GET, "/api/v1/requirements")
            #expect(list.status == .ok && list.items.isEmpty)
            let badList = try await w.admin.call(.GET, "/api/v1/requirements?status=unknown&limit=0")
            #expect(badList.status == .unprocessableEntity)
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNoneOfItsRequirements() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let owner = try await app.person("owner@test.local", name: "客户经理", roles: [.sales])
            let ownerClient = APIClient(app: app, token: try await app.token(for: owner))
            let made = try await w.admin.call(
                .POST, "/api/v1/customers",
                json: ["name": "国防项目", "classification": "confidential", "ownerId": owner.id.uuidString])
            let secret = try #require(made.object["id"] as? String)
            let created = try await ownerClient.call(
                .POST, "/api/v1/requirements", json: ["customerId": secret, "title": "保密需求", "description": "内容"])
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require(created.object["id"] as? String)

            for path in [
                "/api/v1/requirements/\(id)", "/api/v1/requirements/\(id)/assessment",
                "/api/v1/requirements/\(id)/transitions", "/api/v1/requirements/\(id)/documents",
            ] {
                #expect(try await w.outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            let list = try await w.outsider.call(.GET, "/api/v1/requirements")
            #expect(list.items.isEmpty)
            let move = try await w.outsider.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "inReview", "departmentId": w.department])
            #expect(move.status == .notFound)
            let capture = try await w.outsider.call(
                .POST, "/api/v1/requirements", json: ["customerId": secret, "title": "t", "description": "d"])
            #expect(capture.status == .unprocessableEntity)
            let board = Browser(app)
            try await board.signIn("out@test.local", "Test-Passw0rd!")
            let page = try await board.get("/requirements")
            #expect(page.status == .ok && !page.body.string.contains("保密需求"))
            #expect(try await board.get("/requirements/\(id)").status == .notFound)

            // The owner's read is audited, as a confidential customer's are.
            #expect(try await ownerClient.call(.GET, "/api/v1/requirements/\(id)").status == .ok)
            let reads = try await AuditQueries.list(
                AuditFilter(action: AuditAction.requirementRead.rawValue), page: PageQuery(), on: app.db)
            #expect(reads.items.count == 1 && reads.items.first?.recordID == id.uppercased())

            // A late assessment tells the department's lead, who is not on the team: the notice is withheld.
            let handed = try await ownerClient.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "inReview", "departmentId": w.department])
            #expect(handed.status == .ok)
            app.clock.advance(by: 20 * 86_400)
            let result = try await RequirementJobs.remindAll(app.app, at: app.clock.now)
            #expect(result.reminded == 1 && result.notices == 0)
            #expect(try await NotificationStore.recent(for: w.lead.viewer, on: app.db).isEmpty)
        }
    }

    @Test func aLateAssessmentTellsTheLeadOnceThroughTheJob() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let created = try await w.sales.call(
                .POST, "/api/v1/requirements", json: ["customerId": w.customer, "title": "报表订阅", "description": "d"])
            let id = try #require(created.object["id"] as? String)
            _ = try await w.sales.call(
                .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "inReview", "departmentId": w.department])
            #expect(try await RequirementJobs.remindAll(app.app, at: app.clock.now).reminded == 0)
            app.clock.advance(by: 14 * 86_400)
            #expect(try await RequirementJobs.remindAll(app.app, at: app.clock.now).notices == 1)
            #expect(try await RequirementJobs.remindAll(app.app, at: app.clock.now).reminded == 0)
            let told = try await NotificationStore.recent(for: w.lead.viewer, on: app.db)
            #expect(told.map(\.kind) == [NotificationKind.assessmentDue.rawValue])
            #expect(told.first?.values.first == "报表订阅")
        }
    }

    @Test func documentsAreVersionedAndTwoVersionsCompareLineByLine() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let created = try await w.sales.call(
                .POST, "/api/v1/requirements", json: ["customerId": w.customer, "title": "按月导出", "description": "d"])
            let id = try #require(created.object["id"] as? String)
            let document = try await w.engineer.call(
                .POST, "/api/v1/requirement-documents",
                json: [
                    "kind": "specification", "title": "导出规格", "body": "# 目标\n按月导出\n<script>alert(1)</script>",
                    "requirementIds": [id],
                ])
            #expect(document.status == .created, "\(document.body.string)")
            let documentID = try #require(document.object["id"] as? String)
            #expect((document.object["bodyHtml"] as? String)?.contains("<script>") == false)
            let stale = try await w.engineer.call(
                .POST, "/api/v1/requirement-documents/\(documentID)/versions", json: ["body": "x"],
                headers: [("If-Match", "\"7\"")])
            #expect(stale.status == .preconditionFailed)
            let revised = try await w.engineer.call(
                .POST, "/api/v1/requirement-documents/\(documentID)/versions",
                json: ["body": "# 目标\n按月和按周导出\n<script>alert(1)</script>", "note": "加上按周"],
                headers: [("If-Match", "\"1\"")])
            #expect(revised.status == .created, "\(revised.body.string)")
            #expect(revised.object["currentVersion"] as? Int == 2)
            let versions = try await w.sales.call(.GET, "/api/v1/requirement-documents/\(documentID)/versions")
            #expect(versions.items.compactMap { $0["number"] as? Int } == [2, 1])
            let diff = try await w.sales.call(.GET, "/api/v1/requirement-documents/\(documentID)/diff?from=1&to=2")
            #expect(diff.status == .ok)
            #expect(diff.object["added"] as? Int == 1 && diff.object["removed"] as? Int == 1)
            let outOfRange = try await w.sales.call(.GET, "/api/v1/requirement-documents/\(documentID)/diff?from=0&to=9")
            #expect(outOfRange.status == .unprocessableEntity)
            let listed = try await w.sales.call(.GET, "/api/v1/requirements/\(id)/documents")
            #expect(listed.items.count == 1)

            let browser = Browser(app)
            try await browser.signIn("sales@test.local", "Test-Passw0rd!")
            let page = try await browser.get("/requirement-documents/\(documentID)/diff?from=1&to=2")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("按月和按周导出") && !page.body.string.contains("<script>alert"))
        }
    }

    @Test func aRequestTurnsIntoARequirementLinkedBothWays() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let opened = try await w.admin.call(
                .POST, "/api/v1/requests",
                json: ["customerId": w.customer, "subject": "能否按月导出工单", "body": "希望每月自动导出。", "kind": "inquiry", "priority": "normal"])
            #expect(opened.status == .created, "\(opened.body.string)")
            let requestID = try #require(opened.object["id"] as? String)
            let browser = Browser(app)
            try await browser.signIn("sales@test.local", "Test-Passw0rd!")
            let requestPage = try await browser.get("/requests/\(requestID)")
            let link = "/requirements/new?sourceKind=request&amp;sourceId=\(requestID.uppercased())"
            #expect(requestPage.body.string.contains(link), "\(requestPage.body.string)")
            let form = try await browser.get("/requirements/new?sourceKind=request&sourceId=\(requestID)")
            #expect(form.status == .ok && form.body.string.contains("能否按月导出工单"))
            #expect(form.body.string.contains("希望每月自动导出。"))
            let saved = try await browser.post(
                "/requirements",
                [
                    ("customerId", w.customer), ("title", "按月导出工单"), ("description", "希望每月自动导出。"),
                    ("priority", "high"), ("sourceKind", "request"), ("sourceId", requestID),
                ])
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let location = try #require(saved.headers.first(name: .location))
            let shown = try await browser.get(location)
            #expect(shown.status == .ok && shown.body.string.contains("/requests/\(requestID.uppercased())"))
            let back = try await browser.get("/requests/\(requestID)")
            #expect(back.body.string.contains(location))
            let board = try await browser.get("/requirements")
            #expect(board.status == .ok && board.body.string.contains("按月导出工单"))
        }
    }

    @Test func requirementsAreFoundBySearchOnlyByThoseWhoSeeRequirements() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let created = try await w.sales.call(
                .POST, "/api/v1/requirements",
                json: ["customerId": w.customer, "title": "电子发票对接", "description": "对接税务系统开具电子发票"])
            let id = try #require(created.object["id"] as? String)
            let found = try await w.sales.call(.GET, "/api/v1/search?q=电子发票")
            #expect(found.items.contains { $0["id"] as? String == id && $0["kind"] as? String == "requirement" }, "\(found.body.string)")
            let agent = try await app.person("agent@test.local", name: "客服", roles: [.agent])
            let agentClient = APIClient(app: app, token: try await app.token(for: agent))
            let hidden = try await agentClient.call(.GET, "/api/v1/search?q=电子发票")
            #expect(hidden.status == .ok && hidden.items.isEmpty)
            let asked = try await agentClient.call(.GET, "/api/v1/search?q=电子发票&kind=requirement")
            #expect(asked.status == .ok && asked.items.isEmpty)
        }
    }
}
