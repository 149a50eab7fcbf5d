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
