import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Improvement actions through the API and the pages: created from a review with an owner and a due day, moved to
/// done (done time set), seen by their owner, their project's team and management across projects, never by an
/// outsider to a confidential customer; the owner reminded once the day before and once when overdue.
@Suite struct ImprovementActionTests {
    @Test func actionsAreTrackedToDoneAndManagementSeesThemAcrossProjects() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app, classification: "confidential")
            let base = "/api/v1/improvement-actions"
            let bad = try await w.pm.call(.POST, base, json: ["title": " ", "dueOn": "2026-02-30"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["title"] == "required" && bad.fieldErrors["ownerId"] == "required")
            #expect(bad.fieldErrors["dueOn"] != nil)
            let made = try await w.pm.call(
                .POST, base,
                json: [
                    "title": "测试环境提前一周准备", "ownerId": w.engineer.id.uuidString, "dueOn": "2026-10-15",
                    "projectId": w.project,
                ])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(made.object["number"] as? String == "IA-1")
            let id = try #require(made.object["id"] as? String)
            #expect(
                made.headers.first(name: .location) == "\(base)/\(id.lowercased())"
                    || made.headers.first(name: .location) == "\(base)/\(id)")

            // Management (a supervisor on no team) sees every project's actions; an outsider sees none of them.
            let supervisor = try await app.person("zhou@test.local", name: "周敏", roles: [.supervisor])
            let management = APIClient(app: app, token: try await app.token(for: supervisor))
            #expect(try await management.call(.GET, base).items.count == 1)
            #expect(try await management.call(.GET, "\(base)?overdue=true").items.isEmpty)
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            #expect(try await outsider.call(.GET, base).items.isEmpty)
            #expect(try await outsider.call(.GET, "\(base)/\(id)").status == .notFound)
            #expect(try await outsider.call(.GET, "/api/v1/projects/\(w.project)/review").status == .notFound)
            #expect(try await outsider.call(.PATCH, "\(base)/\(id)", json: ["status": "done"]).status == .notFound)
            let employee = try await app.person("emp@test.local", name: "职员丁", roles: [.employee])
            let staff = APIClient(app: app, token: try await app.token(for: employee))
            #expect(try await staff.call(.GET, base).items.isEmpty)
            #expect(try await staff.call(.POST, base, json: ["title": "x"]).status == .forbidden)
            // The owner sees it and finishes it.
            let mine = try await w.engineerAPI.call(.GET, "\(base)?ownerId=\(w.engineer.id.uuidString)")
            #expect(mine.items.count == 1)
            let stale = try await w.engineerAPI.call(
                .PATCH, "\(base)/\(id)", json: ["status": "done"], headers: [("If-Match", "\"9\"")])
            #expect(stale.status == .preconditionFailed)
            let done = try await w.engineerAPI.call(.PATCH, "\(base)/\(id)", json: ["status": "done"])
            #expect(done.status == .ok, "\(done.body.string)")
            #expect(done.object["status"] as? String == "done" && done.object["doneAt"] != nil)
            #expect(
                try await w.engineerAPI.call(.PATCH, "\(base)/\(id)", json: ["status": "open"]).fieldErrors["status"]
                    == "badTransition")
            // The review lists the project's actions.
            let review = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/review")
            #expect((review.object["improvementActions"] as? [[String: Any]])?.first?["number"] as? String == "IA-1")
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=improvement&recordId=\(id)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(actions == ["improvement.create", "improvement.done", "improvement.read"], "\(actions)")
            // An owner who may not know the confidential customer is refused.
            let refused = try await w.pm.call(
                .POST, base,
                json: ["title": "x", "ownerId": stranger.id.uuidString, "dueOn": "2026-10-15", "projectId": w.project])
            #expect(refused.fieldErrors["ownerId"] == "taskOwnerMayNotKnow")
        }
    }

    @Test func theOwnerIsRemindedOnceTheDayBeforeAndOnceWhenOverdue() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            // Now is 2026-09-21 21:33 in Shanghai: due on the 23rd, the day before starts on the 22nd.
            let made = try await w.pm.call(
                .POST, "/api/v1/improvement-actions",
                json: [
                    "title": "复盘周报模板", "ownerId": w.engineer.id.uuidString, "dueOn": "2026-09-23",
                    "projectId": w.project,
                ])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(try await ImprovementJobs.remindAll(app.app, at: app.clock.now).dueSoon == 0)
            app.clock.advance(by: 3 * 3_600)
            #expect(try await ImprovementJobs.remindAll(app.app, at: app.clock.now).dueSoon == 1)
            #expect(try await ImprovementJobs.remindAll(app.app, at: app.clock.now).dueSoon == 0)
            #expect(try await CommunicationPlanTests.notices(app, w.engineer, kind: .improvementDue).count == 1)
            app.clock.advance(by: 2 * 86_400)
            #expect(try await ImprovementJobs.remindAll(app.app, at: app.clock.now).overdue == 1)
            app.clock.advance(by: 86_400)
            let again = try await ImprovementJobs.remindAll(app.app, at: app.clock.now)
            #expect(again.overdue == 0 && again.dueSoon == 0)
            let overdue = try await CommunicationPlanTests.notices(app, w.engineer, kind: .improvementOverdue)
            #expect(overdue.count == 1)
            #expect((overdue.first?["text"] as? String)?.contains("IA-1") == true, "\(overdue)")
            let listed = try await w.pm.call(.GET, "/api/v1/improvement-actions?overdue=true")
            #expect(listed.items.count == 1)
            // A new due day is reminded afresh.
            let id = try #require(made.object["id"] as? String)
            let later = try await w.pm.call(.PATCH, "/api/v1/improvement-actions/\(id)", json: ["dueOn": "2026-10-01"])
            #expect(later.status == .ok, "\(later.body.string)")
            app.clock.advance(by: 4 * 86_400)
            #expect(try await ImprovementJobs.remindAll(app.app, at: app.clock.now).dueSoon == 0)
            app.clock.advance(by: 86_400)
            #expect(try await ImprovementJobs.remindAll(app.app, at: app.clock.now).dueSoon == 1)
            // The owner's home page lists it among their work.
            let owner = Browser(app)
            _ = try await owner.signIn("eng@test.local", "Test-Passw0rd!")
            #expect(try await owner.get("/").body.string.contains("改进措施 IA-1：复盘周报模板"))
        }
    }

    @Test func theImprovementPageListsAndMovesActionsInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let review = "/projects/\(w.project)/review"
            let page = try await browser.get(review)
            #expect(page.status == .ok && page.body.string.contains("项目总结"), "\(page.body.string)")
            let added = try await browser.post(
                "\(review)/actions",
                [("title", "建立联调清单"), ("ownerId", w.engineer.id.uuidString), ("dueOn", "2026-10-20")])
            #expect(added.status == .seeOther, "\(added.body.string)")
            let list = try await browser.get("/improvement-actions")
            #expect(list.body.string.contains("建立联调清单") && list.body.string.contains("IA-1"))
            let api = try await w.pm.call(.GET, "/api/v1/improvement-actions?projectId=\(w.project)")
            let id = try #require(api.items.first?["id"] as? String)
            let moved = try await browser.post("/improvement-actions/\(id)", [("status", "done"), ("version", "1")])
            #expect(moved.status == .seeOther)
            #expect(
                try await w.pm.call(.GET, "/api/v1/improvement-actions/\(id)").object["status"] as? String == "done")
            browser.acceptLanguage = "en"
            let english = try await browser.get(review)
            #expect(english.body.string.contains("Closure review") && english.body.string.contains("Done late"))
        }
    }
}
