import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The quarantine's pages: what waits and why, the message's text as plain text, and taking it in again, putting
/// it on a request and discarding it, each audited; colleagues without the capability are refused.
@Suite struct QuarantinePagesTests {
    @Test func anAdministratorSeesWhyMailWaitsAndResolvesIt() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, adminToken) = try await app.admin()
            let admin = APIClient(app: app, token: adminToken)
            let queue = try await admin.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String
            let relayPerson = try await app.person("relay@test.local", name: "邮件中继", roles: [.service])
            let relay = APIClient(app: app, token: try await app.token(for: relayPerson))
            _ = try await admin.call(
                .POST, "/api/v1/mailboxes",
                json: ["address": "support@liaison.example", "departmentId": queue, "smtpHost": "127.0.0.1"])
            let port = try await admin.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
            _ = try await admin.call(
                .POST, "/api/v1/contacts", json: ["customerId": port, "name": "陈工", "emails": ["chen@nbport.cn"]])
            let cloud = try await admin.call(.POST, "/api/v1/customers", json: ["name": "杭州云栖科技"]).object["id"] as! String
            _ = try await admin.call(
                .POST, "/api/v1/contacts", json: ["customerId": cloud, "name": "王敏", "emails": ["wang@yunqi.cn"]])
            func send(_ data: Data) async throws -> TestingHTTPResponse {
                try await relay.post(
                    "/api/v1/mail/inbound", data: data, contentType: HTTPMediaType(type: "message", subType: "rfc822"))
            }
            _ = try await send(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "集装箱系统无法登录", body: "无法登录", id: "a1@nbport.cn"))
            // Another customer's contact answers the first customer's thread: refused, held.
            let forged = try await send(MailIngestTests.message(
                from: "wang@yunqi.cn", subject: "Re: 集装箱系统无法登录", body: "<script>alert(1)</script>我们也遇到了",
                id: "w1@yunqi.cn", inReplyTo: "a1@nbport.cn"))
            let held = try #require(forged.object["quarantineId"] as? String)

            let browser = Browser(app)
            _ = try await browser.signIn("admin@test.local", "Test-Passw0rd!")
            let mailboxes = try await browser.get("/admin/mailboxes")
            #expect(mailboxes.body.string.contains("/admin/mail/quarantine"))
            let list = try await browser.get("/admin/mail/quarantine")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Re: 集装箱系统无法登录"))
            let entry = try await browser.get("/admin/mail/quarantine/\(held)")
            #expect(entry.status == .ok)
            #expect(entry.body.string.contains("wang@yunqi.cn"))
            // The text is shown as text: the markup in it is escaped, never run.
            #expect(entry.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;我们也遇到了"))
            #expect(!entry.body.string.contains("<script>alert(1)"))
            let raw = try await browser.get("/admin/mail/quarantine/\(held)/raw")
            #expect(raw.headers.contentType?.description.hasPrefix("message/rfc822") == true)

            // An unknown number is refused in words; the request of the sender's own customer takes it.
            let wrong = try await browser.post("/admin/mail/quarantine/\(held)/assign", [("request", "R-999999")])
            #expect(wrong.status == .unprocessableEntity)
            let own = try await admin.call(
                .POST, "/api/v1/requests",
                json: ["customerId": cloud, "kind": "issue", "priority": "normal", "subject": "登录问题", "body": "见邮件"])
            let ownID = try #require(own.object["id"] as? String)
            let number = try #require(own.object["number"] as? String)
            let assigned = try await browser.post("/admin/mail/quarantine/\(held)/assign", [("request", number)])
            #expect(assigned.status == .seeOther)
            #expect(assigned.headers.first(name: .location) == "/requests/\(ownID.uppercased())")
            let messages = try await admin.call(.GET, "/api/v1/requests/\(ownID)/messages")
            #expect(messages.text.contains("我们也遇到了"))
            // Done with: a second action says so.
            let again = try await browser.post("/admin/mail/quarantine/\(held)/discard")
            #expect(again.status == .conflict)

            // Automatic mail taken in again is held again; discarding closes it.
            let stray = try await send(MailIngestTests.message(
                from: "chen@nbport.cn", subject: "自动回复：休假中", body: "我正在休假", id: "o1@nbport.cn",
                extra: "Auto-Submitted: auto-replied\n"))
            let strayID = try #require(stray.object["quarantineId"] as? String)
            let retried = try await browser.post("/admin/mail/quarantine/\(strayID)/retry")
            #expect(retried.status == .seeOther)
            let next = try #require(retried.headers.first(name: .location))
            #expect(next.hasPrefix("/admin/mail/quarantine/") && !next.contains(strayID.uppercased()))
            let discarded = try await browser.post(next + "/discard")
            #expect(discarded.headers.first(name: .location) == "/admin/mail/quarantine")
            let closed = try await browser.get("/admin/mail/quarantine?state=discarded")
            #expect(closed.body.string.contains("自动回复：休假中"))
            #expect(!(try await browser.get("/admin/mail/quarantine")).body.string.contains("自动回复：休假中"))
            let audit = try await admin.call(.GET, "/api/v1/audit?recordType=mailQuarantine")
            for action in ["mail.quarantineAssign", "mail.quarantineRelease", "mail.quarantineDiscard", "mail.rawRead"] {
                #expect(audit.text.contains(action), "\(action)")
            }

            // A colleague without the capability is refused.
            _ = try await app.person("agent@test.local", name: "黄丽", roles: [.agent], department: UUID(uuidString: queue))
            let agent = Browser(app)
            _ = try await agent.signIn("agent@test.local", "Test-Passw0rd!")
            #expect(try await agent.get("/admin/mail/quarantine").status == .forbidden)
        }
    }
}
