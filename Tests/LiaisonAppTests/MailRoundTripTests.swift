import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import MailTestServers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Mail both ways against real servers on 127.0.0.1: a reply sent through aiosmtpd (STARTTLS, AUTH) with its
/// threading headers and the customer's answer joining the request; Dovecot read by the poller without skipping or
/// repeating; the corpus of mailers; and thousands of malformed messages, each ending as a message or in quarantine.
@Suite(.serialized, .timeLimit(.minutes(15))) struct MailRoundTripTests {
    struct World {
        var admin: APIClient
        var relay: APIClient
        var agent: APIClient
        var queue: String
        var customer: String
    }

    private func world(_ app: TestApp, mailbox: [String: Any]) async throws -> (World, String) {
        let (_, adminToken) = try await app.admin()
        let admin = APIClient(app: app, token: adminToken)
        let queue = try await admin.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String
        let relayPerson = try await app.person("relay@test.local", name: "邮件中继", roles: [.service])
        let relay = APIClient(app: app, token: try await app.token(for: relayPerson))
        let agentPerson = try await app.person(
            "agent@test.local", name: "黄丽", roles: [.agent], department: UUID(uuidString: queue))
        let agent = APIClient(app: app, token: try await app.token(for: agentPerson))
        let customer = try await admin.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
        _ = try await admin.call(
            .POST, "/api/v1/contacts",
            json: ["customerId": customer, "name": "陈工", "emails": ["chen@nbport.cn"], "language": "zh-Hans"])
        var body = mailbox
        body["address"] = "support@liaison.example"
        body["departmentId"] = queue
        let made = try await admin.call(.POST, "/api/v1/mailboxes", json: body)
        #expect(made.status == .created, "\(made.text)")
        return (
            World(admin: admin, relay: relay, agent: agent, queue: queue, customer: customer),
            made.object["id"] as? String ?? ""
        )
    }

    private func send(_ world: World, _ data: [UInt8]) async throws -> TestingHTTPResponse {
        try await world.relay.post(
            "/api/v1/mail/inbound", data: Data(data), contentType: HTTPMediaType(type: "message", subType: "rfc822"))
    }

    @Test(.enabled(if: SMTPTestServer.enabled, Comment(rawValue: SMTPTestServer.missing)))
    func aReplyReachesTheSMTPServerThreadedAndTheAnswerJoinsItsRequest() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let certificate = try SMTPTestServer.certificate(in: folder)
        let smtp = try SMTPTestServer(
            ["--starttls", certificate.certFile, certificate.keyFile, "--auth", "support:邮箱 pass"], folder: folder)
        defer { smtp.stop() }
        try await withTestApp { (app: TestApp) async throws in
            let (world, _) = try await world(
                app,
                mailbox: [
                    "name": "宁波客服", "smtpHost": "127.0.0.1", "smtpPort": smtp.port, "smtpSecurity": "starttls",
                    "smtpUsername": "support", "smtpPassword": "邮箱 pass", "verifyCertificate": false,
                ])
            let opened = try await send(world, Array(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "集装箱系统无法登录", body: "系统从今早开始无法登录。", id: "c1@nbport.cn")))
            let requestID = try #require(opened.object["requestId"] as? String)
            let opening = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)")
            let number = try #require(opening.object["number"] as? String)

            // The sender is told their request's number first, in their language, marked as automatic; the notice
            // is no response (the first-response clock still runs) and reopens nothing.
            _ = try await app.app.jobRunner.runDue(app.app, limit: 20)
            let notices = try smtp.received()
            #expect(notices.count == 1)
            let notice = String(decoding: notices.first?.message ?? [], as: UTF8.self)
            #expect(notice.contains("Auto-Submitted: auto-replied"))
            let noticeText = MailMessage(parsing: notices.first?.message ?? []).text
            #expect(noticeText.contains("我们已收到您的邮件") && noticeText.contains(number), "\(noticeText)")
            let afterNotice = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)")
            #expect(afterNotice.object["firstRespondedAt"] == nil)
            #expect(afterNotice.object["status"] as? String == opening.object["status"] as? String)

            let reply = try await world.agent.call(
                .POST, "/api/v1/requests/\(requestID)/messages",
                json: ["body": "您好，已为您**重置**密码，请再试。", "visibility": "public"])
            #expect(reply.status == .created, "\(reply.text)")
            #expect((reply.object["mail"] as? [String: Any])?["state"] as? String == "queued")
            _ = try await app.app.jobRunner.runDue(app.app, limit: 20)

            // Each sending job was marked done in the same write that marked its message sent.
            struct Job: Decodable { var status: String }
            let jobs = try await app.app.db.sql.raw("SELECT status FROM jobs WHERE kind = 'mail.send'")
                .all(decoding: Job.self)
            #expect(jobs.count == 2 && jobs.allSatisfy { $0.status == "succeeded" }, "\(jobs)")
            let received = Array(try smtp.received().dropFirst())
            #expect(received.count == 1)
            #expect(received.first?.from == "support@liaison.example")
            #expect(received.first?.to == ["chen@nbport.cn"])
            // The reply answers the customer's mail, not the notice.
            let sent = MailMessage(parsing: received.first?.message ?? [])
            #expect(sent.subject == "Re: [\(number)] 集装箱系统无法登录")
            let replyText = String(decoding: received.first?.message ?? [], as: UTF8.self)
            #expect(!replyText.contains("Auto-Submitted"))
            #expect(sent.inReplyTo == ["c1@nbport.cn"])
            #expect(sent.references == ["c1@nbport.cn"])
            #expect(sent.text.contains("已为您**重置**密码") && sent.text.contains(number))
            #expect(sent.html?.contains("<strong>重置</strong>") == true)
            #expect(sent.from?.name == "宁波客服")
            let ourID = try #require(sent.messageID)

            let messages = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages")
            let mail = (messages.object["items"] as? [[String: Any]])?.last?["mail"] as? [String: Any]
            #expect(mail?["state"] as? String == "sent")
            #expect(mail?["messageId"] as? String == ourID)
            #expect((mail?["serverReply"] as? String)?.hasPrefix("250") == true)

            // Outlook drops In-Reply-To but keeps References; the answer joins the same request.
            var answer = Array(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "答复: 集装箱系统无法登录", body: "可以登录了，谢谢！", id: "c2@nbport.cn"))
            answer = Array("References: <c1@nbport.cn> <\(ourID)>\r\n".utf8) + answer
            let joined = try await send(world, answer)
            #expect(joined.object["outcome"] as? String == "joined")
            #expect(joined.object["requestId"] as? String == requestID)
            // Our own message coming back (a copy to the mailbox) is not taken as new mail.
            let echo = try await send(world, received.first?.message ?? [])
            #expect(echo.object["outcome"] as? String == "ownMessage" || echo.object["outcome"] as? String == "quarantined")
            #expect(echo.object["requestId"] == nil)
        }
    }

    @Test(.enabled(if: IMAPTestServer.enabled, Comment(rawValue: IMAPTestServer.missing)))
    func theIMAPPollerTakesNewMailOnceAndKeepsItsPlace() async throws {
        let imap = try IMAPTestServer()
        defer { imap.stop() }
        try await withTestApp { (app: TestApp) async throws in
            let (world, mailboxID) = try await world(
                app,
                mailbox: [
                    "smtpHost": "127.0.0.1", "imapHost": "127.0.0.1", "imapPort": imap.port, "imapSecurity": "none",
                    "imapUsername": imap.username, "imapPassword": imap.password, "imapAfter": "seen",
                    "acknowledge": false,
                ])
            try imap.deliver(Array(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "冷库温度异常", body: "3 号冷库温度升到 -5℃。", id: "p1@nbport.cn")))
            try imap.deliver(Array(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "Re: 冷库温度异常", body: "现在恢复了。", id: "p2@nbport.cn",
                inReplyTo: "p1@nbport.cn")))
            let mailbox = try #require(try await MailboxQueries.find(UUID(uuidString: mailboxID)!, on: app.app.db))
            try await MailJobs.pollOnce(mailbox, app: app.app, logger: app.app.logger)
            let list = try await world.agent.call(.GET, "/api/v1/requests?customerId=\(world.customer)&status=all")
            let items = try #require(list.object["items"] as? [[String: Any]])
            #expect(items.count == 1)
            let requestID = try #require(items.first?["id"] as? String)
            let messages = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages")
            #expect((messages.object["items"] as? [Any])?.count == 2)
            let polled = try await world.admin.call(.GET, "/api/v1/mailboxes/\(mailboxID)")
            #expect(polled.text.contains("imapPolledAt") || polled.status == .ok)

            // Polled again (as after a restart): nothing repeated; new mail since is taken.
            try await MailJobs.pollOnce(mailbox, app: app.app, logger: app.app.logger)
            try imap.deliver(Array(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "新问题：叉车充电桩", body: "充电桩不工作。", id: "p3@nbport.cn")))
            try await MailJobs.pollOnce(mailbox, app: app.app, logger: app.app.logger)
            let after = try await world.agent.call(.GET, "/api/v1/requests?customerId=\(world.customer)&status=all")
            #expect((after.object["items"] as? [Any])?.count == 2)
            let again = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages")
            #expect((again.object["items"] as? [Any])?.count == 2)
            let cursor = try #require(try await MailboxQueries.cursor(of: mailbox.id, on: app.app.db))
            #expect(cursor.lastUID == 3)
        }
    }

    @Test func theMailersCorpusMakesTheRightRequests() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (world, _) = try await world(app, mailbox: ["smtpHost": "127.0.0.1"])
            for sample in MailCorpus.samples(from: "chen@nbport.cn", to: "support@liaison.example", tag: "c") {
                let taken = try await send(world, sample.bytes)
                #expect(taken.object["outcome"] as? String == "opened", "\(sample.mailer): \(taken.text)")
                guard let requestID = taken.object["requestId"] as? String else { continue }
                let request = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)")
                #expect(request.object["subject"] as? String == sample.subject, "\(sample.mailer)")
                #expect(request.object["customerId"] as? String == world.customer, "\(sample.mailer)")
                let messages = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages")
                let first = (messages.object["items"] as? [[String: Any]])?.first ?? [:]
                // The body is the mail's text as Markdown that shows it literally (its punctuation escaped).
                let body = (first["body"] as? String ?? "").replacingOccurrences(of: "\\", with: "")
                for text in sample.contains { #expect(body.contains(text), "\(sample.mailer): \(body)") }
                for text in sample.excludes { #expect(!body.contains(text), "\(sample.mailer) kept \(text): \(body)") }
                let files = (first["attachments"] as? [[String: Any]] ?? []).compactMap { $0["filename"] as? String }
                #expect(files == sample.files, "\(sample.mailer)")
                #expect(first["channel"] as? String == "email")
                // Then the acknowledgement, queued as mail to the sender.
                let second = (messages.object["items"] as? [[String: Any]])?.dropFirst().first ?? [:]
                let number = request.object["number"] as? String ?? "?"
                #expect((second["body"] as? String)?.contains(number) == true, "\(sample.mailer)")
                #expect((second["mail"] as? [String: Any])?["state"] as? String == "queued", "\(sample.mailer)")
            }
        }
    }

    /// Malformed and truncated messages, made by cutting, splicing and corrupting the corpus with a fixed seed:
    /// none crashes, and each ends as a message on a request or an entry in quarantine (or as the duplicate of one).
    @Test func thousandsOfMalformedMessagesEachEndSomewhere() async throws {
        let count = Int(ProcessInfo.processInfo.environment["LIAISON_MAIL_FUZZ_COUNT"] ?? "") ?? 10_000
        try await withTestApp { (app: TestApp) async throws in
            // Without acknowledgements: nothing goes out, whatever comes in.
            let (_, mailboxID) = try await world(app, mailbox: ["smtpHost": "127.0.0.1", "acknowledge": false])
            let mailbox = try #require(try await MailboxQueries.find(UUID(uuidString: mailboxID)!, on: app.app.db))
            var random = SplitMix(seed: 20_261_207)
            var outcomes: [String: Int] = [:]
            for index in 0..<count {
                // A third from the customer's contact (who soon reaches the hourly limit), the rest from 400 senders
                // nobody knows.
                let sender = index % 3 == 0 ? "chen@nbport.cn" : "s\(index % 400)@fuzz.example"
                let samples = MailCorpus.samples(from: sender, to: "support@liaison.example", tag: "f\(index)")
                let bytes = Self.mutate(samples[index % samples.count].bytes, &random)
                let taken = try await MailIngest.take(bytes, for: .known(mailbox), by: .system("fuzz"), app: app.app)
                outcomes[taken.outcome.outcome, default: 0] += 1
            }
            #expect(outcomes.values.reduce(0, +) == count)
            #expect(outcomes["ownMessage", default: 0] == 0)
            // Every message is accounted for: stored on a request (a new or a joined one), held, or a duplicate of
            // one that was.
            let sql = app.app.db.sql
            struct Count: Decodable { var n: Int }
            let mails = try await sql.raw("SELECT COUNT(*) AS n FROM mail_messages WHERE direction = 'inbound'")
                .first(decoding: Count.self)?.n ?? 0
            let held = try await sql.raw("SELECT COUNT(*) AS n FROM mail_quarantine").first(decoding: Count.self)?.n ?? 0
            #expect(mails + held + outcomes["duplicate", default: 0] == count, "\(outcomes), \(mails) mail, \(held) held")
            #expect((outcomes["opened"] ?? 0) > 0 && (outcomes["quarantined"] ?? 0) > 0, "\(outcomes)")
            let outbound = try await sql.raw("SELECT COUNT(*) AS n FROM mail_messages WHERE direction = 'outbound'")
                .first(decoding: Count.self)?.n ?? -1
            #expect(outbound == 0)
        }
    }

    /// One of: cut short, a run of bytes replaced by noise, a header line doubled or dropped, a boundary broken,
    /// CR/LF and NUL sprinkled in, or left whole (so that threading and duplicates happen too).
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return out }
        switch random.next() % 7 {
        case 0:
            out = Array(out.prefix(Int(random.next() % UInt64(out.count))))
        case 1:
            let start = Int(random.next() % UInt64(out.count))
            for i in start..<min(out.count, start + 1 + Int(random.next() % 64)) { out[i] = UInt8(random.next() & 0xFF) }
        case 2:
            let text = String(decoding: out, as: UTF8.self)
            var lines = text.components(separatedBy: "\r\n")
            let line = Int(random.next() % UInt64(max(1, min(lines.count, 12))))
            if random.next() % 2 == 0 { lines.insert(lines[line], at: line) } else { lines.remove(at: line) }
            out = Array(lines.joined(separator: "\r\n").utf8)
        case 3:
            let text = String(decoding: out, as: UTF8.self).replacingOccurrences(of: "boundary=", with: "boundary=x")
            out = Array(text.utf8)
        case 4:
            for _ in 0..<8 {
                let at = Int(random.next() % UInt64(out.count))
                out.insert([0, 13, 10, 0x1B][Int(random.next() % 4)], at: at)
            }
        case 5:
            // Headers only, or a body with no headers.
            if let split = out.firstRange(of: [13, 10, 13, 10]) {
                out = random.next() % 2 == 0 ? Array(out[..<split.lowerBound]) : Array(out[split.upperBound...])
            }
        default:
            break
        }
        return out
    }
}

/// A small seeded generator (SplitMix64), so that a failing run can be repeated.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
