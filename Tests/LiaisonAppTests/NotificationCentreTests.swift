import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import MailTestServers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The notification centre: every notification listed, filtered and paged, an unread count in the header of every
/// page, marking read; each person's preferences per kind (in Liaison, email, chat group) and quiet hours, with the
/// email received by a real SMTP server and the chat message by a real HTTP receiver.
@Suite(.serialized, .timeLimit(.minutes(15))) struct NotificationCentreTests {
    struct World {
        var admin: APIClient
        var agent: APIClient
        var agentPerson: Person
        var queue: String
        var customer: String
        var contact: String
    }

    private func world(_ app: TestApp) async throws -> World {
        let (_, adminToken) = try await app.admin()
        let admin = APIClient(app: app, token: adminToken)
        let queue = try await admin.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String
        let agentPerson = try await app.person(
            "agent@test.local", name: "黄丽", roles: [.agent], department: UUID(uuidString: queue))
        let agent = APIClient(app: app, token: try await app.token(for: agentPerson))
        let customer = try await admin.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
        let contact = try await admin.call(
            .POST, "/api/v1/contacts", json: ["customerId": customer, "name": "陈工", "emails": ["chen@nbport.cn"]]
        ).object["id"] as! String
        return World(
            admin: admin, agent: agent, agentPerson: agentPerson, queue: queue, customer: customer, contact: contact)
    }

    /// A request assigned to the agent by the administrator (which notifies the agent).
    @discardableResult
    private func assign(_ world: World, _ subject: String) async throws -> String {
        let made = try await world.admin.call(
            .POST, "/api/v1/requests",
            json: [
                "customerId": world.customer, "contactId": world.contact, "kind": "issue", "priority": "normal",
                "subject": subject, "body": "详情", "queueId": world.queue,
                "assigneeId": world.agentPerson.id.uuidString,
            ])
        #expect(made.status == .created, "\(made.text)")
        return made.object["id"] as! String
    }

    @Test func theCentreListsFiltersPagesAndMarksRead() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let first = try await assign(world, "打印机卡纸")
            #expect(try await world.agent.call(.GET, "/api/v1/notifications/unread-count").object["unread"] as? Int == 1)
            let assigned = try await world.agent.call(.GET, "/api/v1/notifications?unread=true&kind=assigned")
            let items = try #require(assigned.object["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect((items.first?["text"] as? String)?.contains("打印机卡纸") == true)
            #expect(items.first?["link"] as? String == "/requests/\(first.uppercased())")
            #expect(try await world.agent.call(.GET, "/api/v1/notifications?kind=mention").object["items"] as? [Any] != nil)
            #expect(
                (try await world.agent.call(.GET, "/api/v1/notifications?kind=mention").object["items"] as? [Any])?
                    .isEmpty == true)
            let bad = try await world.agent.call(.GET, "/api/v1/notifications?kind=gossip&unread=maybe")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("kind") && bad.text.contains("unread"))

            // Paged newest first, continued by the cursor.
            for index in 1...3 {
                app.clock.advance(by: 60)
                try await assign(world, "问题\(index)")
            }
            let page1 = try await world.agent.call(.GET, "/api/v1/notifications?limit=2")
            let page1Items = try #require(page1.object["items"] as? [[String: Any]])
            #expect(page1Items.compactMap { $0["text"] as? String }.map { $0.contains("问题3") } == [true, false])
            let cursor = try #require(page1.object["nextCursor"] as? String)
            let page2 = try await world.agent.call(.GET, "/api/v1/notifications?limit=2&cursor=\(cursor)")
            let page2Items = try #require(page2.object["items"] as? [[String: Any]])
            #expect(page2Items.count == 2)
            #expect((page2Items.last?["text"] as? String)?.contains("打印机卡纸") == true)
            #expect(page2.object["nextCursor"] is NSNull)

            // The page: the list, the count in the header, marking one read and then all.
            let browser = Browser(app)
            _ = try await browser.signIn("agent@test.local", "Test-Passw0rd!")
            let home = try await browser.get("/")
            #expect(home.body.string.contains(#"class="bell unread""#))
            #expect(home.body.string.contains(#"<span class="badge">4</span>"#))
            let page = try await browser.get("/notifications?unread=true")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("打印机卡纸"))
            let firstID = try #require(items.first?["id"] as? String)
            let read = try await browser.post(
                "/notifications/read", [("id", firstID), ("back", "/notifications?unread=true")])
            #expect(read.status == .seeOther)
            #expect(read.headers.first(name: .location) == "/notifications?unread=true")
            #expect(try await world.agent.call(.GET, "/api/v1/notifications/unread-count").object["unread"] as? Int == 3)
            let away = try await browser.post("/notifications/read", [("all", "true"), ("back", "https://evil.example/")])
            #expect(away.headers.first(name: .location) == "/")
            #expect(try await world.agent.call(.GET, "/api/v1/notifications/unread-count").object["unread"] as? Int == 0)
            let after = try await browser.get("/notifications")
            #expect(!after.body.string.contains(#"class="badge""#))
            #expect(after.body.string.contains("打印机卡纸"))
        }
    }

    @Test func aCustomersReplyNotifiesTheAssigneeOnly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let request = try await assign(world, "发票抬头")
            _ = try await world.agent.call(.POST, "/api/v1/notifications/read", json: ["all": true])
            // A colleague records the customer's answer: the assignee hears of it.
            let answer = try await world.admin.call(
                .POST, "/api/v1/requests/\(request)/messages", json: ["body": "抬头应为宁波港集团", "contactId": world.contact])
            #expect(answer.status == .created, "\(answer.text)")
            let unread = try await world.agent.call(.GET, "/api/v1/notifications?unread=true")
            let items = try #require(unread.object["items"] as? [[String: Any]])
            #expect(items.map { $0["kind"] as? String } == ["customerReply"])
            #expect((items.first?["link"] as? String)?.hasPrefix("/requests/\(request.uppercased())#m-") == true)
            // The assignee's own reply tells nobody; an internal note neither.
            _ = try await world.agent.call(
                .POST, "/api/v1/requests/\(request)/messages", json: ["body": "已更正", "visibility": "public"])
            #expect(try await world.agent.call(.GET, "/api/v1/notifications/unread-count").object["unread"] as? Int == 1)
        }
    }

    @Test func preferencesAreValidatedSavedAndAudited() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await world(app)
            let initial = try await world.agent.call(.GET, "/api/v1/notification-preferences")
            #expect(initial.status == .ok)
            let kinds = try #require(initial.object["preferences"] as? [[String: Any]])
            #expect(kinds.count == NotificationKind.allCases.count)
            #expect(kinds.allSatisfy { $0["inApp"] as? Bool == true && $0["email"] as? Bool == false })
            #expect(initial.object["quietHours"] is NSNull || initial.object["quietHours"] == nil)

            let refused = try await world.agent.call(
                .PUT, "/api/v1/notification-preferences",
                json: [
                    "preferences": [["kind": "gossip"], ["kind": "assigned"], ["kind": "assigned"]],
                    "quietHours": ["start": "25:00", "end": "08:00"],
                ])
            #expect(refused.status == .unprocessableEntity)
            for field in ["preferences[0].kind", "preferences[2].kind", "quietHours.start"] {
                #expect(refused.text.contains(field), "\(field): \(refused.text)")
            }
            let same = try await world.agent.call(
                .PUT, "/api/v1/notification-preferences", json: ["quietHours": ["start": "22:00", "end": "22:00"]])
            #expect(same.status == .unprocessableEntity)

            let saved = try await world.agent.call(
                .PUT, "/api/v1/notification-preferences",
                json: [
                    "preferences": [["kind": "assigned", "inApp": false, "email": true, "chat": true]],
                    "quietHours": ["start": "22:00", "end": "08:00"],
                ])
            #expect(saved.status == .ok, "\(saved.text)")
            let assigned = (saved.object["preferences"] as? [[String: Any]])?.first { $0["kind"] as? String == "assigned" }
            #expect(assigned?["email"] as? Bool == true && assigned?["inApp"] as? Bool == false)
            #expect((saved.object["quietHours"] as? [String: Any])?["start"] as? String == "22:00")
            let audit = try await world.admin.call(.GET, "/api/v1/audit?action=user.preferences")
            #expect(audit.text.contains("notify.assigned") && audit.text.contains("quietHours"))

            // Not shown in Liaison: kept as read, so the header does not count it.
            try await assign(world, "屏幕闪烁")
            #expect(try await world.agent.call(.GET, "/api/v1/notifications/unread-count").object["unread"] as? Int == 0)
            #expect((try await world.agent.call(.GET, "/api/v1/notifications").object["items"] as? [Any])?.count == 1)

            // The form says what is wrong and keeps what was ticked.
            let browser = Browser(app)
            _ = try await browser.signIn("agent@test.local", "Test-Passw0rd!")
            let form = try await browser.post(
                "/notifications/preferences", [("email_mention", "on"), ("quietStart", "7pm"), ("quietEnd", "")])
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains(#"name="email_mention" value="on" aria-label"#))
            let posted = try await browser.post(
                "/notifications/preferences", [("inApp_mention", "on"), ("email_mention", "on")])
            #expect(posted.status == .seeOther)
            let back = try await world.agent.call(.GET, "/api/v1/notification-preferences")
            let mention = (back.object["preferences"] as? [[String: Any]])?.first { $0["kind"] as? String == "mention" }
            #expect(mention?["email"] as? Bool == true)
            #expect(back.object["quietHours"] == nil || back.object["quietHours"] is NSNull)
        }
    }

    @Test(.enabled(if: SMTPTestServer.enabled, Comment(rawValue: SMTPTestServer.missing)))
    func emailAndChatWaitForTheEndOfQuietHours() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let smtp = try SMTPTestServer(folder: folder)
        defer { smtp.stop() }
        try await withHookReceiver { receiver in
            try await withTestApp(["LIAISON_BASE_URL": "https://liaison.example.cn"]) { (app: TestApp) async throws in
                receiver.answer(200, #"{"errcode":0,"errmsg":"ok"}"#)
                let world = try await world(app)
                _ = try await world.admin.call(
                    .POST, "/api/v1/mailboxes",
                    json: [
                        "address": "support@liaison.example", "departmentId": world.queue, "smtpHost": "127.0.0.1",
                        "smtpPort": smtp.port, "smtpSecurity": "none",
                    ])
                let robot = try await world.admin.call(
                    .POST, "/api/v1/robots",
                    json: [
                        "name": "客服群", "departmentId": world.queue, "kind": "dingtalk",
                        "url": receiver.url("/robot/send?access_token=abc"), "events": ["request.sla_breached"],
                    ])
                #expect(robot.status == .created, "\(robot.text)")
                try await app.app.db.sql.raw(
                    "UPDATE users SET phone = '+86 138-0013-8000', time_zone = 'Asia/Shanghai' WHERE id = \(bind: world.agentPerson.id)"
                ).run()
                let saved = try await world.agent.call(
                    .PUT, "/api/v1/notification-preferences",
                    json: [
                        "preferences": [["kind": "assigned", "inApp": true, "email": true, "chat": true]],
                        "quietHours": ["start": "22:00", "end": "08:00"],
                    ])
                #expect(saved.status == .ok, "\(saved.text)")

                // 23:30 in Shanghai: inside the quiet hours, so both wait for 08:00 there (00:00 UTC).
                app.clock.set(ISO8601DateFormatter().date(from: "2026-12-07T15:30:00Z")!)
                try await assign(world, "冷库温度报警")
                _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
                #expect(try smtp.received().isEmpty)
                #expect(receiver.received.filter { $0.path == "/robot/send" }.isEmpty)

                app.clock.set(ISO8601DateFormatter().date(from: "2026-12-08T00:00:30Z")!)
                _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
                let mails = try smtp.received()
                #expect(mails.count == 1)
                #expect(mails.first?.to == ["agent@test.local"])
                let text = String(decoding: mails.first?.message ?? [], as: UTF8.self)
                #expect(text.contains("Auto-Submitted: auto-generated"))
                #expect(text.contains("https://liaison.example.cn/requests/"))

                let posts = receiver.received.filter { $0.path == "/robot/send" }
                #expect(posts.count == 1)
                let body = posts.first?.json ?? [:]
                #expect(((body["at"] as? [String: Any])?["atMobiles"] as? [String]) == ["13800138000"])
                // The group sees the kind and a link, never what the request is about.
                #expect(!(posts.first.map { String(decoding: $0.body, as: UTF8.self) } ?? "").contains("冷库温度报警"))
            }
        }
    }

    @Test func quietHoursReleaseAtTheirEndOnThePersonsClock() throws {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let night = try #require(QuietHours(start: 22 * 60, end: 8 * 60))
        let iso = ISO8601DateFormatter()
        // Before midnight, after midnight, outside.
        #expect(night.release(iso.date(from: "2026-12-07T15:30:00Z")!, in: shanghai) == iso.date(from: "2026-12-08T00:00:00Z"))
        #expect(night.release(iso.date(from: "2026-12-07T19:00:00Z")!, in: shanghai) == iso.date(from: "2026-12-08T00:00:00Z"))
        #expect(night.release(iso.date(from: "2026-12-07T05:00:00Z")!, in: shanghai) == iso.date(from: "2026-12-07T05:00:00Z"))
        let lunch = try #require(QuietHours(start: 12 * 60, end: 13 * 60 + 30))
        #expect(lunch.release(iso.date(from: "2026-12-07T04:10:00Z")!, in: shanghai) == iso.date(from: "2026-12-07T05:30:00Z"))
        #expect(QuietHours(start: 600, end: 600) == nil)
        #expect(QuietHours.minutes("7:05") == 425 && QuietHours.minutes("24:00") == nil && QuietHours.minutes("0７:00") == nil)
        #expect(NotificationJobs.mainlandMobile("+86 138-0013-8000") == "13800138000")
        #expect(NotificationJobs.mainlandMobile("021-6888 8888") == nil)
    }
}
