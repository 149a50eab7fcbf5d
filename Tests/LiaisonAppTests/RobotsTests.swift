import Crypto
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Departments' chat robots: each app's body and signature as it checks them, received by a real HTTP server on
/// 127.0.0.1; events of the department's queue only; no customer data unless asked for and allowed.
@Suite(.timeLimit(.minutes(15))) struct RobotsTests {
    static func base64HMAC(key: String, _ message: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8))))
            .base64EncodedString()
    }

    /// The query of a received call as name → value, percent-decoded as DingTalk reads it.
    static func query(_ received: HookReceiver.Received) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (received.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            result[parts[0]] = parts[1].removingPercentEncoding
        }
        return result
    }

    private func department(_ api: APIClient, _ name: String) async throws -> String {
        try await api.call(.POST, "/api/v1/departments", json: ["name": name]).object["id"] as! String
    }

    @Test func aDingTalkRobotReceivesACorrectlySignedBreachNotice() async throws {
        try await withHookReceiver { receiver in
            try await withTestApp(["LIAISON_BASE_URL": "https://liaison.example.cn"]) { (app: TestApp) async throws in
                receiver.answer(200, #"{"errcode":0,"errmsg":"ok"}"#)
                app.clock.set(Date(timeIntervalSince1970: 1_796_000_400))
                let (_, token) = try await app.admin()
                let api = APIClient(app: app, token: token)
                let queue = try await department(api, "客服一部")
                let otherQueue = try await department(api, "客服二部")
                let secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
                let robot = try await api.call(
                    .POST, "/api/v1/robots",
                    json: [
                        "name": "一部钉钉群", "departmentId": queue, "kind": "dingtalk",
                        "url": receiver.url("/robot/send?access_token=abc123"), "secret": secret,
                        "events": ["request.sla_breached"],
                    ])
                #expect(robot.status == .created, "\(robot.text)")
                let robotID = try #require(robot.object["id"] as? String)
                #expect(robot.object["hasSecret"] as? Bool == true)
                #expect(robot.object["urlHint"] as? String == "http://127.0.0.1:\(receiver.port)/robot/…")
                #expect(!robot.text.contains("abc123") && !robot.text.contains(secret))

                let customer =
                    try await api.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
                let request = try await api.call(
                    .POST, "/api/v1/requests",
                    json: [
                        "customerId": customer, "kind": "complaint", "priority": "urgent", "subject": "投诉：发货延误",
                        "body": "货物晚到三天", "queueId": queue,
                    ])
                let number = try #require(request.object["number"] as? String)
                _ = try await api.call(
                    .POST, "/api/v1/requests",
                    json: [
                        "customerId": customer, "kind": "complaint", "priority": "urgent", "subject": "另一个队列",
                        "body": "b", "queueId": otherQueue,
                    ])
                // Not breached yet: the new requests are not what this robot posts about.
                try await WebhooksAPITests.deliver(app)
                #expect(receiver.received.isEmpty)

                app.clock.advance(by: 46 * 60)
                try await RequestJobs.sweep.run(
                    "{}", JobContext(application: app.app, now: app.clock.now, logger: app.app.logger))
                app.clock.advance(by: 15 * 60)
                try await RequestJobs.sweep.run(
                    "{}", JobContext(application: app.app, now: app.clock.now, logger: app.app.logger))
                try await WebhooksAPITests.deliver(app)

                try #require(receiver.received.count == 1)
                let call = receiver.received[0]
                #expect(call.path == "/robot/send")
                let query = Self.query(call)
                #expect(query["access_token"] == "abc123")
                let timestamp = try #require(query["timestamp"])
                #expect(timestamp == String(Int64(app.clock.now.timeIntervalSince1970 * 1000)))
                #expect(query["sign"] == Self.base64HMAC(key: secret, "\(timestamp)\n\(secret)"))
                // The sign is URL-encoded in the address: base64's + / = never appear raw.
                let rawSign = (call.query ?? "").components(separatedBy: "sign=").last ?? ""
                #expect(!rawSign.contains("+") && !rawSign.contains("/") && !rawSign.contains("="))
                let body = call.json
                #expect(body["msgtype"] as? String == "markdown")
                let markdown = try #require(body["markdown"] as? [String: String])
                #expect(markdown["title"] == "响应时限超时")
                let text = try #require(markdown["text"])
                #expect(text.contains(number) && text.contains("投诉") && text.contains("紧急"))
                #expect(text.contains("首次响应"))
                #expect(text.contains("https://liaison.example.cn/requests/"))
                // No customer data in a group chat unless asked for.
                #expect(!text.contains("发货延误") && !text.contains("宁波港"))

                let log = try await api.call(.GET, "/api/v1/robots/\(robotID)/deliveries")
                #expect(log.items.count == 1 && log.items.first?["status"] as? String == "succeeded")
            }
        }
    }

    @Test func eachAppGetsItsOwnBodyAndSignatureAndItsRefusalsAreFailures() async throws {
        try await withHookReceiver { receiver in
            try await withTestApp { (app: TestApp) async throws in
                let (_, token) = try await app.admin()
                let api = APIClient(app: app, token: token)
                let queue = try await department(api, "技术支持部")
                func robot(_ kind: String, _ path: String, secret: String? = nil, language: String = "zh-Hans")
                    async throws -> String
                {
                    var body: [String: Any] = [
                        "name": "\(kind) 机器人", "departmentId": queue, "kind": kind, "url": receiver.url(path),
                        "events": ["request.created"], "language": language,
                    ]
                    if let secret { body["secret"] = secret }
                    let made = try await api.call(.POST, "/api/v1/robots", json: body)
                    #expect(made.status == .created, "\(made.text)")
                    return made.object["id"] as? String ?? ""
                }

                // Feishu: timestamp (seconds) and sign in the body; sign = base64 HMAC keyed with "ts\nsecret" over nothing.
                receiver.answer(200, #"{"code":0,"msg":"success","data":{}}"#)
                let feishu = try await robot("feishu", "/open-apis/bot/v2/hook/f1", secret: "feishu-sign-secret")
                let feishuSent = try await api.call(.POST, "/api/v1/robots/\(feishu)/test")
                #expect(feishuSent.object["status"] as? String == "succeeded", "\(feishuSent.text)")
                let feishuBody = try #require(receiver.received.last).json
                let seconds = try #require(feishuBody["timestamp"] as? String)
                #expect(seconds == String(Int64(app.clock.now.timeIntervalSince1970)))
                #expect(feishuBody["sign"] as? String == Self.base64HMAC(key: "\(seconds)\nfeishu-sign-secret", ""))
                #expect(feishuBody["msg_type"] as? String == "text")
                #expect(((feishuBody["content"] as? [String: String])?["text"])?.contains("测试消息") == true)

                // WeCom: markdown content, the key in the URL only.
                receiver.answer(200, #"{"errcode":0,"errmsg":"ok"}"#)
                let wecom = try await robot("wecom", "/cgi-bin/webhook/send?key=k-1", language: "en")
                #expect(
                    try await api.call(.POST, "/api/v1/robots/\(wecom)/test").object["status"] as? String == "succeeded"
                )
                let wecomCall = try #require(receiver.received.last)
                #expect(wecomCall.query == "key=k-1")
                #expect(wecomCall.json["msgtype"] as? String == "markdown")
                #expect(
                    ((wecomCall.json["markdown"] as? [String: String])?["content"])?.contains("Liaison test message")
                        == true)

                // Slack: {"text"}; a secret is refused (Slack signs nothing).
                receiver.answer(200, "ok")
                let refused = try await api.call(
                    .POST, "/api/v1/robots",
                    json: [
                        "name": "s", "departmentId": queue, "kind": "slack", "url": receiver.url("/x"),
                        "secret": "abcdefgh1234",
                        "events": ["request.created"],
                    ])
                #expect(refused.fieldErrors["secret"] == "notSigned")
                let slack = try await robot("slack", "/services/T0/B0/XYZ")
                #expect(
                    try await api.call(.POST, "/api/v1/robots/\(slack)/test").object["status"] as? String == "succeeded"
                )
                #expect(
                    ((try #require(receiver.received.last)).json["text"] as? String)?.hasPrefix("*Liaison 测试消息*")
                        == true)

                // The app's own refusal (HTTP 200, errcode ≠ 0) is a failure, with its message in the log.
                receiver.answer(200, #"{"errcode":310000,"errmsg":"sign not match"}"#)
                let dingtalk = try await robot("dingtalk", "/robot/send?access_token=t", secret: "SECwrong")
                let failed = try await api.call(.POST, "/api/v1/robots/\(dingtalk)/test")
                #expect(failed.object["status"] as? String == "failed")
                #expect((failed.object["error"] as? String)?.contains("sign not match") == true)

                // A new request of the queue reaches every robot that posts about it; another queue's does not.
                receiver.answer(200, #"{"errcode":0,"errmsg":"ok","code":0}"#)
                let before = receiver.received.count
                let customer =
                    try await api.call(.POST, "/api/v1/customers", json: ["name": "星河科技"]).object["id"] as! String
                _ = try await api.call(
                    .POST, "/api/v1/requests",
                    json: [
                        "customerId": customer, "kind": "issue", "priority": "high", "subject": "接口报错", "body": "500",
                        "queueId": queue,
                    ])
                _ = try await api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": customer, "kind": "issue", "priority": "high", "subject": "无队列", "body": "b"])
                try await WebhooksAPITests.deliver(app)
                #expect(receiver.received.count == before + 4)
            }
        }
    }

    @Test func addressesAndSecretsAreWriteOnlyAndBadInputIsRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let queue = try await department(api, "销售部")
            let bad = try await api.call(
                .POST, "/api/v1/robots",
                json: [
                    "name": "", "departmentId": "not-an-id", "kind": "qq", "url": "gopher://x",
                    "events": ["request.deleted"],
                    "language": "fr",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["name"] == "required")
            #expect(bad.fieldErrors["departmentId"] == "invalidReference")
            #expect(bad.fieldErrors["kind"] == "invalidChoice")
            #expect(bad.fieldErrors["url"] == "invalidURL")
            #expect(bad.fieldErrors["events[0]"] == "invalidChoice")
            #expect(bad.fieldErrors["language"] == "invalidChoice")
            let unknown = try await api.call(
                .POST, "/api/v1/robots",
                json: [
                    "name": "x", "departmentId": UUID().uuidString, "kind": "wecom",
                    "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1",
                    "events": ["request.created"],
                ])
            #expect(unknown.fieldErrors["departmentId"] == "invalidReference")

            let made = try await api.call(
                .POST, "/api/v1/robots",
                json: [
                    "name": "飞书群", "departmentId": queue, "kind": "feishu",
                    "url": "https://open.feishu.cn/open-apis/bot/v2/hook/secret-hook-id",
                    "secret": "飞书签名密钥abc", "events": ["request.created", "request.customer_replied"],
                    "includeSubject": true,
                ])
            let id = try #require(made.object["id"] as? String)
            #expect(made.object["urlHint"] as? String == "https://open.feishu.cn/open-apis/…")
            #expect(!made.text.contains("secret-hook-id") && !made.text.contains("飞书签名密钥"))
            let audit = try await api.call(.GET, "/api/v1/audit?recordType=robot&recordId=\(id)")
            #expect(
                audit.text.contains("robot.create") && !audit.text.contains("secret-hook-id")
                    && !audit.text.contains("飞书签名密钥"))
            // The address left out is kept; an empty secret removes it.
            let changed = try await api.call(.PATCH, "/api/v1/robots/\(id)", json: ["secret": "", "language": "en"])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.object["hasSecret"] as? Bool == false && changed.object["language"] as? String == "en")
            let address = try await HookQueries.robotAddress(
                UUID(uuidString: id)!, secrets: try app.app.secretBox(), on: app.db)
            #expect(
                address.url == "https://open.feishu.cn/open-apis/bot/v2/hook/secret-hook-id" && address.secret == nil)
            #expect(try await api.call(.GET, "/api/v1/robots?departmentId=\(queue)").items.count == 1)
            #expect(try await api.call(.GET, "/api/v1/robots?departmentId=nope").status == .unprocessableEntity)
            #expect(try await api.call(.DELETE, "/api/v1/robots/\(id)").status == .noContent)
        }
    }
}
