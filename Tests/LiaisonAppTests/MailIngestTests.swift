import CoreFoundation
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Mail taken in through the relay endpoint: a known contact's mail opens a request for its customer, replies
/// thread (by In-Reply-To, by the subject's tag, by sender and subject), the same message twice is one, a forged
/// thread into another customer's request and noise wait in quarantine, and an unknown sender's mail opens a
/// request without a customer that only its queue sees until it is linked.
@Suite struct MailIngestTests {
    struct World {
        var admin: APIClient
        var relay: APIClient
        var agent: APIClient
        var queue: String
        var customer: String
        var contact: String
        var otherCustomer: String
        var otherContact: String
        var mailbox: String
    }

    private func world(_ app: TestApp) async throws -> World {
        let (_, adminToken) = try await app.admin()
        let admin = APIClient(app: app, token: adminToken)
        let queue = try await admin.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String
        let relayPerson = try await app.person("relay@test.local", name: "邮件中继", roles: [.service])
        let relay = APIClient(app: app, token: try await app.token(for: relayPerson))
        let agentPerson = try await app.person(
            "agent@test.local", name: "黄丽", roles: [.agent], department: UUID(uuidString: queue))
        let agent = APIClient(app: app, token: try await app.token(for: agentPerson))
        let customer = try await admin.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
        let contact = try await admin.call(
            .POST, "/api/v1/contacts", json: ["customerId": customer, "name": "陈工", "emails": ["chen@nbport.cn"]]
        ).object["id"] as! String
        let other = try await admin.call(.POST, "/api/v1/customers", json: ["name": "杭州云栖科技"]).object["id"] as! String
        let otherContact = try await admin.call(
            .POST, "/api/v1/contacts", json: ["customerId": other, "name": "王敏", "emails": ["wang@yunqi.cn"]]
        ).object["id"] as! String
        let mailbox = try await admin.call(
            .POST, "/api/v1/mailboxes",
            json: ["address": "support@liaison.example", "departmentId": queue, "smtpHost": "127.0.0.1", "smtpPort": 2525,
                "smtpSecurity": "none", "acknowledge": false]
        ).object["id"] as! String
        return World(
            admin: admin, relay: relay, agent: agent, queue: queue, customer: customer, contact: contact,
            otherCustomer: other, otherContact: otherContact, mailbox: mailbox)
    }

    /// A message as a Chinese mailer writes it: GBK body, encoded-word subject, optional threading headers.
    static func message(
        from: String, subject: String, body: String, id: String, inReplyTo: String? = nil, extra: String = ""
    ) -> Data {
        let gbk = CFStringConvertEncodingToNSStringEncoding(
            CFStringConvertIANACharSetNameToEncoding(CFStringCreateWithCString(nil, "GBK", CFStringBuiltInEncodings.UTF8.rawValue)))
        let encodedSubject = "=?GBK?B?" + (subject.data(using: String.Encoding(rawValue: gbk)) ?? Data()).base64EncodedString() + "?="
        var head = """
            From: =?GBK?B?\(("客户".data(using: String.Encoding(rawValue: gbk)) ?? Data()).base64EncodedString())?= <\(from)>
            To: support@liaison.example
            Subject: \(encodedSubject)
            Message-ID: <\(id)>
            Date: Mon, 7 Dec 2026 10:00:00 +0800
            MIME-Version: 1.0
            Content-Type: text/plain; charset=GBK
            Content-Transfer-Encoding: base64

            """
        if let inReplyTo { head = "In-Reply-To: <\(inReplyTo)>\n" + head }
        head = extra + head + "\n"
        var data = Data(head.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        data.append(Data(((body.data(using: String.Encoding(rawValue: gbk)) ?? Data()).base64EncodedString() + "\r\n").utf8))
        return data
    }

    private func send(_ world: World, _ data: Data) async throws -> TestingHTTPResponse {
        try await world.relay.post("/api/v1/mail/inbound", data: data, contentType: HTTPMediaType(type: "message", subType: "rfc822"))
    }

    @Test func aContactsMailOpensARequestAndItsRepliesThread() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let first = try await send(world, Self.message(
                from: "Chen@NBPort.cn", subject: "集装箱系统无法登录", body: "您好，\n系统从今早开始无法登录，请尽快处理。", id: "a1@nbport.cn"))
            #expect(first.status == .accepted, "\(first.text)")
            #expect(first.object["outcome"] as? String == "opened")
            let requestID = try #require(first.object["requestId"] as? String)
            let request = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)")
            #expect(request.object["customerId"] as? String == world.customer)
            #expect(request.object["contactId"] as? String == world.contact)
            #expect(request.object["channel"] as? String == "email")
            #expect(request.object["subject"] as? String == "集装箱系统无法登录")
            #expect(request.object["queueId"] as? String == world.queue)
            let messages = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages")
            #expect(messages.text.contains("系统从今早开始无法登录"), "\(messages.text)")

