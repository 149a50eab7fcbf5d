import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// NPS campaigns on top of the snapshot world: a draft for key customers, and a campaign sent to key and strategic
/// customers that two contacts answered (a promoter, and a detractor with a comment holding markup).
struct NPSSnapshotWorld {
    var draft: String
    var sent: String
    /// The public page of an invitation nobody answered (the confidential customer's contact).
    var openLink: String

    static func build(_ app: TestApp, _ world: SnapshotWorld) async throws -> NPSSnapshotWorld {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        step()
        let draft = try await api.call(
            .POST, "/api/v1/surveys", json: ["name": "2027 年度回访", "tiers": ["key"], "intro": "感谢您一年来的支持。"])
        try #require(draft.status == .created, "\(draft.text)")
        step()
        let sent = try await api.call(
            .POST, "/api/v1/surveys",
            json: [
                "name": "2026 秋季净推荐值调查", "tiers": ["key", "strategic"], "closesAt": "2026-12-31T16:00:00Z",
            ])
        try #require(sent.status == .created, "\(sent.text)")
        let sentID = try #require(sent.object["id"] as? String)
        step()
        let send = try await api.call(.POST, "/api/v1/surveys/\(sentID)/send")
        try #require(send.status == .ok, "\(send.text)")
        let links = try await NPSSurveysTests.links(app)
        step()
        let promoter = try await Browser(app).post(
            try #require(links["chen.jing@yunqi.example.cn"]), [("score", "9"), ("comment", "响应很及时。")])
        try #require(promoter.status == .ok)
        step()
        let detractor = try await Browser(app).post(
            try #require(links["david.lee@yunqi.example.cn"]),
            [("score", "4"), ("comment", "<b>Slow</b> answers on invoices.")])
        try #require(detractor.status == .ok)
        step()
        return NPSSnapshotWorld(
            draft: try #require(draft.object["id"] as? String), sent: sentID,
            openLink: try #require(links["wu.lei@sipac.example.cn"]))
    }
}
