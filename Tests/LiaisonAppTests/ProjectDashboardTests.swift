import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The project dashboard and its alerts: the plan's progress with its burn-up chart, the overdue tasks, the risks
/// by band, what the communication plan has coming; an overdue task and a slipping milestone alerted once each,
/// again after a new date, and nothing for a project on hold; an outsider sees nothing.
@Suite struct ProjectDashboardTests {
    @Test func theDashboardGathersThePlanRisksAndCommunication() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await ProgressReportTests.setup(app)
            let base = "/api/v1/projects/\(s.w.project)"
            let meeting = try await s.w.pm.call(
                .POST, "/api/v1/meetings",
                json: ["kind": "progress", "title": "双周例会", "projectId": s.w.project, "startsAt": "2026-09-24T10:00",
                       "endsAt": "2026-09-24T11:00", "timeZone": "Asia/Shanghai"])
            #expect(meeting.status == .created, "\(meeting.body.string)")
            let board = try await s.w.pm.call(.GET, "\(base)/dashboard")
            #expect(board.status == .ok, "\(board.body.string)")
            let o = board.object
            #expect(o["tasksTotal"] as? Int == 3)
            #expect(o["tasksDone"] as? Int == 1)
            #expect(o["percentDone"] as? Int == 33)
            #expect(o["overdueCount"] as? Int == 1)
            #expect((o["overdue"] as? [[String: Any]])?.first?["name"] as? String == "数据迁移")
            #expect((o["risksByLevel"] as? [String: Any])?["critical"] as? Int == 1)
            #expect((o["upcoming"] as? [[String: Any]])?.first?["content"] as? String == "progressReport")
            #expect((o["meetings"] as? [[String: Any]])?.map { $0["title"] as? String } == ["双周例会"])
            let points = try #require(o["burnUp"] as? [[String: Any]])
            #expect(points.first?["day"] as? String == "2026-05-07")
            // Tasks due after the project's planned end stretch the chart: the plan line reaches all three.
            #expect(points.last?["day"] as? String == "2026-09-25")
            #expect(points.last?["planned"] as? Int == 3)
            #expect(points.last?["done"] as? Int == 1)
            let svg = try await s.w.pm.call(.GET, "\(base)/burnup.svg")
            #expect(svg.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
            #expect(svg.body.string.contains("<polyline"))

            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let page = try await browser.get("/projects/\(s.w.project)/dashboard")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("共 1 项任务逾期"))
            #expect(page.body.string.contains("burnup.svg"))
            #expect(page.body.string.contains("双周例会"))

        }
    }

    @Test func anOutsiderSeesNoDashboard() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await ProgressReportTests.setup(app, classification: "confidential")
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            for path in ["/api/v1/projects/\(s.w.project)/dashboard", "/api/v1/projects/\(s.w.project)/burnup.svg"] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await s.w.admin.call(.GET, "/api/v1/projects/\(s.w.project)/dashboard").status == .ok)
        }
    }

    @Test func overdueTasksAndSlippingMilestonesAreAlertedOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let s = try await ProgressReportTests.setup(app)
            let base = "/api/v1/projects/\(s.w.project)"
            let owned = try await WorkPlanTests.task(
                s.w.pm, s.w.project, ["name": "现场勘查", "dueOn": "2026-09-15", "ownerId": s.w.engineer.id.uuidString])
            let milestone = try await s.w.pm.call(
                .POST, "\(base)/milestones", json: ["name": "试运行", "date": "2026-08-20"])
            #expect(milestone.status == .created, "\(milestone.body.string)")
            // Planning: nothing is chased yet, and what was overdue then is not alerted later.
            var result = try await ProjectAlertJobs.sweepAll(app.app, at: app.clock.now)
            #expect(result.tasks == 0 && result.milestones == 0)
            let ownedID = try #require(owned["id"] as? String)
            let moved = try await s.w.pm.call(.PATCH, "\(base)/tasks/\(ownedID)", json: ["dueOn": "2026-09-18"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let active = try await s.w.pm.call(
                .POST, "\(base)/status", json: ["status": "active", "reason": "客户要求提前开工"])
            #expect(active.status == .ok, "\(active.body.string)")

            // Active: every overdue task and the passed milestone, including what fell due while planning.
            result = try await ProjectAlertJobs.sweepAll(app.app, at: app.clock.now)
            #expect(result.tasks == 2 && result.milestones == 1, "\(result)")
            let manager = try await s.w.pm.call(.GET, "/api/v1/notifications?kind=milestoneSlipping")
            #expect(manager.items.count == 1, "\(manager.body.string)")
            let engineer = try await CommunicationPlanTests.notices(app, s.w.engineer, kind: .taskOverdue)
            #expect(engineer.count == 1)
            #expect((engineer.first?["text"] as? String)?.contains("现场勘查") == true, "\(engineer)")
            #expect((engineer.first?["link"] as? String)?.hasSuffix("/workplan") == true, "\(engineer)")
            #expect(try await ProjectAlertJobs.sweepAll(app.app, at: app.clock.now) == .init())

            // A new due day that passes alerts again; a new milestone date too.
            _ = try await s.w.pm.call(.PATCH, "\(base)/tasks/\(ownedID)", json: ["dueOn": "2026-09-20"])
            let milestoneID = try #require(milestone.object["id"] as? String)
            _ = try await s.w.pm.call(.PATCH, "\(base)/milestones/\(milestoneID)", json: ["name": "试运行", "date": "2026-08-25"])
            result = try await ProjectAlertJobs.sweepAll(app.app, at: app.clock.now)
            #expect(result.tasks == 1 && result.milestones == 1, "\(result)")
            #expect(try await CommunicationPlanTests.notices(app, s.w.engineer, kind: .taskOverdue).count == 2)
        }
    }
}
