import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// A project on top of the snapshot world: a team, a charter whose first version was sent for sign-off and a
/// second version being written.
struct ProjectSnapshotWorld {
    var project: String
    /// The sign-off page of the first version's contact.
    var signLink: String
    /// The first version, awaiting the contact's signature.
    var sentVersion: String

    static func build(_ app: TestApp, _ world: SnapshotWorld) async throws -> ProjectSnapshotWorld {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        step()
        let made = try await api.call(
            .POST, "/api/v1/projects",
            json: [
                "customerId": world.customer, "name": "ERP 实施一期", "description": "财务与采购模块上线。",
                "startOn": "2026-10-01", "endOn": "2026-12-31",
            ])
        try #require(made.status == .created, "\(made.text)")
        let id = try #require(made.object["id"] as? String)
        step()
        let added = try await api.call(
            .POST, "/api/v1/projects/\(id)/team", json: ["userId": world.sales.id.uuidString, "role": "sponsor"])
        try #require(added.status == .ok, "\(added.text)")
        step()
        let saved = try await api.call(
            .PUT, "/api/v1/projects/\(id)/charter",
            json: [
                "goals": "三个月内上线财务与采购模块。", "scopeIn": "财务\n采购", "scopeOut": "人事",
                "milestones": [["name": "启动会", "date": "2026-10-08"], ["name": "上线", "date": "2026-12-20"]],
                "deliveryStandards": "每周交付可用版本。", "acceptanceCriteria": "月结两天内完成。",
                "assumptions": "客户提供测试数据。", "stakeholders": "客户财务总监",
            ])
        try #require(saved.status == .ok, "\(saved.text)")
        step()
        let sent = try await api.call(
            .POST, "/api/v1/projects/\(id)/charter/send", json: ["contactIds": [world.contact]])
        try #require(sent.status == .ok, "\(sent.text)")
        let item = try #require((sent.object["links"] as? [[String: Any]])?.first)
        let sentVersion = try #require((sent.object["charter"] as? [String: Any])?["id"] as? String)
        var link = item["link"] as? String
        if link == nil {
            struct Row: Decodable { var payload: String }
            let row = try #require(
                try await app.db.sql.raw(
                    "SELECT payload FROM jobs WHERE kind = \(bind: CharterCommands.signJobKind)"
                ).first(decoding: Row.self))
            let job = try JSONDecoder().decode(CharterCommands.SignJob.self, from: Data(row.payload.utf8))
            link = try app.app.secretBox().open(job.link)
        }
        step()
        let next = try await api.call(.POST, "/api/v1/projects/\(id)/charter/versions")
        try #require(next.status == .created, "\(next.text)")
        step()
        let changed = try await api.call(.PUT, "/api/v1/projects/\(id)/charter", json: ["scopeOut": "人事\n薪酬"])
        try #require(changed.status == .ok, "\(changed.text)")
        step()
        return ProjectSnapshotWorld(
            project: id, signLink: TestApp.path(of: try #require(link)), sentVersion: sentVersion)
    }
}

extension ProjectSnapshotWorld {
    /// A work plan on the project: three tasks (one waiting for another and starting before it is due, one with
    /// RACI parts for its deliverable), two milestones, one reached.
    static func workPlan(_ app: TestApp, _ world: SnapshotWorld, project id: String) async throws -> String {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        let base = "/api/v1/projects/\(id)"
        step()
        let design = try await api.call(
            .POST, "\(base)/tasks",
            json: [
                "name": "需求调研", "startOn": "2026-10-08", "dueOn": "2026-10-20", "estimateHours": 40,
                "ownerId": world.sales.id.uuidString, "deliverable": "调研报告", "acceptanceCheck": "客户确认",
                "raci": [
                    ["userId": world.sales.id.uuidString, "role": "responsible"],
                    ["userId": world.sales.id.uuidString, "role": "accountable"],
                ],
            ])
        try #require(design.status == .created, "\(design.text)")
        let designID = try #require(design.object["id"] as? String)
        step()
        let build = try await api.call(
            .POST, "\(base)/tasks",
            json: ["name": "系统配置", "startOn": "2026-10-15", "dueOn": "2026-11-30", "predecessors": [designID],
                   "status": "inProgress"])
        try #require(build.status == .created, "\(build.text)")
        step()
        let test = try await api.call(.POST, "\(base)/tasks", json: ["name": "上线准备", "dueOn": "2026-12-15"])
        try #require(test.status == .created, "\(test.text)")
        step()
        let kickoff = try await api.call(
            .POST, "\(base)/milestones", json: ["name": "启动会", "date": "2026-10-08", "reached": true])
        try #require(kickoff.status == .created, "\(kickoff.text)")
        step()
        let launch = try await api.call(.POST, "\(base)/milestones", json: ["name": "上线", "date": "2026-12-20"])
        try #require(launch.status == .created, "\(launch.text)")
        step()
        return designID
    }

