import Foundation
import LiaisonCore
import LiaisonData
import MailTestServers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Announcements: written in both languages, published at once or after a supervisor's approval (never the
/// author's own), scheduled and expiring, shown to the right customers, and mailed once to the contacts who may be
/// contacted.
@Suite(.timeLimit(.minutes(15))) struct AnnouncementsAPITests {
    static func body(_ extra: [String: Any] = [:]) -> [String: Any] {
        var json: [String: Any] = [
            "kind": "maintenance", "titleZh": "周六系统维护", "titleEn": "Maintenance on Saturday",
            "bodyZh": "**周六** 02:00–04:00 维护。", "bodyEn": "**Saturday** 02:00–04:00.", "audience": "public",
        ]
        json.merge(extra) { $1 }
        return json
    }

    /// A customer with a contact, through the API; answers (customer id, contact id).
    static func customer(
        _ api: APIClient, name: String, tier: String, email: String, consent: Bool = true, language: String? = nil
    ) async throws -> (String, String) {
        let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": name, "tier": tier])
        let id = try #require(customer.object["id"] as? String, "\(customer.text)")
        var contact: [String: Any] = ["customerId": id, "name": name + "联系人", "email": email]
        if !consent { contact["consent"] = ["email": false] }
        if let language { contact["preferredLanguage"] = language }
        let made = try await api.call(.POST, "/api/v1/contacts", json: contact)
        return (id, try #require(made.object["id"] as? String, "\(made.text)"))
    }

    @Test func anAnnouncementIsWrittenChangedWithIfMatchPublishedAndWithdrawn() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let created = try await api.call(.POST, "/api/v1/announcements", json: Self.body())
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? String)
            #expect(created.object["status"] as? String == "draft")
            #expect(created.headers.first(name: .eTag) == "\"1\"")
            #expect(created.headers.first(name: .location) == "/api/v1/announcements/\(id)")

            let stale = try await api.call(
                .PATCH, "/api/v1/announcements/\(id)", json: ["titleEn": "x"], headers: [("If-Match", "\"7\"")])
            #expect(stale.status == .preconditionFailed)
            let changed = try await api.call(
                .PATCH, "/api/v1/announcements/\(id)", json: ["titleEn": "Planned maintenance"],
                headers: [("If-Match", "\"1\"")])
            #expect(changed.status == .ok && changed.object["version"] as? Int == 2, "\(changed.text)")
            #expect(changed.object["titleZh"] as? String == "周六系统维护")

            // Not public until published.
            #expect(!(try await Browser(app).get("/public")).body.string.contains("周六系统维护"))
            let published = try await api.call(.POST, "/api/v1/announcements/\(id)/publish")
            #expect(published.status == .ok, "\(published.text)")
            #expect(published.object["status"] as? String == "published" && published.object["visible"] as? Bool == true)
            let page = try await Browser(app).get("/public")
            #expect(page.status == .ok && page.body.string.contains("周六系统维护"))
            #expect(try await Browser(app).get("/public/announcements/\(id)").body.string.contains("<strong>周六</strong>"))

            // A published one is withdrawn before it can change or go.
            let locked = try await api.call(.PATCH, "/api/v1/announcements/\(id)", json: ["titleEn": "y"])
            #expect(locked.status == .conflict)
            #expect(try await api.call(.DELETE, "/api/v1/announcements/\(id)").status == .conflict)
            #expect(try await api.call(.POST, "/api/v1/announcements/\(id)/withdraw").status == .ok)
            #expect(try await Browser(app).get("/public/announcements/\(id)").status == .notFound)
            #expect(try await api.call(.DELETE, "/api/v1/announcements/\(id)").status == .noContent)

            let audit = try await api.call(.GET, "/api/v1/audit?recordType=announcement&recordId=\(id)")
            for action in ["announcement.create", "announcement.update", "announcement.publish", "announcement.withdraw",
                "announcement.delete"]
            {
                #expect(audit.text.contains(action), "\(action)")
            }
        }
    }

    @Test func badFieldsAreRefusedFieldByField() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let bad = try await api.call(
                .POST, "/api/v1/announcements",
                json: Self.body([
                    "titleZh": "\u{3000}", "bodyEn": "", "kind": "rumour", "audience": "selected",
                    "publishAt": "2026-02-30T25:61:00Z", "customerIds": [UUID().uuidString],
                ]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["titleZh"] == "required")
            #expect(bad.fieldErrors["bodyEn"] == "required")
            #expect(bad.fieldErrors["kind"] == "invalidChoice")
            #expect(bad.fieldErrors["publishAt"] != nil)
            let unknown = try await api.call(
                .POST, "/api/v1/announcements", json: Self.body(["audience": "selected", "customerIds": [UUID().uuidString]]))
            #expect(unknown.fieldErrors["customerIds[0]"] == "invalidReference")
            let wrongType = try await api.call(.POST, "/api/v1/announcements", json: Self.body(["tiers": "key"]))
            #expect(wrongType.status.code >= 400 && wrongType.status.code < 500)
            let employee = try await app.person("e@test.local", roles: [.employee])
            let other = APIClient(app: app, token: try await app.token(for: employee))
            #expect(try await other.call(.GET, "/api/v1/announcements").status == .forbidden)
        }
    }

    @Test func withApprovalRequiredOnlyAnotherSupervisorPublishes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let admin = APIClient(app: app, token: token)
            #expect(try await admin.call(.PUT, "/api/v1/settings", json: ["announcementsNeedApproval": true]).status == .ok)
            let writer = try await app.person("boss@test.local", roles: [.supervisor])
            let other = try await app.person("other@test.local", roles: [.supervisor])
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let author = APIClient(app: app, token: try await app.token(for: writer))
            let approver = APIClient(app: app, token: try await app.token(for: other))
            let agentAPI = APIClient(app: app, token: try await app.token(for: agent))

            let id = try #require(try await author.call(.POST, "/api/v1/announcements", json: Self.body()).object["id"] as? String)
            let submitted = try await author.call(.POST, "/api/v1/announcements/\(id)/publish")
            #expect(submitted.object["status"] as? String == "pending", "\(submitted.text)")
            #expect(!(try await Browser(app).get("/public")).body.string.contains("周六系统维护"))

            let own = try await author.call(.POST, "/api/v1/announcements/\(id)/approve")
            #expect(own.status == .conflict)
            #expect(own.text.contains("自己"))
            #expect(try await agentAPI.call(.POST, "/api/v1/announcements/\(id)/approve").status == .forbidden)
            let noReason = try await approver.call(.POST, "/api/v1/announcements/\(id)/reject", json: ["reason": " "])
            #expect(noReason.fieldErrors["reason"] == "required")
            let rejected = try await approver.call(.POST, "/api/v1/announcements/\(id)/reject", json: ["reason": "英文标题再改一下"])
            #expect(rejected.object["status"] as? String == "rejected")
            #expect(rejected.object["rejectionReason"] as? String == "英文标题再改一下")

            #expect(try await author.call(.POST, "/api/v1/announcements/\(id)/publish").object["status"] as? String == "pending")
            let approved = try await approver.call(.POST, "/api/v1/announcements/\(id)/approve")
            #expect(approved.object["status"] as? String == "published", "\(approved.text)")
            #expect(approved.object["approvedBy"] as? String == other.id.uuidString)
            #expect(try await Browser(app).get("/public").body.string.contains("周六系统维护"))
            let audit = try await admin.call(.GET, "/api/v1/audit?recordType=announcement&recordId=\(id)")
            #expect(audit.text.contains("announcement.approve") && audit.text.contains("announcement.reject"))
        }
    }

    @Test func aScheduledCustomerAnnouncementIsMailedOnceToContactsWhoMayBeContacted() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let (keyCustomer, keyContact) = try await Self.customer(
                api, name: "重点客户", tier: "key", email: "key@client.cn", language: "en")
            _ = try await Self.customer(api, name: "拒收客户", tier: "key", email: "no@client.cn", consent: false)
            let (small, _) = try await Self.customer(api, name: "小客户", tier: "small", email: "small@client.cn")
            let (named, namedContact) = try await Self.customer(api, name: "点名客户", tier: "small", email: "named@client.cn")

            let at = DateText.rfc3339(app.clock.now.addingTimeInterval(3600))
            let created = try await api.call(
                .POST, "/api/v1/announcements",
                json: Self.body(["audience": "selected", "tiers": ["key"], "customerIds": [named], "publishAt": at]))
            let id = try #require(created.object["id"] as? String, "\(created.text)")
            let planned = try await api.call(.GET, "/api/v1/announcements/\(id)/recipients")
            #expect(planned.object["stage"] as? String == "planned" && planned.object["count"] as? Int == 2, "\(planned.text)")

            let published = try await api.call(.POST, "/api/v1/announcements/\(id)/publish")
            #expect(published.object["visible"] as? Bool == false && published.object["mailedAt"] == nil)
            #expect(try await AnnouncementJobs.mailDue(app.app, at: app.clock.now) == 0)
            let customerID = try #require(UUID(uuidString: keyCustomer))
            let early = try await AnnouncementQueries.forCustomer(customerID, tier: .key, at: app.clock.now, limit: 10, on: app.db)
            #expect(early.items.isEmpty)

            app.clock.advance(by: 3601)
            #expect(try await AnnouncementJobs.mailDue(app.app, at: app.clock.now) == 1)
            #expect(try await AnnouncementJobs.mailDue(app.app, at: app.clock.now) == 0)
            let rows = try await app.db.sql.raw(
                "SELECT contact_id, email, locale FROM announcement_deliveries ORDER BY email").all()
            let emails = try rows.map { try $0.decode(column: "email", as: String.self) }
            #expect(emails == ["key@client.cn", "named@client.cn"])
            let locales = try rows.map { try $0.decode(column: "locale", as: String.self) }
            #expect(locales == ["en", "zh-Hans"])
            let jobs = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'announcement.email'").first()
            #expect(try jobs?.decode(column: "n", as: Int.self) == 2)
            let mailed = try await api.call(.GET, "/api/v1/announcements/\(id)/recipients")
            #expect(mailed.object["stage"] as? String == "mailed" && mailed.object["count"] as? Int == 2)
            #expect(mailed.text.contains(namedContact) && mailed.text.contains(keyContact))

            // The portal's query: by tier, by name, not others; newest first.
            let seen = try await AnnouncementQueries.forCustomer(customerID, tier: .key, at: app.clock.now, limit: 10, on: app.db)
            #expect(seen.items.map(\.id.uuidString) == [id])
            let namedID = try #require(UUID(uuidString: named))
            #expect(try await AnnouncementQueries.forCustomer(namedID, tier: .small, at: app.clock.now, limit: 10, on: app.db).items.count == 1)
            let smallID = try #require(UUID(uuidString: small))
            #expect(try await AnnouncementQueries.forCustomer(smallID, tier: .small, at: app.clock.now, limit: 10, on: app.db).items.isEmpty)
            // Not on the public site: it is for customers.
            #expect(!(try await Browser(app).get("/public")).body.string.contains("周六系统维护"))
        }
    }

    @Test func theCustomerQueryPagesNewestFirstAndDropsExpiredOnes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            var ids: [String] = []
            for n in 1...3 {
                app.clock.advance(by: 60)
                var extra: [String: Any] = ["audience": "allCustomers", "titleZh": "公告\(n)"]
                if n == 1 { extra["expiresAt"] = DateText.rfc3339(app.clock.now.addingTimeInterval(600)) }
                let id = try #require(try await api.call(.POST, "/api/v1/announcements", json: Self.body(extra)).object["id"] as? String)
                _ = try await api.call(.POST, "/api/v1/announcements/\(id)/publish")
                ids.append(id)
            }
            let customer = UUID()
            let first = try await AnnouncementQueries.forCustomer(customer, tier: .standard, at: app.clock.now, limit: 2, on: app.db)
            #expect(first.items.map(\.id.uuidString) == [ids[2], ids[1]])
            let cursor = try #require(first.nextCursor.flatMap(Cursor.init(encoded:)))
            let second = try await AnnouncementQueries.forCustomer(
                customer, tier: .standard, at: app.clock.now, limit: 2, after: cursor, on: app.db)
            #expect(second.items.map(\.id.uuidString) == [ids[0]] && second.nextCursor == nil)
            app.clock.advance(by: 3600)
            let later = try await AnnouncementQueries.forCustomer(customer, tier: .standard, at: app.clock.now, limit: 10, on: app.db)
            #expect(later.items.map(\.id.uuidString) == [ids[2], ids[1]])
            #expect(later.items.first?.title(in: .en) == "Maintenance on Saturday")
        }
    }

    @Test func theStaffPagesListWriteAndPublish() async throws {
        try await withTestApp { (app: TestApp) async throws in
            _ = try await app.person("sales@test.local", roles: [.sales])
            let browser = Browser(app)
            _ = try await browser.signIn("sales@test.local", "Test-Passw0rd!")
            let empty = try await browser.get("/announcements")
            #expect(empty.status == .ok, "\(empty.status)")
            let newPage = try await browser.get("/announcements/new")
            #expect(newPage.status == .ok, "\(newPage.body.string)")
            let refused = try await browser.post(
                "/announcements", [("kind", "news"), ("audience", "public"), ("titleZh", "<script>alert(1)</script>")])
            #expect(refused.status == .unprocessableEntity)
            #expect(!refused.body.string.contains("<script>alert(1)</script>"))
            #expect(refused.body.string.contains("&lt;script&gt;"))
            let made = try await browser.post(
                "/announcements",
                [
                    ("kind", "productUpdate"), ("audience", "public"), ("titleZh", "新版本上线"), ("titleEn", "New release"),
                    ("bodyZh", "新功能"), ("bodyEn", "New features"), ("publishAt", ""), ("expiresAt", ""),
                ])
            #expect(made.status == .seeOther, "\(made.body.string)")
            let link = try #require(made.location)
            let shown = try await browser.get(link)
            #expect(shown.body.string.contains("新版本上线") && shown.body.string.contains("/submit"))
            let published = try await browser.post(link + "/submit")
            #expect(published.status == .seeOther)
            #expect(try await browser.get("/announcements").body.string.contains("新版本上线"))
            #expect(try await Browser(app).get("/public").body.string.contains("新版本上线"))
        }
    }

    @Test func aConfidentialCustomerChosenByOthersIsCountedNotNamedAndStaysChosen() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let admin = APIClient(app: app, token: token)
            let secret = try #require(
                try await admin.call(.POST, "/api/v1/customers", json: ["name": "机密客户", "classification": "confidential"])
                    .object["id"] as? String)
            let open = try #require(try await admin.call(.POST, "/api/v1/customers", json: ["name": "普通客户"]).object["id"] as? String)
            let id = try #require(
                try await admin.call(
                    .POST, "/api/v1/announcements", json: Self.body(["audience": "selected", "customerIds": [secret, open]])
                ).object["id"] as? String)
            let sales = try await app.person("sales@test.local", roles: [.sales])
            let api = APIClient(app: app, token: try await app.token(for: sales))
            let shown = try await api.call(.GET, "/api/v1/announcements/\(id)")
            #expect(shown.object["customerIds"] as? [String] == [open.uppercased()], "\(shown.text)")
            #expect(shown.object["hiddenCustomers"] as? Int == 1 && !shown.text.contains(secret.uppercased()))
            #expect(!(try await api.call(.GET, "/api/v1/announcements")).text.contains(secret.uppercased()))
            let changed = try await api.call(.PATCH, "/api/v1/announcements/\(id)", json: ["customerIds": [open], "titleZh": "改"])
            #expect(changed.status == .ok && changed.object["hiddenCustomers"] as? Int == 1, "\(changed.text)")
            let mine = try await api.call(
                .POST, "/api/v1/announcements", json: Self.body(["audience": "selected", "customerIds": [secret]]))
            #expect(mine.fieldErrors["customerIds[0]"] == "invalidReference")
            let full = try await admin.call(.GET, "/api/v1/announcements/\(id)")
            #expect(Set(full.object["customerIds"] as? [String] ?? []) == [secret.uppercased(), open.uppercased()])
        }
    }
}

