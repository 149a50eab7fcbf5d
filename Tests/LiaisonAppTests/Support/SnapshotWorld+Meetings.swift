import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

extension ProjectSnapshotWorld {
    /// Meetings of the project: a kickoff held, with minutes shared with the customer and an action item, and a
    /// progress meeting to come. Answers the held meeting's id.
    static func meetings(_ app: TestApp, _ world: SnapshotWorld, project id: String) async throws -> String {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        step()
        let kickoff = try await api.call(
            .POST, "/api/v1/meetings",
            json: [
                "kind": "kickoff", "title": "ERP 一期启动会", "projectId": id, "startsAt": "2026-09-21T14:00",
                "endsAt": "2026-09-21T16:00", "timeZone": "Asia/Shanghai", "place": "苏州工业园区 3 楼会议室",
                "videoLink": "https://meeting.example.com/j/1001", "agenda": "1. 目标与范围\n2. 里程碑",
                "attendees": [["personId": world.sales.id.uuidString], ["contactId": world.contact]],
            ])
        try #require(kickoff.status == .created, "\(kickoff.text)")
        let kickoffID = try #require(kickoff.object["id"] as? String)
        step()
        let minutes = try await api.call(
            .PUT, "/api/v1/meetings/\(kickoffID)/minutes",
            json: [
                "minutes": "双方确认了一期范围。", "decisions": "每周五例会。", "minutesShared": true,
                "actionItems": [["title": "提供测试数据", "ownerId": world.sales.id.uuidString, "dueOn": "2026-10-09"]],
            ])
        try #require(minutes.status == .ok, "\(minutes.text)")
        step()
        let progress = try await api.call(
            .POST, "/api/v1/meetings",
            json: [
                "kind": "progress", "title": "第一次周例会", "projectId": id, "startsAt": "2026-10-09T10:00",
                "endsAt": "2026-10-09T11:00", "attendees": [["contactId": world.contact]],
            ])
        try #require(progress.status == .created, "\(progress.text)")
        return kickoffID
    }
}
