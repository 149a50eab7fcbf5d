import Crypto
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Outgoing webhooks: set up by administrators, secrets sealed and shown once, events taken from the audit trail
/// and posted signed to a real receiver on 127.0.0.1, retried, and switched off after failures in a row.
@Suite(.timeLimit(.minutes(15))) struct WebhooksAPITests {
    /// The signature a receiver computes: hex HMAC-SHA256 of "<timestamp>.<body>".
    static func verify(_ received: HookReceiver.Received, secret: String) -> Bool {
        guard let timestamp = received.header("X-Liaison-Timestamp"),
            let signature = received.header("X-Liaison-Signature")
        else { return false }
        var message = Data("\(timestamp).".utf8)
        message.append(received.body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Runs the dispatcher and every due job, as the runner's loop does.
    static func deliver(_ app: TestApp) async throws {
        try await HookJobs.dispatch(app.app)
        _ = try await app.app.jobRunner.runDue(app.app, limit: 100)
    }

    @Test func aWebhookKeepsItsSecretSealedAndShowsItOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let created = try await api.call(
                .POST, "/api/v1/webhooks",
                json: [
                    "name": "工单同步", "url": "https://hooks.example.com/liaison",
                    "events": ["request.created", "customer.created"],
                ])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? String)
            let secret = try #require(created.object["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && secret.count > 30)
            #expect(created.object["maxClassification"] as? String == "internal")
            #expect(created.object["events"] as? [String] == ["request.created", "customer.created"])
            #expect(created.headers.first(name: .location) == "/api/v1/webhooks/\(id)")

            // Never again: not when read, listed or changed, not in the audit trail, not in the table in clear.
            let shown = try await api.call(.GET, "/api/v1/webhooks/\(id)")
            #expect(shown.object["secret"] == nil && !shown.text.contains(secret))
            #expect(!(try await api.call(.GET, "/api/v1/webhooks")).text.contains(secret))
            let stored = try await app.db.sql.raw("SELECT secret FROM webhooks").first()?.decode(
                column: "secret", as: String.self)
            #expect(stored?.hasPrefix("v1:") == true && stored?.contains(secret) == false)
            let audit = try await api.call(.GET, "/api/v1/audit?recordType=webhook&recordId=\(id)")
            #expect(audit.text.contains("webhook.create") && !audit.text.contains(secret))

            // A secret of one's own; events left out are kept; a stale version is refused.
            let changed = try await api.call(
                .PATCH, "/api/v1/webhooks/\(id)", json: ["secret": "我的签名密钥-0123456789", "maxClassification": "public"])
            #expect(changed.status == .ok)
            #expect(changed.object["secret"] == nil && changed.object["version"] as? Int == 2)
            #expect(changed.object["events"] as? [String] == ["request.created", "customer.created"])
            let secrets = try app.app.secretBox()
            #expect(
                try await HookQueries.webhookSecret(UUID(uuidString: id)!, secrets: secrets, on: app.db)
                    == "我的签名密钥-0123456789")
            let stale = try await api.call(.DELETE, "/api/v1/webhooks/\(id)", headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            #expect(try await api.call(.DELETE, "/api/v1/webhooks/\(id)").status == .noContent)
            #expect(try await api.call(.GET, "/api/v1/webhooks/\(id)").status == .notFound)
        }
    }

    @Test func badSettingsAreRefusedFieldByFieldAndOnlyAdministratorsManageWebhooks() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let bad = try await api.call(
                .POST, "/api/v1/webhooks",
                json: [
                    "name": "  ", "url": "file:///etc/passwd", "events": ["request.created", "request.deleted"],
                    "secret": "short",
                    "maxClassification": "topSecret",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["name"] == "required")
            #expect(bad.fieldErrors["url"] == "invalidURL")
            #expect(bad.fieldErrors["events[1]"] == "invalidChoice")
            #expect(bad.fieldErrors["secret"] == "tooShort")
            #expect(bad.fieldErrors["maxClassification"] == "invalidChoice")
            for url in [
                "ftp://example.com/x", "https://user:pw@example.com/", "http:///nohost", "https://exa mple.com/",
                "javascript:alert(1)",
            ] {
                let refused = try await api.call(
                    .POST, "/api/v1/webhooks", json: ["name": "x", "url": url, "events": ["request.created"]])
                #expect(refused.fieldErrors["url"] == "invalidURL", "\(url)")
            }
            let none = try await api.call(
                .POST, "/api/v1/webhooks", json: ["name": "x", "url": "https://example.com/", "events": []])
            #expect(none.fieldErrors["events"] == "required")
            let wrongType = try await api.call(
                .POST, "/api/v1/webhooks",
                json: ["name": "x", "url": "https://example.com/", "events": "request.created"])
            #expect(wrongType.status.code >= 400 && wrongType.status.code < 500)

            let agent = try await app.person("agent@test.local", roles: [.agent, .departmentLead, .supervisor])
            let other = APIClient(app: app, token: try await app.token(for: agent))
            #expect(try await other.call(.GET, "/api/v1/webhooks").status == .forbidden)
            #expect(try await other.call(.POST, "/api/v1/webhooks", json: ["name": "x"]).status == .forbidden)
            #expect(try await other.call(.GET, "/api/v1/robots").status == .forbidden)
        }
    }

    @Test func aNewRequestReachesTheReceiverOnceSignedWhateverTheDispatcherRepeats() async throws {
        try await withHookReceiver { receiver in
            try await withTestApp { (app: TestApp) async throws in
                let (_, token) = try await app.admin()
                let api = APIClient(app: app, token: token)
                let customer =
                    try await api.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
                // Made after the customer: it receives nothing from before it existed.
                let hook = try await api.call(
                    .POST, "/api/v1/webhooks",
                    json: [
                        "name": "接收方", "url": receiver.url("/hooks/liaison?team=ops"),
                        "events": ["request.created", "request.replied"],
                    ])
                let hookID = try #require(hook.object["id"] as? String)
                let secret = try #require(hook.object["secret"] as? String)
                let request = try await api.call(
                    .POST, "/api/v1/requests",
                    json: [
                        "customerId": customer, "kind": "issue", "priority": "high", "subject": "集装箱状态不同步",
                        "body": "查询不到",
                    ])
                let requestID = try #require(request.object["id"] as? String)

                try await Self.deliver(app)

                let got = receiver.received
                try #require(got.count == 1)
                let first = got[0]
                #expect(first.path == "/hooks/liaison" && first.query == "team=ops")
                #expect(first.header("X-Liaison-Event") == "request.created")
                #expect(first.header("Content-Type")?.hasPrefix("application/json") == true)
                #expect(Self.verify(first, secret: secret))
                #expect(!Self.verify(first, secret: secret + "x"))
                let payload = first.json
                #expect(payload["event"] as? String == "request.created")
                #expect(payload["id"] as? String == first.header("X-Liaison-Delivery"))
                #expect(payload["occurredAt"] as? String == RFC3339.format(app.clock.now))
                let data = payload["data"] as? [String: Any]
                let shown = data?["request"] as? [String: Any]
                #expect(shown?["id"] as? String == requestID.lowercased() || shown?["id"] as? String == requestID)
                #expect(shown?["subject"] as? String == "集装箱状态不同步")
                #expect(shown?["number"] as? String == request.object["number"] as? String)

                // Run again, and again after "a crash" that lost the cursor's move: nothing is sent twice.
                try await Self.deliver(app)
                try await app.db.sql.raw("UPDATE hook_cursor SET last_audit_id = 0").run()
                try await Self.deliver(app)
                #expect(receiver.received.count == 1)

                // An internal note is no reply; a public one is, with the message.
                _ = try await api.call(
                    .POST, "/api/v1/requests/\(requestID)/messages", json: ["body": "内部备注", "visibility": "internal"])
                _ = try await api.call(.POST, "/api/v1/requests/\(requestID)/messages", json: ["body": "已修复，请再试。"])
                try await Self.deliver(app)
                let replies = receiver.received.dropFirst()
                try #require(replies.count == 1)
                #expect(replies.first?.header("X-Liaison-Event") == "request.replied")
                #expect(
                    ((replies.first?.json["data"] as? [String: Any])?["message"] as? [String: Any])?["body"] as? String
                        == "已修复，请再试。")

                let log = try await api.call(.GET, "/api/v1/webhooks/\(hookID)/deliveries")
                #expect(log.items.count == 2)
                #expect(
                    log.items.allSatisfy {
                        $0["status"] as? String == "succeeded" && $0["responseStatus"] as? Int == 200
                    })
                #expect(log.items.last?["responseExcerpt"] as? String == "ok")
            }
        }
    }

    @Test func restrictedCustomersStayOutOfWebhooksThatMayNotReceiveThem() async throws {
        try await withHookReceiver { receiver in
            try await withTestApp { (app: TestApp) async throws in
                let (_, token) = try await app.admin()
                let api = APIClient(app: app, token: token)
                _ = try await api.call(
                    .POST, "/api/v1/webhooks",
                    json: ["name": "客户同步", "url": receiver.url("/c"), "events": ["customer.created"]])
                _ = try await api.call(
                    .POST, "/api/v1/customers", json: ["name": "保密客户", "classification": "confidential"])
                _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "普通客户"])
                try await Self.deliver(app)
                #expect(receiver.received.count == 1)
                #expect(
                    ((receiver.received.first?.json["data"] as? [String: Any])?["customer"] as? [String: Any])?["name"]
                        as? String == "普通客户")
            }
        }
    }

    @Test func failingDeliveriesAreRetriedThenTheWebhookIsSwitchedOffAndAdministratorsAreTold() async throws {
        try await withHookReceiver { receiver in
            try await withTestApp { (app: TestApp) async throws in
                receiver.answer(500, "{\"error\":\"down\"}")
                let (admin, token) = try await app.admin()
                let api = APIClient(app: app, token: token)
                let hook = try await api.call(
                    .POST, "/api/v1/webhooks",
                    json: ["name": "坏的接收方", "url": receiver.url("/down"), "events": ["customer.created"]])
                let hookID = try #require(hook.object["id"] as? String)
                for index in 0..<HookLimits.failuresBeforeDisabling {
                    _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "客户\(index)"])
                }
                try await Self.deliver(app)
                #expect(receiver.received.count == HookLimits.failuresBeforeDisabling)
                let pending = try await api.call(.GET, "/api/v1/webhooks/\(hookID)/deliveries")
                #expect(
                    pending.items.allSatisfy { $0["status"] as? String == "pending" && $0["attempts"] as? Int == 1 })
                #expect(pending.items.first?["responseStatus"] as? Int == 500)
                #expect(try await api.call(.GET, "/api/v1/webhooks/\(hookID)").object["active"] as? Bool == true)

                // Backoff: nothing is tried again before its time.
                _ = try await app.app.jobRunner.runDue(app.app, limit: 100)
                #expect(receiver.received.count == HookLimits.failuresBeforeDisabling)
                for _ in 0..<(HookLimits.attempts + 2) {
                    app.clock.advance(by: 600)
                    _ = try await app.app.jobRunner.runDue(app.app, limit: 100)
                }
                #expect(receiver.received.count == HookLimits.failuresBeforeDisabling * HookLimits.attempts)
                let shown = try await api.call(.GET, "/api/v1/webhooks/\(hookID)")
                #expect(shown.object["active"] as? Bool == false)
                #expect(shown.object["disabledReason"] as? String == "failures")
                #expect(shown.object["consecutiveFailures"] as? Int == HookLimits.failuresBeforeDisabling)
                let log = try await api.call(.GET, "/api/v1/webhooks/\(hookID)/deliveries")
                #expect(
                    log.items.allSatisfy {
                        $0["status"] as? String == "failed" && $0["attempts"] as? Int == HookLimits.attempts
                    })
                let notified = try await NotificationStore.unread(for: admin.viewer, on: app.db)
                #expect(notified.contains { $0.textKey == "notify.webhookDisabled" })
                let audit = try await api.call(.GET, "/api/v1/audit?recordType=webhook&recordId=\(hookID)")
                #expect(audit.text.contains("webhook.disable"))

                // Switched off: new events are not sent.
                _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "停用后的客户"])
                try await Self.deliver(app)
                #expect(receiver.received.count == HookLimits.failuresBeforeDisabling * HookLimits.attempts)
                // Switched on again, it counts from zero and receives what happens from then on only.
                receiver.answer(204, "")
                let on = try await api.call(.PATCH, "/api/v1/webhooks/\(hookID)", json: ["active": true])
                #expect(on.object["active"] as? Bool == true && on.object["consecutiveFailures"] as? Int == 0)
                _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "恢复后的客户"])
                try await Self.deliver(app)
                #expect(receiver.received.count == HookLimits.failuresBeforeDisabling * HookLimits.attempts + 1)
                #expect(receiver.received.last?.header("X-Liaison-Event") == "customer.created")
                #expect(
                    ((receiver.received.last?.json["data"] as? [String: Any])?["customer"] as? [String: Any])?["name"]
                        as? String == "恢复后的客户")
            }
        }
    }

    @Test func sendTestPostsASignedPingAndSaysWhatTheReceiverAnswered() async throws {
        try await withHookReceiver { receiver in
            try await withTestApp { (app: TestApp) async throws in
                let (_, token) = try await app.admin()
                let api = APIClient(app: app, token: token)
                let hook = try await api.call(
                    .POST, "/api/v1/webhooks",
                    json: [
                        "name": "测试", "url": receiver.url("/ping"), "events": ["request.created"],
                        "secret": "ping-secret-123",
                    ])
                let hookID = try #require(hook.object["id"] as? String)
                let sent = try await api.call(.POST, "/api/v1/webhooks/\(hookID)/test")
                #expect(sent.status == .ok)
                #expect(sent.object["status"] as? String == "succeeded" && sent.object["event"] as? String == "ping")
                #expect(receiver.received.first?.header("X-Liaison-Event") == "ping")
                #expect(Self.verify(try #require(receiver.received.first), secret: "ping-secret-123"))
                receiver.answer(404, "no such hook")
                let failed = try await api.call(.POST, "/api/v1/webhooks/\(hookID)/test")
                #expect(
                    failed.object["status"] as? String == "failed" && failed.object["responseStatus"] as? Int == 404)
                #expect(failed.object["responseExcerpt"] as? String == "no such hook")
                let audit = try await api.call(.GET, "/api/v1/audit?recordType=webhook&recordId=\(hookID)")
                #expect(audit.text.contains("webhook.test"))
            }
        }
    }
}