    /// A communication plan (a weekly report, one occurrence made and one recorded done) and a risk that became an
    /// issue beside an open one, on the project.
    static func planAndRisks(_ app: TestApp, _ world: SnapshotWorld, project id: String) async throws {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        let base = "/api/v1/projects/\(id)"
        step()
        let row = try await api.call(
            .POST, "\(base)/communication-plan",
            json: [
                "audiences": ["customer:decisionMaker", "team:projectManager", "other:采购委员会"],
                "content": "progressReport", "topic": "周报", "channel": "email", "cadence": "weekly", "weekday": "fri",
                "time": "16:00", "timeZone": "Asia/Shanghai", "ownerId": world.sales.id.uuidString,
            ])
        try #require(row.status == .created, "\(row.text)")
        step()
        let monthly = try await api.call(
            .POST, "\(base)/communication-plan",
            json: [
                "audiences": ["customer:decisionMaker"], "content": "steeringMeeting", "channel": "meeting",
                "cadence": "monthly", "dayOfMonth": 31, "time": "10:00", "ownerId": world.sales.id.uuidString,
            ])
        try #require(monthly.status == .created, "\(monthly.text)")
        let occurrences = try await api.call(.GET, "\(base)/communication-plan/occurrences")
        let first = try #require(occurrences.items.last?["id"] as? String)
        step()
        let done = try await api.call(
            .POST, "\(base)/communication-plan/occurrences/\(first)/done", json: ["note": "周报已发送，客户已确认"])
        try #require(done.status == .ok, "\(done.text)")
        step()
        let risk = try await api.call(
            .POST, "\(base)/risks",
            json: ["title": "供应商交期延误", "probability": 4, "impact": 5, "mitigation": "提前备货",
                   "contingency": "启用备选供应商", "dueOn": "2026-11-15"])
        try #require(risk.status == .created, "\(risk.text)")
        step()
        let other = try await api.call(
            .POST, "\(base)/risks", json: ["title": "需求频繁变更", "probability": 3, "impact": 3])
        let otherID = try #require(other.object["id"] as? String)
        step()
        let happened = try await api.call(.POST, "\(base)/risks/\(otherID)/occurred")
        try #require(happened.status == .created, "\(happened.text)")
        step()
        let issue = try await api.call(.POST, "\(base)/issues", json: ["title": "测试环境不可用", "severity": "critical"])
        try #require(issue.status == .created, "\(issue.text)")
    }

    /// The project's closure review: the team's notes, an improvement action, and a contact asked for an
    /// evaluation (no mailbox: the answer carries the link, whose path this returns).
    static func review(_ app: TestApp, _ world: SnapshotWorld, project id: String) async throws -> String {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        let base = "/api/v1/projects/\(id)"
        step()
        let notes = try await api.call(
            .PUT, "\(base)/review", json: ["wentWell": "每周例会准时召开", "fellShort": "测试环境准备晚了一周", "lessons": "提前准备测试环境"])
        try #require(notes.status == .ok, "\(notes.text)")
        step()
        let action = try await api.call(
            .POST, "/api/v1/improvement-actions",
            json: ["title": "测试环境提前一周准备", "ownerId": world.sales.id.uuidString, "dueOn": "2026-12-15", "projectId": id])
        try #require(action.status == .created, "\(action.text)")
        step()
        let asked = try await api.call(.POST, "\(base)/review/evaluations", json: ["contactIds": [world.contact]])
        try #require(asked.status == .created, "\(asked.text)")
        let link = try #require((asked.object["asked"] as? [[String: Any]])?.first?["link"] as? String)
        return TestApp.path(of: link)
    }
}