/// The mail itself, received by a real SMTP server: an announcement in each contact's language, once, and nothing
/// after it was withdrawn; the feedback form's acknowledgment with the request's number.
@Suite(.timeLimit(.minutes(15))) struct AnnouncementMailTests {
    @Test(.enabled(if: SMTPTestServer.enabled, Comment(rawValue: SMTPTestServer.missing)))
    func contactsGetTheAnnouncementInTheirLanguageOnceAndVisitorsTheirNumber() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let smtp = try SMTPTestServer(folder: folder)
        defer { smtp.stop() }
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let queue = try #require(try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as? String)
            let mailbox = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: [
                    "address": "news@liaison.example", "departmentId": queue, "smtpHost": "127.0.0.1",
                    "smtpPort": smtp.port, "smtpSecurity": "none",
                ])
            #expect(mailbox.status == .created, "\(mailbox.text)")
            _ = try await api.call(.PUT, "/api/v1/settings", json: ["companyNameZh": "星河科技", "companyNameEn": "Xinghe Tech"])
            _ = try await AnnouncementsAPITests.customer(api, name: "重点客户", tier: "key", email: "en@client.cn", language: "en")
            _ = try await AnnouncementsAPITests.customer(api, name: "中文客户", tier: "key", email: "zh@client.cn")
            let id = try #require(
                try await api.call(
                    .POST, "/api/v1/announcements", json: AnnouncementsAPITests.body(["audience": "selected", "tiers": ["key"]])
                ).object["id"] as? String)
            _ = try await api.call(.POST, "/api/v1/announcements/\(id)/publish")
            _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
            _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
            let mails = try smtp.received()
            #expect(mails.count == 2)
            let english = String(decoding: mails.first { $0.to == ["en@client.cn"] }?.message ?? [], as: UTF8.self)
            let chinese = String(decoding: mails.first { $0.to == ["zh@client.cn"] }?.message ?? [], as: UTF8.self)
            #expect(english.contains("Maintenance on Saturday") && english.contains("Auto-Submitted: auto-generated"))
            #expect(chinese.contains("Subject: =?") && !chinese.contains("Maintenance on Saturday"))
            let states = try await app.db.sql.raw("SELECT status FROM announcement_deliveries").all()
                .map { try $0.decode(column: "status", as: String.self) }
            #expect(states == ["sent", "sent"])

            // Feedback with an address: the acknowledgment carries its number.
            let browser = Browser(app)
            let sent = try await PublicSiteTests.sendFeedback(
                browser, app, [("name", "韩梅梅"), ("email", "meimei@xinghe.example.cn"), ("message", "你好")])
            #expect(sent.status == .ok)
            _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
            let acks = try smtp.received().filter { $0.to == ["meimei@xinghe.example.cn"] }
            #expect(acks.count == 1)
            let ack = String(decoding: acks.first?.message ?? [], as: UTF8.self)
            #expect(ack.contains("Auto-Submitted: auto-replied"))
        }
    }
}
