import Foundation
import LiaisonCore
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// `LIAISON_LOG_FORMAT=json`: every line is one JSON object with the time, level and message, answered requests
/// carry their id, person, method, route pattern, status and duration, and nothing a caller sent in a path or a
/// query string reaches the log.
@Suite struct JSONLogTests {
    /// Lines written by the handlers, kept for the test to read.
    final class CapturedLines: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        var output: LogOutput { LogOutput { line in self.lines.withLockedValue { $0.append(line) } } }
        var all: [String] { lines.withLockedValue { $0 } }
    }

    private func objects(_ lines: [String]) throws -> [[String: Any]] {
        try lines.map { line in
            #expect(!line.contains("\n"), "a line break inside an entry: \(line)")
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \(line)")
        }
    }

    /// `2026-09-21T13:33:20.123Z`.
    private func isRFC3339Milliseconds(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/#) != nil
    }

    @Test func theSettingIsTextOrJSON() throws {
        #expect(try AppConfig.load(from: [:]).logFormat == .text)
        #expect(try AppConfig.load(from: ["LIAISON_LOG_FORMAT": "JSON"]).logFormat == .json)
        do {
            _ = try AppConfig.load(from: ["LIAISON_LOG_FORMAT": "xml"])
            Issue.record("xml was accepted")
        } catch {
            #expect(error.problems.map(\.setting) == ["LIAISON_LOG_FORMAT"])
            #expect(error.description.contains("must be text or json"))
        }
    }

    @Test func anEntryIsOneLineOfJSONWithItsFields() throws {
        let captured = CapturedLines()
        var logger = Logger(label: "liaison.test") {
            LogFormat.json.handler(label: $0, level: .debug, output: captured.output)
        }
        logger[metadataKey: "request-id"] = "abc-123"
        logger.notice(
            "第一行\n第二行 \"引号\" \\ \u{7}",
            metadata: [
                "count": .stringConvertible(3), "ratio": .stringConvertible(0.25), "done": .stringConvertible(true),
                "nested": ["list": [.string("a"), .stringConvertible(2)]], "message": "not the message",
            ])
        logger.trace("below the level")

        let lines = captured.all
        #expect(lines.count == 1)
        let entry = try #require(try objects(lines).first)
        #expect(entry["message"] as? String == "第一行\n第二行 \"引号\" \\ \u{7}")
        #expect(entry["level"] as? String == "notice")
        #expect(entry["logger"] as? String == "liaison.test")
        #expect(isRFC3339Milliseconds(entry["time"]), "\(entry)")
        #expect(entry["requestId"] as? String == "abc-123")
        #expect(entry["count"] as? Int == 3)
        #expect(entry["ratio"] as? Double == 0.25)
        #expect(entry["done"] as? Bool == true)
        #expect((entry["nested"] as? [String: Any])?["list"] as? [AnyHashable] == ["a", 2])
        #expect(entry["metadata.message"] as? String == "not the message")
        #expect(
            JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_790_000_000.987_6)) == "2026-09-21T14:13:20.987Z")
    }

    @Test func requestsAreLoggedByRoutePatternWithTheirPersonAndNothingTheCallerSent() async throws {
        let captured = CapturedLines()
        let logger = Logger(label: "codes.vapor.application") {
            LogFormat.json.handler(label: $0, level: .info, output: captured.output)
        }
        try await withTestApp(["LIAISON_LOG_LEVEL": "info", "LIAISON_LOG_FORMAT": "json"], logger: logger) {
            (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let created = try await api.call(.POST, "/api/v1/customers", json: ["name": "杭州某某科技"])
            let customer = try #require(created.object["id"] as? String)
            _ = try await api.call(
                .GET, "/api/v1/customers/\(customer)?q=secret-in-query", headers: [("X-Request-Id", "nginx-4f2a")])
            _ = try await api.call(
                .GET, "/api/v1/customers/\(UUID())", headers: [("X-Request-Id", "evil\u{1b}[31m id")])
            _ = try await APIClient(app: app, token: nil).call(.GET, "/sign-in?next=%2Fsecret-next")
            _ = try await APIClient(app: app, token: nil).call(.GET, "/no/such/secret-path")

            let lines = captured.all
            let entries = try objects(lines)
            for entry in entries {
                #expect(isRFC3339Milliseconds(entry["time"]), "\(entry)")
                #expect(entry["level"] is String && entry["message"] is String, "\(entry)")
            }
            for secret in [token, "secret-in-query", "secret-next", "secret-path", customer, "\u{1b}"] {
                #expect(!lines.contains { $0.contains(secret) }, "\(secret) reached the log")
            }
            let requests = entries.filter { $0["route"] != nil }
            #expect(requests.count == 5, "\(requests)")
            for entry in requests {
                #expect(entry["level"] as? String == "info")
                #expect(entry["requestId"] is String && entry["method"] is String, "\(entry)")
                #expect(entry["status"] is Int && entry["durationMs"] is Double, "\(entry)")
            }
            func request(_ route: String, _ status: Int) -> [String: Any]? {
                requests.first { $0["route"] as? String == route && $0["status"] as? Int == status }
            }
            let post = try #require(request("/api/v1/customers", 201))
            #expect(post["method"] as? String == "POST")
            #expect(post["userId"] as? String == admin.id.uuidString)
            let shown = try #require(request("/api/v1/customers/:id", 200))
            #expect(shown["requestId"] as? String == "nginx-4f2a")
            #expect(shown["userId"] as? String == admin.id.uuidString)
            let missing = try #require(request("/api/v1/customers/:id", 404))
            #expect((missing["requestId"] as? String).map { UUID(uuidString: $0) != nil } == true, "\(missing)")
            let signIn = try #require(request("/sign-in", 200))
            #expect(signIn["userId"] == nil)
            #expect(request("unmatched", 404) != nil)
        }
    }
}
