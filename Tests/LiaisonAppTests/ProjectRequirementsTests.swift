import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The requirements a project includes, as the project manager works with them: a specified requirement is planned by
/// its inclusion and specified again when it leaves its last project; captured requirements, another customer's and
/// the wrong role are refused with a clear answer; a confidential customer's project keeps its requirements to its
/// account team; the project's page and the requirement's page show the link.
@Suite struct ProjectRequirementsTests {
    struct World {
        let admin: APIClient
        let pm: APIClient
        let sales: APIClient
        let department: String
        let customer: String
        let other: String
    }

    static func world(_ app: TestApp) async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let made = try await admin.call(.POST, "/api/v1/departments", json: ["name": "研发部", "code": "RND"])
        #expect(made.status == .created, "\(made.body.string)")
        let pm = try await app.person("pm@test.local", name: "孙经理", roles: [.projectManager])
        let sales = try await app.person("sales@test.local", name: "王销售", roles: [.sales])
        return World(
            admin: admin, pm: APIClient(app: app, token: try await app.token(for: pm)),
            sales: APIClient(app: app, token: try await app.token(for: sales)),
            department: try #require(made.object["id"] as? String),
            customer: try await ProjectsTests.customer(admin, "苏州精密"),
            other: try await ProjectsTests.customer(admin, "无锡电子"))
    }

    /// A requirement of `customer` brought to `status` (captured, accepted or specified) by the administrator.
    static func requirement(
        _ w: World, _ title: String, _ status: RequirementStatus, customer: String? = nil, api: APIClient? = nil
    ) async throws -> String {
        let made = try await (api ?? w.admin).call(
            .POST, "/api/v1/requirements",
            json: ["customerId": customer ?? w.customer, "title": title, "description": "需求描述"])
        #expect(made.status == .created, "\(made.body.string)")
        let id = try #require(made.object["id"] as? String)
        guard status != .captured else { return id }
        let handed = try await w.admin.call(
            .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "inReview", "departmentId": w.department])
        #expect(handed.status == .ok, "\(handed.body.string)")
        let accepted = try await w.admin.call(
            .PUT, "/api/v1/requirements/\(id)/assessment",
            json: ["feasibility": "feasible", "decision": "accept", "customerReason": "符合产品路线"])
        #expect(accepted.status == .ok, "\(accepted.body.string)")
        guard status == .specified else { return id }
        let specified = try await w.admin.call(
            .POST, "/api/v1/requirements/\(id)/transitions", json: ["status": "specified"])
        #expect(specified.status == .ok, "\(specified.body.string)")
        return id
    }

    static func status(_ api: APIClient, _ requirement: String) async throws -> String? {
        try await api.call(.GET, "/api/v1/requirements/\(requirement)").object["status"] as? String
    }

    @Test func includingASpecifiedRequirementPlansItAndTakingItOutOfItsLastProjectSpecifiesItAgain() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let first = try await ProjectsTests.project(w.pm, w.customer, ["name": "ERP 一期"])
            let second = try await ProjectsTests.project(w.pm, w.customer, ["name": "ERP 二期"])
            let specified = try await Self.requirement(w, "按月批量导出", .specified)
            let accepted = try await Self.requirement(w, "门户显示合同", .accepted)

            let included = try await w.pm.call(
                .POST, "/api/v1/projects/\(first)/requirements", json: ["requirementId": specified])
            #expect(included.status == .created, "\(included.body.string)")
            #expect(included.object["requirementId"] as? String == specified.uppercased())
            #expect(included.object["status"] as? String == "planned")
            #expect(try await Self.status(w.pm, specified) == "planned")
            // An accepted requirement waits for its specification: included, it stays accepted.
            app.clock.advance(by: 60)
            let waiting = try await w.pm.call(
                .POST, "/api/v1/projects/\(first)/requirements", json: ["requirementId": accepted])
            #expect(waiting.status == .created && waiting.object["status"] as? String == "accepted")
            let list = try await w.pm.call(.GET, "/api/v1/projects/\(first)/requirements")
            #expect(list.items.compactMap { $0["title"] as? String } == ["按月批量导出", "门户显示合同"])
            let paged = try await w.pm.call(.GET, "/api/v1/projects/\(first)/requirements?limit=1")
            let cursor = try #require(paged.object["nextCursor"] as? String)
            let rest = try await w.pm.call(.GET, "/api/v1/projects/\(first)/requirements?limit=1&cursor=\(cursor)")
            #expect(rest.items.compactMap { $0["title"] as? String } == ["门户显示合同"])
            #expect(
                try await w.pm.call(
                    .POST, "/api/v1/projects/\(first)/requirements", json: ["requirementId": specified]
                ).status == .conflict)

            // A later phase takes it too; the requirement names both projects.
            let again = try await w.pm.call(
                .POST, "/api/v1/projects/\(second)/requirements", json: ["requirementId": specified])
            #expect(again.status == .created && again.object["status"] as? String == "planned")
            let shown = try await w.sales.call(.GET, "/api/v1/requirements/\(specified)")
            let projects = shown.object["projects"] as? [[String: Any]] ?? []
            #expect(projects.compactMap { $0["number"] as? String } == ["P-0001", "P-0002"], "\(shown.body.string)")
            #expect(projects.first?["name"] as? String == "ERP 一期")

            // Out of one project it stays planned; out of the last it is specified again.
            let out = try await w.pm.call(.DELETE, "/api/v1/projects/\(first)/requirements/\(specified)")
            #expect(out.status == .noContent)
            #expect(try await Self.status(w.pm, specified) == "planned")
            #expect(
                try await w.pm.call(.DELETE, "/api/v1/projects/\(second)/requirements/\(specified)").status
                    == .noContent)
            #expect(try await Self.status(w.pm, specified) == "specified")
            #expect(
                try await w.pm.call(.DELETE, "/api/v1/projects/\(second)/requirements/\(specified)").status == .notFound
            )
            let history = try await w.pm.call(.GET, "/api/v1/requirements/\(specified)/transitions")
            #expect(history.items.suffix(2).compactMap { $0["to"] as? String } == ["planned", "specified"])
            #expect(history.items.suffix(2).compactMap { $0["note"] as? String } == ["P-0001", "P-0002"])

            // Audited: on the project, and the requirement's moves as moves.
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=project&recordId=\(first)")
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(
                actions.filter { $0 == "project.requirementAdd" }.count == 2
                    && actions.contains("project.requirementRemove"), "\(actions)")
            let moves = try await w.admin.call(.GET, "/api/v1/audit?recordType=requirement&recordId=\(specified)")
            #expect(
                moves.items.filter { $0["action"] as? String == "requirement.status" }.count == 5,
                "\(moves.body.string)")
        }
    }

    @Test func capturedRequirementsAnotherCustomersAndTheWrongRoleAreRefusedClearly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let project = try await ProjectsTests.project(w.pm, w.customer)
            let captured = try await Self.requirement(w, "报表订阅", .captured)
            let foreign = try await Self.requirement(w, "他人需求", .specified, customer: w.other)

            let early = try await w.pm.call(
                .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": captured])
            #expect(early.status == .unprocessableEntity)
            #expect(early.fieldErrors["requirementId"] == "requirementNotIncludable")
            #expect(early.body.string.contains("该需求当前为“已收集”"), "\(early.body.string)")
            let english = try await w.pm.call(
                .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": captured],
                headers: [("Accept-Language", "en")])
            #expect(english.body.string.contains("this one is \\\"Captured\\\""), "\(english.body.string)")
            let other = try await w.pm.call(
                .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": foreign])
            #expect(other.fieldErrors["requirementId"] == "requirementOtherCustomer", "\(other.body.string)")
            #expect(try await Self.status(w.admin, foreign) == "specified")
            let unknown = try await w.pm.call(
                .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": UUID().uuidString])
            #expect(unknown.fieldErrors["requirementId"] == "invalidReference")
            let blank = try await w.pm.call(
                .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": " "])
            #expect(blank.fieldErrors["requirementId"] == "required", "\(blank.body.string)")

            // Sales and R&D see a project's requirements but do not change them.
            let specified = try await Self.requirement(w, "按月批量导出", .specified)
            let engineer = try await app.person("eng@test.local", name: "李工", roles: [.engineer])
            let rnd = APIClient(app: app, token: try await app.token(for: engineer))
            for client in [w.sales, rnd] {
                #expect(
                    try await client.call(
                        .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": specified]
                    ).status == .forbidden)
                #expect(try await client.call(.GET, "/api/v1/projects/\(project)/requirements").status == .ok)
            }
            #expect(try await Self.status(w.admin, specified) == "specified")

            // At creation: all or nothing.
            let before = try await w.pm.call(.GET, "/api/v1/projects").items.count
            let refused = try await w.pm.call(
                .POST, "/api/v1/projects",
                json: ["customerId": w.customer, "name": "MES", "requirementIds": [specified, captured]])
            #expect(refused.fieldErrors["requirementIds"] == "requirementNotIncludable", "\(refused.body.string)")
            #expect(try await w.pm.call(.GET, "/api/v1/projects").items.count == before)
            #expect(try await Self.status(w.admin, specified) == "specified")
            let malformed = try await w.pm.call(
                .POST, "/api/v1/projects", json: ["customerId": w.customer, "name": "MES", "requirementIds": ["x"]])
            #expect(malformed.fieldErrors["requirementIds"] == "invalidReference", "\(malformed.body.string)")
            let made = try await w.pm.call(
                .POST, "/api/v1/projects",
                json: ["customerId": w.customer, "name": "MES", "requirementIds": [specified, specified]])
            #expect(made.status == .created, "\(made.body.string)")
            let id = try #require(made.object["id"] as? String)
            #expect(try await Self.status(w.admin, specified) == "planned")
            #expect(try await w.pm.call(.GET, "/api/v1/projects/\(id)/requirements").items.count == 1)

            // A delivered requirement stays with its project.
            let delivered = try await w.pm.call(
                .POST, "/api/v1/requirements/\(specified)/transitions", json: ["status": "delivered"])
            #expect(delivered.status == .ok, "\(delivered.body.string)")
            let kept = try await w.pm.call(.DELETE, "/api/v1/projects/\(id)/requirements/\(specified)")
            #expect(kept.status == .conflict)
            #expect((kept.object["detail"] as? String)?.contains("已交付") == true, "\(kept.body.string)")
            #expect(
                try await w.pm.call(
                    .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": specified]
                ).fieldErrors["requirementId"] == "requirementNotIncludable")

            // A closed project's requirements no longer change.
            let late = try await Self.requirement(w, "晚到的需求", .accepted)
            for status in ["active", "closing", "closed"] {
                let moved = try await w.pm.call(
                    .POST, "/api/v1/projects/\(id)/status", json: ["status": status, "reason": "合同已签，直接开工"])
                #expect(moved.status == .ok, "\(moved.body.string)")
            }
            let closed = try await w.pm.call(
                .POST, "/api/v1/projects/\(id)/requirements", json: ["requirementId": late])
            #expect(closed.status == .conflict, "\(closed.body.string)")
            #expect((closed.object["detail"] as? String)?.contains("已关闭") == true, "\(closed.body.string)")
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNeitherItsProjectsRequirementsNorItsProjects() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let owner = try await app.person("owner@test.local", name: "客户经理", roles: [.projectManager])
            let ownerAPI = APIClient(app: app, token: try await app.token(for: owner))
            let made = try await w.admin.call(
                .POST, "/api/v1/customers",
                json: ["name": "国防研究所", "classification": "confidential", "ownerId": owner.id.uuidString])
            let secret = try #require(made.object["id"] as? String)
            let requirement = try await Self.requirement(w, "保密需求", .specified, customer: secret)
            let project = try await ProjectsTests.project(ownerAPI, secret, ["name": "保密雷达项目"])
            let included = try await ownerAPI.call(
                .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": requirement])
            #expect(included.status == .created, "\(included.body.string)")

            let outsider = w.pm
            #expect(try await outsider.call(.GET, "/api/v1/projects/\(project)/requirements").status == .notFound)
            #expect(
                try await outsider.call(
                    .POST, "/api/v1/projects/\(project)/requirements", json: ["requirementId": requirement]
                ).status == .notFound)
            #expect(
                try await outsider.call(.DELETE, "/api/v1/projects/\(project)/requirements/\(requirement)").status
                    == .notFound)
            #expect(try await outsider.call(.GET, "/api/v1/requirements/\(requirement)").status == .notFound)
            // An outsider's own project cannot take the confidential customer's requirement either.
            let own = try await ProjectsTests.project(outsider, w.customer)
            let taken = try await outsider.call(
                .POST, "/api/v1/projects/\(own)/requirements", json: ["requirementId": requirement])
            #expect(taken.fieldErrors["requirementId"] == "invalidReference", "\(taken.body.string)")

            // The team sees both sides of the link; its reads are audited.
            let shown = try await ownerAPI.call(.GET, "/api/v1/requirements/\(requirement)")
            #expect((shown.object["projects"] as? [[String: Any]])?.count == 1, "\(shown.body.string)")
            let list = try await ownerAPI.call(.GET, "/api/v1/projects/\(project)/requirements")
            #expect(list.items.count == 1)
            let reads = try await AuditQueries.list(
                AuditFilter(action: AuditAction.projectRead.rawValue), page: PageQuery(), on: app.db)
            #expect(reads.items.contains { $0.recordID == project.uppercased() })
            // Someone who sees customers but not requirements sees neither the list nor the timeline's entry.
            let agent = try await app.person("agent@test.local", name: "客服", roles: [.agent])
            let agentAPI = APIClient(app: app, token: try await app.token(for: agent))
            #expect(try await agentAPI.call(.GET, "/api/v1/projects/\(project)/requirements").status == .forbidden)
        }
    }

    @Test func requirementsAppearOnTheCustomersTimelineForThoseWhoSeeRequirements() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let id = try await Self.requirement(w, "按月批量导出", .captured, api: w.sales)
            let timeline = try await w.sales.call(.GET, "/api/v1/customers/\(w.customer)/timeline")
            let entry = timeline.items.first { $0["kind"] as? String == "requirement" }
            #expect(entry?["refId"] as? String == id.uppercased(), "\(timeline.body.string)")
            #expect(entry?["title"] as? String == "按月批量导出")
            let agent = try await app.person("agent@test.local", name: "客服", roles: [.agent])
            let agentAPI = APIClient(app: app, token: try await app.token(for: agent))
            let hidden = try await agentAPI.call(.GET, "/api/v1/customers/\(w.customer)/timeline")
            #expect(hidden.status == .ok)
            #expect(!hidden.items.contains { $0["kind"] as? String == "requirement" }, "\(hidden.body.string)")
            let browser = Browser(app)
            _ = try await browser.signIn("sales@test.local", "Test-Passw0rd!")
            let page = try await browser.get("/customers/\(w.customer)")
            #expect(page.body.string.contains("/requirements/\(id.uppercased())"), "\(page.body.string)")
        }
    }

    @Test func theProjectPageIncludesAndRemovesRequirementsAndTheRequirementPageLinksItsProjects() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let project = try await ProjectsTests.project(w.pm, w.customer, ["name": "ERP 实施"])
            let specified = try await Self.requirement(w, "按月批量导出", .specified)
            let captured = try await Self.requirement(w, "报表订阅", .captured)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            browser.acceptLanguage = "zh-CN"

            let page = try await browser.get("/projects/\(project)")
            #expect(page.body.string.contains("包含的需求") && page.body.string.contains("尚未纳入任何需求"))
            #expect(page.body.string.contains("value=\"\(specified.uppercased())\""), "\(page.body.string)")
            #expect(!page.body.string.contains(captured.uppercased()))
            let refused = try await browser.post(
                "/projects/\(project)/requirements", [("requirementId", captured)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("该需求当前为“已收集”"), "\(refused.body.string)")
            let included = try await browser.post("/projects/\(project)/requirements", [("requirementId", specified)])
            #expect(included.status == .seeOther)
            let after = try await browser.get("/projects/\(project)")
            #expect(after.body.string.contains("/requirements/\(specified.uppercased())"))
            #expect(after.body.string.contains("已排期"))
            #expect(
                after.body.string.contains(
                    "/projects/\(project.uppercased())/requirements/\(specified.uppercased())/remove"))

            let requirementPage = try await browser.get("/requirements/\(specified)")
            #expect(requirementPage.body.string.contains("所属项目"))
            #expect(requirementPage.body.string.contains("P-0001 ERP 实施"), "\(requirementPage.body.string)")

            let removed = try await browser.post(
                "/projects/\(project)/requirements/\(specified)/remove", [])
            #expect(removed.status == .seeOther)
            #expect(try await Self.status(w.pm, specified) == "specified")
            #expect(!(try await browser.get("/requirements/\(specified)").body.string.contains("所属项目")))

            // The new project's form offers the customer's requirements and includes those checked.
            let form = try await browser.get("/projects/new?customerId=\(w.customer)")
            #expect(form.body.string.contains("name=\"requirementIds[]\" value=\"\(specified.uppercased())\""))
            let made = try await browser.post(
                "/projects",
                [("customerId", w.customer), ("name", "MES 二期"), ("managerId", ""), ("requirementIds[]", specified)])
            #expect(made.status == .seeOther, "\(made.body.string)")
            #expect(try await Self.status(w.pm, specified) == "planned")
        }
    }
}
