import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Work plans through the API and the pages: tasks with dependencies (circles refused and named, nothing saved),
/// milestones within the schedule, RACI, status moves by the owner, the Gantt chart as SVG, tasks on the home page,
/// and an outsider to a confidential customer seeing none of it.
@Suite struct WorkPlanTests {
    struct World {
        let admin: APIClient
        let pm: APIClient
        let engineer: Person
        let engineerAPI: APIClient
        let project: String
    }

    static func world(_ app: TestApp, classification: String = "internal") async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let manager = try await app.person("pm@test.local", name: "项目经理甲", roles: [.projectManager])
        let pm = APIClient(app: app, token: try await app.token(for: manager))
        let engineer = try await app.person("eng@test.local", name: "工程师乙", roles: [.engineer])
        let customer = try await ProjectsTests.customer(admin, "苏州精密", classification: classification)
        let project = try await ProjectsTests.project(
            admin, customer, ["startOn": "2026-05-01", "endOn": "2026-08-31", "managerId": manager.id.uuidString])
        let joined = try await admin.call(
            .POST, "/api/v1/projects/\(project)/team", json: ["userId": engineer.id.uuidString, "role": "member"])
        #expect(joined.status == .ok, "\(joined.body.string)")
        return World(
            admin: admin, pm: pm, engineer: engineer, engineerAPI: APIClient(app: app, token: try await app.token(for: engineer)),
            project: project)
    }

    static func task(_ api: APIClient, _ project: String, _ json: [String: Any]) async throws -> [String: Any] {
        let made = try await api.call(.POST, "/api/v1/projects/\(project)/tasks", json: json)
        #expect(made.status == .created, "\(made.body.string)")
        return made.object
    }

    @Test func tasksAreCreatedCheckedAgainstThePlanAndACircleIsRefusedByName() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let base = "/api/v1/projects/\(w.project)/tasks"
            let design = try await Self.task(
                w.pm, w.project,
                [
                    "name": "设计", "startOn": "2026-05-01", "dueOn": "2026-05-10", "estimateHours": 24,
                    "ownerId": w.engineer.id.uuidString, "deliverable": "设计文档", "acceptanceCheck": "评审通过",
                    "raci": [
                        ["userId": w.engineer.id.uuidString, "role": "responsible"],
                        ["userId": w.engineer.id.uuidString, "role": "accountable"],
                    ],
                ])
            let designID = try #require(design["id"] as? String)
            app.clock.advance(by: 60)
            #expect(design["status"] as? String == "notStarted")
            #expect(design["estimateHours"] as? Double == 24)
            let build = try await Self.task(
                w.pm, w.project, ["name": "开发", "startOn": "2026-05-05", "dueOn": "2026-06-10", "predecessors": [designID]])
            let buildID = try #require(build["id"] as? String)
            // Starting before the predecessor is due is shown, not refused.
            let warnings = try #require(build["warnings"] as? [[String: Any]])
            #expect(warnings.first?["predecessorDueOn"] as? String == "2026-05-10")

            // A circle: 设计 waits for 开发, which waits for 设计. Refused, named, localised, nothing saved.
            let circle = try await w.pm.call(
                .PATCH, "\(base)/\(designID)", json: ["predecessors": [buildID]],
                headers: [("Accept-Language", "en")])
            #expect(circle.status == .unprocessableEntity)
            #expect(circle.fieldErrors["predecessors"] == "taskDependencyCycle")
            #expect(circle.body.string.contains("设计 → 开发 → 设计"), "\(circle.body.string)")
            let unchanged = try await w.pm.call(.GET, "\(base)/\(designID)")
            #expect(unchanged.object["predecessors"] as? [String] == [])
            #expect(unchanged.headers.first(name: .eTag) == "\"1\"")
            let itself = try await w.pm.call(.PATCH, "\(base)/\(designID)", json: ["predecessors": [designID]])
            #expect(itself.fieldErrors["predecessors"] == "taskDependsOnItself")
            let backwards = try await w.pm.call(
                .POST, base, json: ["name": "测试", "startOn": "2026-06-10", "dueOn": "2026-06-01"])
            #expect(backwards.fieldErrors["dueOn"] == "dueBeforeStart")
            let badRACI = try await w.pm.call(
                .POST, base,
                json: ["name": "测试", "deliverable": "报告", "raci": [["userId": w.engineer.id.uuidString, "role": "informed"]]])
            #expect(badRACI.fieldErrors["raci"] != nil, "\(badRACI.body.string)")
            #expect(try await w.pm.call(.GET, base).items.count == 2)

            // Updates follow If-Match; the list filters and pages.
            let stale = try await w.pm.call(
                .PATCH, "\(base)/\(buildID)", json: ["name": "编码"], headers: [("If-Match", "\"7\"")])
            #expect(stale.status == .preconditionFailed)
            let renamed = try await w.pm.call(
                .PATCH, "\(base)/\(buildID)", json: ["name": "编码", "status": "inProgress"], headers: [("If-Match", "\"1\"")])
            #expect(renamed.status == .ok, "\(renamed.body.string)")
            #expect(renamed.object["status"] as? String == "inProgress")
            #expect(renamed.object["predecessors"] as? [String] == [designID])
            let mine = try await w.pm.call(.GET, "\(base)?ownerId=\(w.engineer.id.uuidString)")
            #expect(mine.items.compactMap { $0["name"] as? String } == ["设计"])
            let first = try await w.pm.call(.GET, "\(base)?limit=1")
            let cursor = try #require(first.object["nextCursor"] as? String)
            let second = try await w.pm.call(.GET, "\(base)?limit=1&cursor=\(cursor)")
            #expect(second.items.compactMap { $0["name"] as? String } == ["编码"])
            #expect(second.object["nextCursor"] is NSNull)
            #expect(try await w.pm.call(.GET, "\(base)?status=finished").status == .unprocessableEntity)

            // The owner may move their task's status, not change it otherwise; someone else may do neither.
            let moved = try await w.engineerAPI.call(.POST, "\(base)/\(designID)/status", json: ["status": "inProgress"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let wrong = try await w.engineerAPI.call(.POST, "\(base)/\(designID)/status", json: ["status": "notStarted"])
            #expect(wrong.fieldErrors["status"] == "taskBadTransition")
            #expect(try await w.engineerAPI.call(.PATCH, "\(base)/\(designID)", json: ["name": "x"]).status == .forbidden)
            #expect(try await w.engineerAPI.call(.POST, "\(base)/\(buildID)/status", json: ["status": "done"]).status == .forbidden)

            // RACI matrix.
            let raci = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/raci")
            let rows = raci.object["rows"] as? [[String: Any]] ?? []
            #expect(rows.count == 1)
            #expect(rows.first?["cells"] as? [String] == ["A/R"])

            // Every change is audited.
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=task&recordId=\(designID)")
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(actions.contains("task.create") && actions.contains("task.status"), "\(actions)")

            // An estimate is cleared with null; left out, it stays.
            let kept = try await w.pm.call(.PATCH, "\(base)/\(designID)", json: ["name": "设计"])
            #expect(kept.object["estimateHours"] as? Double == 24)
            let cleared = try await w.pm.call(.PATCH, "\(base)/\(designID)", json: ["estimateHours": NSNull()])
            #expect(cleared.status == .ok, "\(cleared.body.string)")
            #expect(cleared.object["estimateHours"] == nil)

            // Deleting.
            #expect(try await w.pm.call(.DELETE, "\(base)/\(buildID)", headers: [("If-Match", "\"1\"")]).status == .preconditionFailed)
            #expect(try await w.pm.call(.DELETE, "\(base)/\(buildID)").status == .noContent)
            #expect(try await w.pm.call(.GET, "\(base)/\(buildID)").status == .notFound)
        }
    }

    @Test func milestonesStayWithinTheScheduleAndCanBeReached() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let base = "/api/v1/projects/\(w.project)/milestones"
            let late = try await w.pm.call(.POST, base, json: ["name": "验收", "date": "2026-09-01"])
            #expect(late.fieldErrors["date"] == "milestoneAfterProjectEnd", "\(late.body.string)")
            let early = try await w.pm.call(.POST, base, json: ["name": "验收", "date": "2026-04-01"])
            #expect(early.fieldErrors["date"] == "milestoneBeforeProjectStart")
            #expect(try await w.pm.call(.POST, base, json: ["name": "验收"]).fieldErrors["date"] == "required")
            let made = try await w.pm.call(.POST, base, json: ["name": "验收", "date": "2026-08-31"])
            #expect(made.status == .created, "\(made.body.string)")
            let id = try #require(made.object["id"] as? String)
            let reached = try await w.pm.call(
                .PATCH, "\(base)/\(id)", json: ["reached": true], headers: [("If-Match", "\"1\"")])
            #expect(reached.object["reached"] as? Bool == true)
            #expect(reached.object["name"] as? String == "验收")
            let list = try await w.pm.call(.GET, base)
            #expect(list.items.count == 1)
            #expect(try await w.engineerAPI.call(.POST, base, json: ["name": "x", "date": "2026-06-01"]).status == .forbidden)
            #expect(try await w.pm.call(.DELETE, "\(base)/\(id)").status == .noContent)
            #expect(try await w.pm.call(.GET, base).items.isEmpty)
        }
    }

    @Test func aPlanOfFourHundredTasksDrawsAsSVGWithoutScriptOrStyle() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            var previous: String?
            for index in 0..<400 {
                let day = LocalDate(year: 2026, month: 5, day: 1).adding(days: index / 4)
                var json: [String: Any] = [
                    "name": "任务 \(index) <script>alert(1)</script>", "startOn": day.description,
                    "dueOn": day.adding(days: 2).description,
                ]
                if index % 4 == 0, let previous { json["predecessors"] = [previous] }
                let made = try await w.pm.call(.POST, "/api/v1/projects/\(w.project)/tasks", json: json)
                #expect(made.status == .created)
                if index % 4 == 0 { previous = made.object["id"] as? String }
            }
            _ = try await w.pm.call(.POST, "/api/v1/projects/\(w.project)/milestones", json: ["name": "上线", "date": "2026-08-01"])
            for path in ["/api/v1/projects/\(w.project)/gantt.svg"] {
                let svg = try await w.pm.call(.GET, path)
                #expect(svg.status == .ok)
                #expect(svg.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
                let text = svg.body.string
                #expect(text.hasPrefix("<svg") || text.hasPrefix("<?xml"))
                #expect(!text.contains("<script"))
                #expect(!text.contains("<style") && !text.contains("style="))
                #expect(text.contains("&lt;script&gt;"))
                #expect(text.components(separatedBy: "任务 ").count - 1 >= 400)
            }
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let page = try await browser.get("/projects/\(w.project)/gantt.svg")
            #expect(page.status == .ok)
            #expect(page.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNoneOfItsWorkPlan() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app, classification: "confidential")
            let made = try await Self.task(w.admin, w.project, ["name": "雷达调试", "ownerId": w.engineer.id.uuidString])
            let taskID = try #require(made["id"] as? String)
            let milestone = try await w.admin.call(
                .POST, "/api/v1/projects/\(w.project)/milestones", json: ["name": "交付", "date": "2026-06-01"])
            let milestoneID = try #require(milestone.object["id"] as? String)
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            let p = "/api/v1/projects/\(w.project)"
            for path in [
                "\(p)/tasks", "\(p)/tasks/\(taskID)", "\(p)/milestones", "\(p)/milestones/\(milestoneID)", "\(p)/raci",
                "\(p)/gantt.svg",
            ] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await outsider.call(.POST, "\(p)/tasks", json: ["name": "x"]).status == .notFound)
            #expect(try await outsider.call(.PATCH, "\(p)/tasks/\(taskID)", json: ["name": "x"]).status == .notFound)
            #expect(try await outsider.call(.DELETE, "\(p)/milestones/\(milestoneID)").status == .notFound)
            let browser = Browser(app)
            _ = try await browser.signIn("other@test.local", "Test-Passw0rd!")
            #expect(try await browser.get("/projects/\(w.project)/workplan").status == .notFound)
            #expect(try await browser.get("/projects/\(w.project)/gantt.svg").status == .notFound)
            #expect(!(try await browser.get("/").body.string.contains("雷达调试")))
            // The owner, on the project's team, sees it on the home page and in the plan.
            let owner = Browser(app)
            _ = try await owner.signIn("eng@test.local", "Test-Passw0rd!")
            let home = try await owner.get("/")
            #expect(home.body.string.contains("雷达调试"), "\(home.body.string)")
            #expect(try await owner.get("/projects/\(w.project)/workplan").body.string.contains("雷达调试"))
            // An owner outside the account team is refused.
            let refused = try await w.admin.call(.POST, "\(p)/tasks", json: ["name": "x", "ownerId": stranger.id.uuidString])
            #expect(refused.fieldErrors["ownerId"] == "taskOwnerMayNotKnow")
        }
    }

    @Test func theWorkPlanPagesListFormAndRefuseACircleInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let empty = try await browser.get("/projects/\(w.project)/workplan")
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("gantt.svg"))
            #expect(try await browser.get("/projects/\(w.project)/tasks/new").status == .ok)
            let created = try await browser.post(
                "/projects/\(w.project)/tasks",
                [("name", "设计"), ("startOn", "2026-05-01"), ("dueOn", "2026-05-10"), ("estimateHours", "8"),
                 ("status", "notStarted")])
            #expect(created.status == .seeOther, "\(created.body.string)")
            let list = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/tasks")
            let design = try #require(list.items.first?["id"] as? String)
            app.clock.advance(by: 60)
            let second = try await browser.post(
                "/projects/\(w.project)/tasks", [("name", "开发"), ("predecessors[]", design)])
            #expect(second.status == .seeOther)
            let tasks = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/tasks").items
            let build = try #require(tasks.first { $0["name"] as? String == "开发" }?["id"] as? String)
            browser.acceptLanguage = "en"
            let circle = try await browser.post(
                "/projects/\(w.project)/tasks/\(design)", [("name", "设计"), ("predecessors[]", build), ("version", "1")])
            #expect(circle.status == .unprocessableEntity)
            #expect(circle.body.string.contains("wait on each other in a circle"), "\(circle.body.string)")
            let backwards = try await browser.post(
                "/projects/\(w.project)/tasks", [("name", "测试"), ("startOn", "2026-06-10"), ("dueOn", "2026-06-01")])
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.body.string.contains("The due date cannot be before the start date."))
            let outside = try await browser.post(
                "/projects/\(w.project)/milestones", [("name", "验收"), ("date", "2026-12-01")])
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("Must not be after the project ends (2026-08-31)."))
            browser.acceptLanguage = "zh-Hans"
            let page = try await browser.get("/projects/\(w.project)/workplan?status=notStarted")
            #expect(page.body.string.contains("工作计划"))
            #expect(page.body.string.contains("设计"))
        }
    }
}