            // The same message again is one message.
            let again = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "集装箱系统无法登录", body: "您好", id: "a1@nbport.cn"))
            #expect(again.status == .ok)
            #expect(again.object["outcome"] as? String == "duplicate")
            #expect(again.object["requestId"] as? String == requestID)

            // In-Reply-To joins; so does the subject's tag without it (Outlook, Foxmail); so does sender + subject.
            let byID = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "Re: 集装箱系统无法登录", body: "补充：错误码 E102", id: "a2@nbport.cn",
                inReplyTo: "a1@nbport.cn"))
            #expect(byID.object["outcome"] as? String == "joined")
            #expect(byID.object["requestId"] as? String == requestID)
            let number = try #require(request.object["number"] as? String)
            let byTag = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "答复: [\(number)] 集装箱系统无法登录", body: "截图见附件", id: "a3@nbport.cn"))
            #expect(byTag.object["requestId"] as? String == requestID)
            let bySubject = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "回复：集装箱系统无法登录", body: "还是不行", id: "a4@nbport.cn"))
            #expect(bySubject.object["requestId"] as? String == requestID)
            let count = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages").items.count
            #expect(count == 4)

            // Audited as mail received, with the Message-ID.
            let audit = try await world.admin.call(.GET, "/api/v1/audit?action=mail.receive")
            #expect(audit.text.contains("a2@nbport.cn"))
        }
    }

    @Test func aForgedThreadIntoAnotherCustomersRequestWaitsInQuarantine() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let opened = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "合同续签", body: "请发送新合同", id: "c1@nbport.cn"))
            let requestID = try #require(opened.object["requestId"] as? String)
            let forged = try await send(world, Self.message(
                from: "wang@yunqi.cn", subject: "Re: 合同续签", body: "我也要看", id: "f1@yunqi.cn", inReplyTo: "c1@nbport.cn"))
            #expect(forged.status == .accepted)
            #expect(forged.object["outcome"] as? String == "quarantined")
            #expect(forged.object["reason"] as? String == "threadRefused")
            #expect(try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages").items.count == 1)
            let held = try await world.admin.call(.GET, "/api/v1/mail/quarantine")
            #expect(held.items.count == 1)
            #expect(held.text.contains("wang@yunqi.cn"))
        }
    }

    @Test func automaticMailIsRecordedButNeverReopens() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let opened = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "发票问题", body: "发票抬头错误", id: "i1@nbport.cn"))
            let requestID = try #require(opened.object["requestId"] as? String)
            let resolved = try await world.agent.call(.PATCH, "/api/v1/requests/\(requestID)", json: ["status": "resolved"])
            #expect(resolved.status == .ok, "\(resolved.text)")
            let auto = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "自动回复: 发票问题", body: "我正在休假", id: "o1@nbport.cn",
                inReplyTo: "i1@nbport.cn", extra: "Auto-Submitted: auto-replied\n"))
            #expect(auto.object["outcome"] as? String == "joined")
            let request = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)")
            #expect(request.object["status"] as? String == "resolved")
            // Automatic mail that answers nothing known waits in quarantine; it opens nothing.
            let stray = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "Out of office", body: "Away", id: "o2@nbport.cn",
                extra: "Auto-Submitted: auto-replied\n"))
            #expect(stray.object["reason"] as? String == "automatic")
        }
    }

    @Test func anUnknownSenderOpensARequestOnlyItsQueueSeesUntilLinked() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let outsider = try await app.person("sales@test.local", name: "销售", roles: [.sales])
            let sales = APIClient(app: app, token: try await app.token(for: outsider))
            let opened = try await send(world, Self.message(
                from: "li.na@newco.cn", subject: "询价：冷链监控方案", body: "请报价 200 台设备。", id: "n1@newco.cn"))
            #expect(opened.object["outcome"] as? String == "opened")
            let requestID = try #require(opened.object["requestId"] as? String)
            let seen = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)")
            #expect(seen.status == .ok)
            #expect(seen.object["customerId"] == nil)
            #expect(try await sales.call(.GET, "/api/v1/requests/\(requestID)").status == .notFound)
            // The same sender's next mail on the subject joins it; nobody else's does.
            let more = try await send(world, Self.message(
                from: "li.na@newco.cn", subject: "Re: 询价：冷链监控方案", body: "另外需要安装服务", id: "n2@newco.cn",
                inReplyTo: "n1@newco.cn"))
            #expect(more.object["requestId"] as? String == requestID)
            let intruder = try await send(world, Self.message(
                from: "x@evil.example", subject: "Re: 询价：冷链监控方案", body: "?", id: "n3@evil.example",
                inReplyTo: "n1@newco.cn"))
            #expect(intruder.object["reason"] as? String == "threadRefused")

            // Linked to a customer, it is the customer's: its need-to-know rule, its timeline.
            let linked = try await world.agent.call(
                .POST, "/api/v1/requests/\(requestID)/link", json: ["customerId": world.customer])
            #expect(linked.status == .ok, "\(linked.text)")
            #expect(linked.object["customerId"] as? String == world.customer)
            #expect(try await sales.call(.GET, "/api/v1/requests/\(requestID)").status == .ok)
            let again = try await world.agent.call(
                .POST, "/api/v1/requests/\(requestID)/link", json: ["customerId": world.otherCustomer])
            #expect(again.status == .conflict)
        }
    }

    @Test func theRelayEndpointTakesOnlyRawMailFromItsServiceAccount() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let json = try await world.relay.call(.POST, "/api/v1/mail/inbound", json: ["raw": "x"])
            #expect(json.status == .unsupportedMediaType)
            let notAllowed = try await world.agent.post(
                "/api/v1/mail/inbound", data: Data("From: a@b.cn\r\n\r\nhi".utf8),
                contentType: HTTPMediaType(type: "message", subType: "rfc822"))
            #expect(notAllowed.status == .forbidden)
            let empty = try await send(world, Data())
            #expect(empty.status == .badRequest)
            // Garbage is kept, in quarantine.
            let garbage = try await send(world, Data([0, 1, 2, 255, 254, 13, 10, 13, 10]))
            #expect(garbage.status == .accepted)
            #expect(garbage.object["outcome"] as? String == "quarantined")
        }
    }

    @Test func aSenderOverTheHourlyLimitWaitsInQuarantine() async throws {
        try await withTestApp(["LIAISON_MAIL_SENDER_LIMIT": "3"]) { (app: TestApp) async throws in
            let world = try await world(app)
            var outcomes: [String] = []
            for index in 0..<5 {
                let answer = try await send(world, Self.message(
                    from: "chen@nbport.cn", subject: "循环 \(index)", body: "loop", id: "l\(index)@nbport.cn"))
                outcomes.append((answer.object["reason"] as? String) ?? (answer.object["outcome"] as? String ?? ""))
            }
            #expect(outcomes == ["opened", "opened", "opened", "rateLimited", "rateLimited"])
        }
    }

    @Test func aPublicReplyIsQueuedAsMailThreadedUnderTheCustomersMessage() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let opened = try await send(world, Self.message(
                from: "chen@nbport.cn", subject: "报关单打印", body: "打印机报错", id: "p1@nbport.cn"))
            let requestID = try #require(opened.object["requestId"] as? String)
            let reply = try await world.agent.call(
                .POST, "/api/v1/requests/\(requestID)/messages", json: ["body": "请重启打印服务后再试。", "visibility": "public"])
            #expect(reply.status == .created, "\(reply.text)")
            let mail = try #require(reply.object["mail"] as? [String: Any])
            #expect(mail["state"] as? String == "queued")
            #expect(mail["inReplyTo"] as? String == "p1@nbport.cn")
            #expect(mail["references"] as? [String] == ["p1@nbport.cn"])
            #expect((mail["subject"] as? String)?.contains("[R-") == true)
            #expect((mail["to"] as? [String])?.first?.contains("chen@nbport.cn") == true)
            // An internal note is never mail.
            let note = try await world.agent.call(
                .POST, "/api/v1/requests/\(requestID)/messages", json: ["body": "内部备注", "visibility": "internal"])
            #expect(note.object["mail"] == nil)

            // The mailbox's server is not there (port 2525 on 127.0.0.1): the try fails, the mail stays queued with
            // the reason, to be tried again.
            let runner = app.app.jobRunner
            _ = try await runner.runDue(app.app)
            let messages = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages")
            let sent = try #require(messages.items.compactMap { $0["mail"] as? [String: Any] }.first { $0["direction"] as? String == "outbound" })
            #expect(sent["state"] as? String == "queued")
            #expect(sent["attempts"] as? Int == 1)
            #expect((sent["serverReply"] as? String)?.isEmpty == false)

            // A failure for good tells the author.
            let mailID = try #require(try await app.db.sql.raw("SELECT id FROM mail_messages WHERE direction = 'outbound'").first()?
                .decode(column: "id", as: UUID.self))
            let now = app.clock.now
            try await app.app.write { tx in
                try await MailOutbox.markFailed(mailID, error: "550 5.1.1 mailbox unavailable", final: true,
                    in: WriteContext(actor: .system("test"), now: now), on: tx)
            }
            let notifications = try await world.agent.call(.GET, "/api/v1/notifications")
            #expect(notifications.text.contains("550 5.1.1"), "\(notifications.text)")
            let raw = try await world.agent.call(.GET, "/api/v1/requests/\(requestID)/messages/\(opened.object["messageId"] as! String)/raw")
            #expect(raw.status == .ok)
            #expect(raw.headers.contentType?.description.hasPrefix("message/rfc822") == true)
        }
    }
}
