import Foundation
import LiaisonCore
import LiaisonData
import NIOCore
import NIOFoundationCompat
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The public site: the company's name and logo from the settings, public announcements and their feed, and the
/// feedback form with its defences.
@Suite(.timeLimit(.minutes(15))) struct PublicSiteTests {
    /// Opens the form, waits as a person would, and sends it; answers the page.
    static func sendFeedback(
        _ browser: Browser, _ app: TestApp, _ fields: [(String, String)], wait: TimeInterval = 5,
        stamp override: String? = nil
    ) async throws -> TestingHTTPResponse {
        let form = try await browser.get("/public/feedback")
        let stamp = try #require(Self.value(of: "stamp", in: form.body.string))
        app.clock.advance(by: wait)
        return try await browser.post("/public/feedback", [("stamp", override ?? stamp), ("website", "")] + fields)
    }

    static func value(of name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func requests(_ app: TestApp) async throws -> [(kind: String, channel: String, customer: UUID?, queue: UUID?)] {
        try await app.db.sql.raw("SELECT kind, channel, customer_id, queue_id FROM requests ORDER BY number").all().map {
            (
                try $0.decode(column: "kind", as: String.self), try $0.decode(column: "channel", as: String.self),
                try $0.decode(column: "customer_id", as: UUID?.self), try $0.decode(column: "queue_id", as: UUID?.self)
            )
        }
    }

    static let message: [(String, String)] = [
        ("name", "韩梅梅"), ("company", "星河贸易"), ("email", "meimei@xinghe.cn"), ("message", "希望增加英文发票。"),
    ]

    @Test func aVisitorSendsFeedbackAndSeesItsNumber() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let department = try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"])
            let queue = try #require(department.object["id"] as? String, "\(department.text)")
            let saved = try await api.call(
                .PUT, "/api/v1/settings", json: ["feedbackQueueId": queue, "companyNameZh": "星河科技", "companyNameEn": "Xinghe Tech"])
            #expect(saved.status == .ok, "\(saved.text)")

            let browser = Browser(app)
            let page = try await browser.get("/public/feedback")
            #expect(page.status == .ok && page.body.string.contains("星河科技"))
            #expect(page.body.string.contains("name=\"_csrf\"") && page.body.string.contains("name=\"website\""))
            let sent = try await Self.sendFeedback(browser, app, Self.message)
            #expect(sent.status == .ok, "\(sent.body.string)")
            #expect(sent.body.string.contains("R-000001"))
            let rows = try await Self.requests(app)
            #expect(rows.count == 1)
            #expect(rows.first?.kind == "feedback" && rows.first?.channel == "webForm")
            #expect(rows.first?.customer == nil && rows.first?.queue?.uuidString == queue)
            let requestID = try await Self.firstRequestID(app)
            let ack = try await JobQueue.find(kind: FeedbackIntake.acknowledgementJobKind, uniqueKey: requestID, on: app.db)
            #expect(ack != nil)
        }
    }

    static func firstRequestID(_ app: TestApp) async throws -> String {
        try await app.db.sql.raw("SELECT id FROM requests ORDER BY number LIMIT 1").first()?.decode(column: "id", as: UUID.self).idText ?? ""
    }

    @Test func aKnownContactsFeedbackIsLinkedWithoutSayingSo() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let customer = try #require(try await api.call(.POST, "/api/v1/customers", json: ["name": "星河贸易"]).object["id"] as? String)
            _ = try await api.call(.POST, "/api/v1/contacts", json: ["customerId": customer, "name": "韩梅梅", "phone": "+86 138-0013-8000"])
            let known = try await Self.sendFeedback(
                Browser(app), app, [("name", "韩"), ("phone", "13800138000"), ("message", "发票问题")])
            let unknown = try await Self.sendFeedback(
                Browser(app), app, [("name", "韩"), ("phone", "13900139000"), ("message", "发票问题")])
            #expect(known.status == .ok && unknown.status == .ok)
            let strip = { (s: String) in s.replacingOccurrences(of: #"R-\d+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression) }
            #expect(strip(known.body.string) == strip(unknown.body.string))
            let rows = try await Self.requests(app)
            #expect(rows.map { $0.customer?.uuidString } == [customer, nil])
        }
    }

    @Test func spamAndForgeriesAreRefusedClearlyAndNothingIsStored() async throws {
        try await withTestApp(["LIAISON_FEEDBACK_PER_ADDRESS": "2"]) { (app: TestApp) async throws in
            let browser = Browser(app)
            // A filled hidden field.
            let form = try await browser.get("/public/feedback")
            let stamp = try #require(Self.value(of: "stamp", in: form.body.string))
            app.clock.advance(by: 10)
            let trapped = try await browser.post("/public/feedback", [("stamp", stamp), ("website", "http://spam.example")] + Self.message)
            #expect(trapped.status == .unprocessableEntity)
            // Faster than a person.
            let fast = try await Self.sendFeedback(browser, app, Self.message, wait: 0.5)
            #expect(fast.status == .unprocessableEntity)
            #expect(fast.body.string.contains("过快") || fast.body.string.contains("too quickly"))
            // A forged or missing stamp.
            let forged = try await Self.sendFeedback(browser, app, Self.message, stamp: "1790000000000-abcd-00ff")
            #expect(forged.status == .unprocessableEntity)
            let none = try await browser.post("/public/feedback", Self.message)
            #expect(none.status == .unprocessableEntity)
            // No anti-forgery token.
            let page = try await browser.get("/public/feedback")
            let fresh = try #require(Self.value(of: "stamp", in: page.body.string))
            app.clock.advance(by: 10)
            let noCSRF = try await Browser(app).post("/public/feedback", [("stamp", fresh)] + Self.message, csrf: false)
            #expect(noCSRF.status == .forbidden)
            #expect(try await Self.requests(app).isEmpty)

            // Script is text, and a repeated post opens nothing more.
            let script: [(String, String)] = [
                ("name", "<script>alert(1)</script>"), ("email", "x@evil.example"), ("message", "<img src=x onerror=alert(1)>"),
            ]
            let first = try await browser.get("/public/feedback")
            let once = try #require(Self.value(of: "stamp", in: first.body.string))
            app.clock.advance(by: 10)
            let accepted = try await browser.post("/public/feedback", [("stamp", once), ("website", "")] + script)
            #expect(accepted.status == .ok && accepted.body.string.contains("R-000001"))
            let again = try await browser.post("/public/feedback", [("stamp", once), ("website", "")] + script)
            #expect(again.body.string.contains("R-000001"))
            #expect(try await Self.requests(app).count == 1)
            let body = try await app.db.sql.raw("SELECT body FROM request_messages").first()?.decode(column: "body", as: String.self)
            let html = Markdown.html(body ?? "")
            #expect(!html.contains("<script") && !html.contains("<img"))

            // The address's share: two per window.
            #expect(try await Self.sendFeedback(browser, app, Self.message).status == .ok)
            let limited = try await Self.sendFeedback(browser, app, Self.message)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.string.contains("过多") || limited.body.string.contains("Too many"))
            #expect(try await Self.requests(app).count == 2)

            // Bad fields are named, and shown again escaped.
            let bad = try await Self.sendFeedback(browser, app, [("name", ""), ("message", "<b>x</b>")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("&lt;b&gt;x&lt;/b&gt;"))
        }
    }

    @Test func aFormPostedTwiceAtOnceOpensOneRequestAndBothSeeItsNumber() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let first = Browser(app)
            let form = try await first.get("/public/feedback")
            let stamp = try #require(Self.value(of: "stamp", in: form.body.string))
            let second = Browser(app)
            second.cookies = first.cookies
            app.clock.advance(by: 10)
            let fields = [("stamp", stamp), ("website", "")] + Self.message
            async let one = first.post("/public/feedback", fields)
            async let two = second.post("/public/feedback", fields)
            let answers = try await [one, two]
            #expect(answers.allSatisfy { $0.status == .ok && $0.body.string.contains("R-000001") })
            #expect(try await Self.requests(app).count == 1)
        }
    }

    @Test func aFormPostedAgainAfterARestartOrOnAnotherServerOpensNothingMore() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = Browser(app)
            let form = try await browser.get("/public/feedback")
            let stamp = try #require(Self.value(of: "stamp", in: form.body.string))
            app.clock.advance(by: 10)
            let fields = [("stamp", stamp), ("website", "")] + Self.message
            let first = try await browser.post("/public/feedback", fields)
            #expect(first.status == .ok && first.body.string.contains("R-000001"))
            // A server that has not seen the form (a restart, or the second post reaching another node): the same
            // key, nothing in memory.
            let config = app.app.context.config
            app.app.feedbackGuard = FeedbackGuard(
                minimumSeconds: TimeInterval(config.feedbackMinSeconds), perAddress: config.feedbackPerAddress,
                window: TimeInterval(config.feedbackWindowMinutes * 60)
            ) { try FeedbackGuard.secretBox(config) }
            let again = try await browser.post("/public/feedback", fields)
            #expect(again.status == .ok && again.body.string.contains("R-000001"), "\(again.body.string)")
            #expect(try await Self.requests(app).count == 1)

            // Stamps are forgotten two days on (a stamp is good for one): by then the form is refused as stale.
            app.clock.advance(by: FeedbackIntake.stampRetention + 60)
            let forgotten = try await app.app.write { tx in
                try await FeedbackIntake.purgeStamps(before: app.clock.now - FeedbackIntake.stampRetention, on: tx)
            }
            #expect(forgotten == 1)
            let stale = try await browser.post("/public/feedback", fields)
            #expect(stale.status == .unprocessableEntity)
            #expect(try await Self.requests(app).count == 1)
        }
    }

    @Test func anAttachmentIsCheckedAndKeptWithTheRequest() async throws {
        try await withTestApp(["LIAISON_MAX_UPLOAD_MB": "1"]) { (app: TestApp) async throws in
            let browser = Browser(app)
            let form = try await browser.get("/public/feedback")
            let stamp = try #require(Self.value(of: "stamp", in: form.body.string))
            app.clock.advance(by: 10)
            let fields = [("stamp", stamp), ("website", ""), ("name", "李雷"), ("email", "lilei@example.cn"), ("message", "见附件")]
            let big = try await browser.upload(
                "/public/feedback", filename: "big.txt", type: "text/plain", content: String(repeating: "a", count: 1_100_000),
                fields: fields)
            #expect(big.status == .unprocessableEntity || big.status == .payloadTooLarge)
            #expect(try await Self.requests(app).isEmpty)
            let exe = try await browser.upload(
                "/public/feedback", filename: "run.exe", type: "application/octet-stream", content: "MZ\u{0}\u{1}binary",
                fields: fields)
            #expect(exe.status == .unprocessableEntity)
            let ok = try await browser.upload(
                "/public/feedback", filename: "说明.txt", type: "text/plain", content: "发票抬头:星河贸易", fields: fields)
            #expect(ok.status == .ok, "\(ok.body.string)")
            let files = try await app.db.sql.raw("SELECT filename, message_id FROM attachments").all()
            #expect(files.count == 1)
            #expect(try files.first?.decode(column: "filename", as: String.self) == "说明.txt")
        }
    }

    @Test func publicAnnouncementsAppearInAValidEscapedFeedWithAbsoluteLinks() async throws {
        try await withTestApp(["LIAISON_BASE_URL": "https://support.example.cn"]) { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let made = try await api.call(
                .POST, "/api/v1/announcements",
                json: AnnouncementsAPITests.body(["titleZh": "A & B <升级>", "bodyZh": "请看 <script>alert(1)</script>"]))
            let id = try #require(made.object["id"] as? String)
            // Mostly Latin letters in the Chinese version: the message check warns of the language, confirmed here.
            let published = try await api.call(
                .POST, "/api/v1/announcements/\(id)/publish", json: ["confirmWarnings": true, "overrideReason": "转义测试"])
            #expect(published.status == .ok, "\(published.text)")
            let feed = try await Browser(app).get("/public/feed.atom")
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.description.hasPrefix("application/atom+xml") == true)
            let xml = feed.body.string
            #expect(xml.contains("<title>A &amp; B &lt;升级&gt;</title>"))
            #expect(!xml.contains("<script>"))
            #expect(xml.contains("href=\"https://support.example.cn/public/announcements/\(id)\""))
            #expect(xml.contains("href=\"https://support.example.cn/public/feed.atom\""))
            #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
            #expect(xml.components(separatedBy: "<entry>").count == 2 && xml.hasSuffix("</feed>\n"))
            #expect(xml.contains("<id>urn:uuid:\(id.lowercased())</id>"))
            let english = try await Browser(app).get("/public/feed.atom?lang=en")
            #expect(english.body.string.contains("Maintenance on Saturday"))
        }
    }

    @Test func settingsAreForAdministratorsAndTheLogoIsServedAsAnImageOnly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let initial = try await api.call(.GET, "/api/v1/settings")
            #expect(initial.status == .ok && initial.object["announcementsNeedApproval"] as? Bool == false)
            let bad = try await api.call(.PUT, "/api/v1/settings", json: ["companyNameZh": "a\u{0}", "feedbackQueueId": "x"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["companyNameZh"] == "controlCharacter" && bad.fieldErrors["feedbackQueueId"] == "invalidReference")
            let missing = try await api.call(.PUT, "/api/v1/settings", json: ["feedbackQueueId": UUID().uuidString])
            #expect(missing.fieldErrors["feedbackQueueId"] == "invalidReference")
            let saved = try await api.call(.PUT, "/api/v1/settings", json: ["companyNameEn": "Xinghe"], headers: [("If-Match", "\"0\"")])
            #expect(saved.status == .ok && saved.headers.first(name: .eTag) == "\"1\"")
            let stale = try await api.call(.PUT, "/api/v1/settings", json: ["companyNameEn": "Y"], headers: [("If-Match", "\"0\"")])
            #expect(stale.status == .preconditionFailed)

            #expect(try await Browser(app).get("/public/logo").status == .notFound)
            let svg = try await app.tester.sendRequest(
                .PUT, "/api/v1/settings/logo",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "image/svg+xml"],
                body: ByteBuffer(string: "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"))
            #expect(svg.status == .unprocessableEntity, "\(svg.body.string)")
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
            let uploaded = try await api.call(.PUT, "/api/v1/settings/logo", json: nil, headers: [("Content-Type", "image/png")])
            #expect(uploaded.status == .unprocessableEntity)
            let put = try await app.tester.sendRequest(
                .PUT, "/api/v1/settings/logo",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "image/png"], body: ByteBuffer(data: png))
            #expect(put.status == .ok, "\(put.body.string)")
            let logo = try await Browser(app).get("/public/logo")
            #expect(logo.status == .ok && logo.headers.contentType?.description == "image/png")
            #expect(logo.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await Browser(app).get("/public").body.string.contains("/public/logo?v="))

            let audit = try await api.call(.GET, "/api/v1/audit?recordType=settings")
            #expect(audit.text.contains("settings.update"))
            let sales = try await app.person("s@test.local", roles: [.sales, .supervisor])
            #expect(try await APIClient(app: app, token: try await app.token(for: sales)).call(.GET, "/api/v1/settings").status == .forbidden)

            let browser = Browser(app)
            _ = try await browser.signIn("admin@test.local", "Test-Passw0rd!")
            #expect(try await browser.get("/admin/settings").status == .ok)
            let posted = try await browser.post(
                "/admin/settings", [("companyNameZh", "星河"), ("companyNameEn", "Xinghe"), ("feedbackQueueId", ""), ("version", "2")])
            #expect(posted.status == .seeOther, "\(posted.body.string)")
            #expect(try await Browser(app).get("/public").body.string.contains("星河"))
        }
    }
}
