import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import SQLiteNIO
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp
@testable import LiaisonData

/// Repeated request lists are answered from memory only while the database is unchanged; every viewer gets their
/// own answers.
@Suite struct AnswerCacheTests {
    private func counter(_ name: String, _ app: TestApp) async throws -> Int {
        let text = try await APIClient(app: app).call(.GET, "/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
    }

    @Test func aRepeatedListIsAnsweredFromMemoryUntilAnythingChanges() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("huang.li@test.local", name: "黄丽", roles: [.agent])
            let api = APIClient(app: app, token: try await app.token(for: agent))
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
            func create(_ subject: String) async throws -> String {
                try await api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": customer, "kind": "inquiry", "priority": "normal", "subject": subject,
                           "body": "请回复", "assigneeId": agent.id.uuidString]
                ).object["id"] as! String
            }
            let first = try await create("码头系统账号开通")
            let mine = "/api/v1/requests?assignee=me"
            let before = try await api.call(.GET, mine)
            #expect(before.items.map { $0["id"] as? String } == [first])
            let again = try await api.call(.GET, mine)
            #expect(again.status == .ok)
            #expect(again.text == before.text)
            #expect(again.headers.contentType == .json)
            guard let cache = app.app.context.answers else { return }  // PostgreSQL: nothing is cached
            #expect(cache.count == 1)
            #expect(try await counter("liaison_answer_cache_hits_total", app) == 1)

            // A write through the server.
            let second = try await create("集装箱查询接口")
            #expect(Set(try await api.call(.GET, mine).items.compactMap { $0["id"] as? String }) == [first, second])

            // A change committed by a connection of the pool, outside the writer.
            try await app.db.transaction { tx in
                try await tx.sql.raw("UPDATE requests SET subject = '改过的标题' WHERE id = \(bind: UUID(uuidString: first)!)").run()
            }
            let subjects = try await api.call(.GET, mine).items.compactMap { $0["subject"] as? String }
            #expect(subjects.contains("改过的标题"))

            // A change committed by another connection altogether (another process would look the same).
            struct File: Decodable { var file: String }
            let path = try #require(
                try await app.db.sql.raw("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .first(decoding: File.self)?.file)
            let outside = try SQLiteHandle(path: path)
            try outside.run("UPDATE requests SET subject = '外部修改' WHERE id = ?", [.text(second.uppercased())])
            outside.close()
            let afterOutside = try await api.call(.GET, mine).items.compactMap { $0["subject"] as? String }
            #expect(afterOutside.contains("外部修改"))
            #expect(try await counter("liaison_answer_cache_misses_total", app) >= 4)
        }
    }

    @Test func viewersDoNotShareAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let owner = try await app.person("owner@test.local", name: "王强", roles: [.sales, .agent])
            let ownerAPI = APIClient(app: app, token: try await app.token(for: owner))
            let secret = try await ownerAPI.call(
                .POST, "/api/v1/customers", json: ["name": "绝密合作伙伴", "classification": "confidential"]
            ).object["id"] as! String
            let request = try await ownerAPI.call(
                .POST, "/api/v1/requests",
                json: ["customerId": secret, "kind": "issue", "priority": "high", "subject": "收购资料", "body": "保密"]
            ).object["id"] as! String
            let outsider = try await app.person("outsider@test.local", name: "外人", roles: [.agent])
            let outsiderAPI = APIClient(app: app, token: try await app.token(for: outsider))
            let all = "/api/v1/requests?status=all"
            #expect(try await ownerAPI.call(.GET, all).items.map { $0["id"] as? String } == [request])
            // Same query, another person: their own answer, not the owner's.
            #expect(try await outsiderAPI.call(.GET, all).items.isEmpty)
            #expect(try await outsiderAPI.call(.GET, all).items.isEmpty)
            #expect(try await ownerAPI.call(.GET, all).items.count == 1)
            // Joining the team is a change: the outsider's next answer includes the request.
            let added = try await ownerAPI.call(
                .POST, "/api/v1/customers/\(secret)/team", json: ["userId": outsider.id.uuidString, "role": "support"])
            #expect(added.status == .created || added.status == .ok)
            #expect(try await outsiderAPI.call(.GET, all).items.map { $0["id"] as? String } == [request])
        }
    }

    @Test func errorsAreNotKept() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("huang.li@test.local", roles: [.agent])
            let api = APIClient(app: app, token: try await app.token(for: agent))
            let bad = try await api.call(.GET, "/api/v1/requests?status=sleeping")
            #expect(bad.fieldErrors["status"] == "invalidChoice")
            #expect(try await api.call(.GET, "/api/v1/requests?status=sleeping").fieldErrors["status"] == "invalidChoice")
            #expect(app.app.context.answers?.count ?? 0 == 0)
        }
    }

    @Test func theCacheCanBeTurnedOff() async throws {
        try await withTestApp(["LIAISON_ANSWER_CACHE": "off"]) { (app: TestApp) async throws in
            #expect(app.app.context.answers == nil)
        }
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_ANSWER_CACHE": "sometimes"]) }
    }
}
