import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// NPS campaigns: drafts and their audience, sending (one sealed, single-use link per contact, a mail job each),
/// the public answer page, detractors' follow-up requests, and results under need-to-know.
@Suite struct NPSSurveysTests {
    struct World {
        let admin: APIClient
        let owner: Person
        let key: String
        let strategic: String
        let small: String
        let secret: String
        /// Contacts by name → id.
        let contacts: [String: String]
    }

    /// Customers of several tiers with contacts: one with English as its language, one who refused email, one
    /// without an address, and a secret customer only the administrator sees.
    static func world(_ app: TestApp) async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let owner = try await app.person("zhou.min@test.local", name: "周敏", roles: [.sales])
        func customer(_ name: String, tier: String, classification: String = "internal") async throws -> String {
            var json: [String: Any] = ["name": name, "tier": tier, "classification": classification]
            // The secret customer's owner is someone else: the sales person is not on its team.
            if classification == "internal" { json["ownerId"] = owner.id.uuidString }
            let made = try await admin.call(.POST, "/api/v1/customers", json: json)
            #expect(made.status == .created, "\(made.body.string)")
            return try #require(made.object["id"] as? String)
        }
        let key = try await customer("苏州精密", tier: "key")
        let strategic = try await customer("杭州电子", tier: "strategic")
        let small = try await customer("无锡五金", tier: "small")
        let secret = try await customer("国防项目", tier: "key", classification: "secret")
        var contacts: [String: String] = [:]
        func contact(_ customer: String, _ name: String, _ body: [String: Any]) async throws {
            var json = body
            json["customerId"] = customer
            json["name"] = name
            let made = try await admin.call(.POST, "/api/v1/contacts", json: json)
            #expect(made.status == .created, "\(made.body.string)")
            contacts[name] = try #require(made.object["id"] as? String)
        }
        try await contact(key, "王芳", ["emails": ["wang.fang@jingmi.test"]])
        try await contact(key, "Emily Chen", ["emails": ["emily@jingmi.test"], "preferredLanguage": "en"])
        try await contact(key, "赵磊", ["emails": ["zhao.lei@jingmi.test"], "consent": ["email": false]])
        try await contact(key, "孙丽", ["phones": ["+8613800000000"]])
        try await contact(strategic, "李强", ["emails": ["li.qiang@hzdz.test"]])
        try await contact(small, "钱多", ["emails": ["qian@wx.test"]])
        try await contact(secret, "陈秘", ["emails": ["chen@secret.test"]])
        return World(
            admin: admin, owner: owner, key: key, strategic: strategic, small: small, secret: secret,
            contacts: contacts)
    }

    /// The links of the invitations sent, by address, opened from the mail jobs' sealed payloads.
    static func links(_ app: TestApp) async throws -> [String: String] {
        struct Row: Decodable { var payload: String }
        let rows = try await app.db.sql.raw(
            "SELECT payload FROM jobs WHERE kind = \(bind: NPSSurveyCommands.inviteJobKind)"
        ).all(decoding: Row.self)
        var links: [String: String] = [:]
        for row in rows {
            let job = try JSONDecoder().decode(NPSSurveyCommands.InvitationJob.self, from: Data(row.payload.utf8))
            let delivery = try #require(try await NPSSurveyQueries.delivery(job.invitationId, on: app.db))
            links[delivery.email] = TestApp.path(of: try app.app.secretBox().open(job.link))
        }
        return links
    }

    static func sent(_ app: TestApp, _ world: World, tiers: [String] = ["key", "strategic"]) async throws -> String {
        let created = try await world.admin.call(
            .POST, "/api/v1/surveys", json: ["name": "2026 年度客户调查", "tiers": tiers])
        #expect(created.status == .created, "\(created.body.string)")
        let id = try #require(created.object["id"] as? String)
        let send = try await world.admin.call(.POST, "/api/v1/surveys/\(id)/send")
        #expect(send.status == .ok, "\(send.body.string)")
        return id
    }

    @Test func aDraftIsCreatedChangedAndDeletedWhileItIsADraft() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let api = world.admin
            // Validation names every bad field at once.
            let bad = try await api.call(
                .POST, "/api/v1/surveys",
                json: ["name": "  ", "tiers": ["gold"], "customerIds": ["nope"], "closesAt": "2026-02-30T25:61:00Z"])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.fieldErrors.keys) == ["name", "tiers", "customerIds", "closesAt"], "\(bad.body.string)")
            let none = try await api.call(.POST, "/api/v1/surveys", json: ["name": "调查"])
            #expect(none.fieldErrors["tiers"] == "audienceRequired")
            let past = try await api.call(
                .POST, "/api/v1/surveys", json: ["name": "调查", "tiers": ["key"], "closesAt": "2020-01-01T00:00:00Z"])
            #expect(past.fieldErrors["closesAt"] == "notInFuture")

            let created = try await api.call(
                .POST, "/api/v1/surveys",
                json: [
                    "name": "2026 年度客户调查", "intro": "感谢您一年来的支持。", "tiers": ["key"],
                    "customerIds": [world.small], "closesAt": "2026-12-31T16:00:00Z",
                ])
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require(created.object["id"] as? String)
            #expect(created.headers.first(name: .location) == "/api/v1/surveys/\(id)")
            #expect(created.object["status"] as? String == "draft")
            #expect(created.object["customerIds"] as? [String] == [world.small])
            #expect(try await api.call(.GET, "/api/v1/surveys").items.count == 1)

            // Who gets it: contacts with an address who did not refuse email, of key customers and the one chosen.
            let recipients = try await api.call(.GET, "/api/v1/surveys/\(id)/recipients")
            let names = recipients.items.compactMap { $0["contactName"] as? String }
            #expect(Set(names) == ["王芳", "Emily Chen", "钱多", "陈秘"], "\(names)")
            #expect(
                recipients.items.first { $0["contactName"] as? String == "Emily Chen" }?["language"] as? String == "en")

            // An update keeps what it leaves out; a stale version is refused.
            let changed = try await api.call(
                .PATCH, "/api/v1/surveys/\(id)", json: ["tiers": ["strategic"]], headers: [("If-Match", "\"1\"")])
            #expect(changed.status == .ok, "\(changed.body.string)")
            #expect(changed.object["name"] as? String == "2026 年度客户调查")
            #expect(changed.object["tiers"] as? [String] == ["strategic"])
            #expect(changed.object["version"] as? Int == 2)
            let stale = try await api.call(
                .PATCH, "/api/v1/surveys/\(id)", json: ["name": "x"], headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)

            let deleted = try await api.call(.DELETE, "/api/v1/surveys/\(id)")
            #expect(deleted.status == .noContent)
            #expect(try await api.call(.GET, "/api/v1/surveys/\(id)").status == .notFound)
            let audit = try await api.call(.GET, "/api/v1/audit?recordType=survey&recordId=\(id)")
            for action in ["survey.create", "survey.update", "survey.delete"] {
                #expect(audit.body.string.contains(action), "\(action)")
            }
        }
    }

    @Test func sendingWritesOneSealedSingleUseLinkPerContactAndFreezesTheSurvey() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let id = try await Self.sent(app, world)
            let shown = try await world.admin.call(.GET, "/api/v1/surveys/\(id)")
            #expect(shown.object["status"] as? String == "sent")
            #expect(shown.object["invitedCount"] as? Int == 4)  // 王芳, Emily Chen, 陈秘, 李强

            // One job per invitation; the jobs table and the invitations hold no link in clear.
            let links = try await Self.links(app)
            #expect(
                Set(links.keys) == [
                    "wang.fang@jingmi.test", "emily@jingmi.test", "chen@secret.test", "li.qiang@hzdz.test",
                ])
            let jobs = try await app.db.sql.raw("SELECT payload FROM jobs").all()
            let stored = try await app.db.sql.raw("SELECT token_hash FROM nps_invitations").all()
            for link in links.values {
                let token = String(link.split(separator: "/").last ?? "")
                #expect(token.count == 64)
                for row in jobs { #expect(!(try row.decode(column: "payload", as: String.self)).contains(token)) }
                let hashes = try stored.map { try $0.decode(column: "token_hash", as: String.self) }
                #expect(hashes.contains(NPSSurveyCommands.hash(token)) && !hashes.contains(token))
            }

            // Sent: no second send, no change, no deletion.
            #expect(try await world.admin.call(.POST, "/api/v1/surveys/\(id)/send").status == .conflict)
            #expect(
                try await world.admin.call(.PATCH, "/api/v1/surveys/\(id)", json: ["name": "x"]).status == .conflict)
            #expect(try await world.admin.call(.DELETE, "/api/v1/surveys/\(id)").status == .conflict)
            let audit = try await world.admin.call(.GET, "/api/v1/audit?recordType=survey&recordId=\(id)")
            #expect(audit.body.string.contains("survey.send"))
            // Nobody to ask: refused.
            let empty = try await world.admin.call(
                .POST, "/api/v1/surveys", json: ["name": "空", "customerIds": [world.small]])
            let emptyID = try #require(empty.object["id"] as? String)
            _ = try await app.db.sql.raw(
                "UPDATE contacts SET consent = '{\"email\":false}' WHERE customer_id = \(bind: UUID(uuidString: world.small)!)"
            ).run()
            #expect(try await world.admin.call(.POST, "/api/v1/surveys/\(emptyID)/send").status == .conflict)
        }
    }

    @Test func aContactAnswersOnceInItsLanguageAndCommentsStayText() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let id = try await Self.sent(app, world)
            let links = try await Self.links(app)
            let english = try #require(links["emily@jingmi.test"])
            let chinese = try #require(links["wang.fang@jingmi.test"])

            let browser = Browser(app)
            let page = try await browser.get(english)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("How likely are you to recommend us to a friend or colleague?"))
            let zh = try await Browser(app).get(chinese)
            #expect(zh.body.string.contains("您有多大可能向朋友或同事推荐我们？"))

            // No score, or one off the scale: asked again, nothing used up.
            #expect(try await browser.post(english, [("comment", "hm")]).status == .unprocessableEntity)
            #expect(try await browser.post(english, [("score", "11")]).status == .unprocessableEntity)
            // A form without its anti-forgery token is refused.
            #expect(try await Browser(app).post(english, [("score", "9")], csrf: false).status == .forbidden)

            let script = "<script>alert(1)</script> 很好"
            let answered = try await browser.post(english, [("score", "9"), ("comment", script)])
            #expect(answered.status == .ok)
            #expect(answered.body.string.contains("Thank you for your answer."))
            let again = try await browser.post(english, [("score", "0")])
            #expect(again.status == .gone)
            #expect(try await Browser(app).get(english).status == .gone)
            #expect(try await Browser(app).get("/public/nps/" + String(repeating: "ab", count: 32)).status == .notFound)
            #expect(try await Browser(app).get("/public/nps/%00").status == .notFound)

            // Stored as written, shown escaped on the survey's page.
            let stored = try await app.db.sql.raw("SELECT comment, score FROM nps_invitations WHERE score IS NOT NULL")
                .first()
            #expect(try stored?.decode(column: "comment", as: String.self) == script)
            let staff = Browser(app)
            try await staff.signIn("admin@test.local", "Test-Passw0rd!")
            let results = try await staff.get("/surveys/\(id)")
            #expect(results.status == .ok)
            #expect(!results.body.string.contains("<script>alert(1)</script>"))
            #expect(results.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt; 很好"))

            // Without a closing time a link works for 90 days from sending.
            app.clock.advance(by: NPSAnswers.linkLifetime + 1)
            let expired = try await Browser(app).get(chinese)
            #expect(expired.status == .gone)
            #expect(expired.body.string.contains("此调查链接已过期"))
            app.clock.advance(by: -(NPSAnswers.linkLifetime + 1))
            // Closed: the other links say so.
            _ = try await app.db.sql.raw(
                "UPDATE nps_surveys SET closes_at = \(bind: app.clock.now.addingTimeInterval(-1))"
            ).run()
            let closed = try await Browser(app).get(chinese)
            #expect(closed.status == .gone)
            #expect(closed.body.string.contains("此调查已截止"))
        }
    }

    @Test func aDetractorsAnswerOpensAFollowUpForTheAccountOwnerInTheSameWrite() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            _ = try await Self.sent(app, world)
            let link = try #require(try await Self.links(app)["wang.fang@jingmi.test"])
            let promoter = try #require(try await Self.links(app)["li.qiang@hzdz.test"])
            let browser = Browser(app)
            #expect(try await browser.post(link, [("score", "3"), ("comment", "交货总是延迟")]).status == .ok)
            #expect(try await Browser(app).post(promoter, [("score", "10")]).status == .ok)

            let requests = try await world.admin.call(.GET, "/api/v1/requests?status=all")
            let opened = requests.items.filter { $0["kind"] as? String == "feedback" }
            #expect(opened.count == 1, "\(requests.body.string)")
            let request = try #require(opened.first)
            #expect(request["customerId"] as? String == world.key)
            #expect(request["contactId"] as? String == world.contacts["王芳"])
            #expect(request["assigneeId"] as? String == world.owner.id.uuidString)
            let requestID = try #require(request["id"] as? String)
            let messages = try await world.admin.call(.GET, "/api/v1/requests/\(requestID)/messages")
            #expect(
                messages.body.string.contains("3 分") && messages.body.string.contains("交货总是延迟"),
                "\(messages.body.string)")
            let stored = try await app.db.sql.raw(
                "SELECT follow_up_request_id FROM nps_invitations WHERE score = 3"
            ).first()
            #expect(try stored?.decode(column: "follow_up_request_id", as: UUID.self).uuidString == requestID)
        }
    }

    @Test func resultsCountByTierCustomerAndMonthWithSatisfactionBeside() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let id = try await Self.sent(app, world)
            let links = try await Self.links(app)
            for (email, score) in [
                ("wang.fang@jingmi.test", "10"), ("emily@jingmi.test", "6"), ("li.qiang@hzdz.test", "8"),
                ("chen@secret.test", "0"),
            ] {
                let answered = try await Browser(app).post(
                    try #require(links[email]), [("score", score), ("comment", "意见 \(score)")])
                #expect(answered.status == .ok)
            }
            // A rated request of a key customer within the survey's period.
            let made = try await world.admin.call(
                .POST, "/api/v1/requests",
                json: [
                    "customerId": world.key, "kind": "inquiry", "priority": "normal", "subject": "发票", "body": "请开发票",
                ])
            #expect(made.status == .created, "\(made.body.string)")
            let requestID = try #require(made.object["id"] as? String)
            _ = try await app.db.sql.raw(
                "UPDATE requests SET csat_score = 4, csat_at = \(bind: app.clock.now) WHERE id = \(bind: UUID(uuidString: requestID)!)"
            ).run()

            let byTier = try await world.admin.call(.GET, "/api/v1/surveys/\(id)/results?segment=tier")
            #expect(byTier.status == .ok, "\(byTier.body.string)")
            let overall = try #require(byTier.object["overall"] as? [String: Any])
            // 1 promoter, 1 passive, 2 detractors of 4: 25 − 50 = −25
            #expect(overall["nps"] as? Int == -25)
            #expect(overall["invited"] as? Int == 4 && overall["answered"] as? Int == 4)
            #expect(overall["responseRate"] as? Int == 100)
            #expect(overall["distribution"] as? [Int] == [1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1])
            #expect(overall["csatAverage"] as? Double == 4 && overall["csatCount"] as? Int == 1)
            let segments = byTier.object["segments"] as? [[String: Any]] ?? []
            #expect(segments.compactMap { $0["key"] as? String } == ["strategic", "key"])
            #expect(segments.last?["nps"] as? Int == -33)  // 10, 6, 0: 33.3 − 66.7
            #expect((byTier.object["comments"] as? [Any])?.count == 4)

            let byCustomer = try await world.admin.call(.GET, "/api/v1/surveys/\(id)/results?segment=customer")
            #expect((byCustomer.object["segments"] as? [[String: Any]])?.count == 3)
            let byMonth = try await world.admin.call(.GET, "/api/v1/surveys/\(id)/results?segment=period")
            let months = byMonth.object["segments"] as? [[String: Any]] ?? []
            #expect(months.map { $0["key"] as? String } == ["2026-09"])
            #expect(
                try await world.admin.call(.GET, "/api/v1/surveys/\(id)/results?segment=week").status
                    == .unprocessableEntity)

            // Need-to-know: a sales person sees nothing of the secret customer.
            let sales = APIClient(app: app, token: try await app.token(for: world.owner))
            let theirs = try await sales.call(.GET, "/api/v1/surveys/\(id)/results?segment=customer")
            #expect(theirs.status == .ok)
            #expect(!theirs.body.string.contains("国防项目") && !theirs.body.string.contains("意见 0"))
            let their = try #require(theirs.object["overall"] as? [String: Any])
            #expect(their["answered"] as? Int == 3 && their["nps"] as? Int == 0)
            let recipients = try await sales.call(.GET, "/api/v1/surveys/\(id)/recipients")
            #expect(!recipients.body.string.contains("chen@secret.test"))
            // Nor may they choose it.
            let chosen = try await sales.call(
                .POST, "/api/v1/surveys", json: ["name": "x", "customerIds": [world.secret]])
            #expect(chosen.fieldErrors["customerIds"] == "invalidReference")
        }
    }

    @Test func theInvitationMailIsInTheContactsLanguageAndSentOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            _ = try await Self.sent(app, world)
            let delivery = NPSDelivery(
                email: "emily@jingmi.test", contactName: "Emily Chen", locale: .en, surveyName: "2026 review",
                intro: "Thank you for a good year.", closesAt: nil, mailed: false, answered: false)
            let mail = NPSMail.render(
                delivery, link: "https://liaison.example.com/public/nps/abc", from: .sample, at: app.clock.now,
                app: app.app)
            #expect(mail.subject == "2026 review: a quick question")
            #expect(
                mail.text.contains("Dear Emily Chen")
                    && mail.text.contains("https://liaison.example.com/public/nps/abc"))
            #expect(mail.text.contains("Thank you for a good year."))

            // No mailbox: the job fails and is tried again later; once mailed, a job run again sends nothing.
            struct Row: Decodable { var payload: String }
            let payload = try #require(
                try await app.db.sql.raw("SELECT payload FROM jobs WHERE kind = 'nps.invite'").first(decoding: Row.self)
            ).payload
            let context = JobContext(
                application: app.app, now: app.clock.now, logger: app.app.logger, attempt: 1, maxAttempts: 6)
            await #expect(throws: NPSMail.NoMailbox.self) { try await NPSMail.invite.run(payload, context) }
            let job = try JSONDecoder().decode(NPSSurveyCommands.InvitationJob.self, from: Data(payload.utf8))
            let now = app.clock.now
            _ = try await app.app.write { tx in
                try await NPSSurveyCommands.markMailed(job.invitationId, at: now, on: tx)
            }
            try await NPSMail.invite.run(payload, context)
        }
    }

    @Test func pagesListCreateShowAndSendASurvey() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let browser = Browser(app)
            try await browser.signIn("zhou.min@test.local", "Test-Passw0rd!")
            let home = try await browser.get("/surveys")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("还没有净推荐值调查"))
            #expect(try await browser.get("/surveys/new").status == .ok)
            let invalid = try await browser.post("/surveys", [("name", "")])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("请至少选择一个客户等级或客户"))
            let created = try await browser.post(
                "/surveys", [("name", "季度调查"), ("tiers[]", "key"), ("tiers[]", "strategic")])
            #expect(created.status == .seeOther)
            let link = try #require(created.location)
            let draft = try await browser.get(link)
            #expect(draft.status == .ok)
            // Who gets it, before sending: not the secret customer's contact, whom a sales person may not see.
            #expect(draft.body.string.contains("共 3 位收件人"), "\(draft.body.string)")
            #expect(draft.body.string.contains("Emily Chen") && !draft.body.string.contains("陈秘"))
            let sent = try await browser.post(link + "/send", [("version", "1")])
            #expect(sent.status == .seeOther)
            let page = try await browser.get(link)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg") && page.body.string.contains("调查结果"))
            for segment in ["tier", "customer", "period"] {
                #expect(try await browser.get(link + "?segment=\(segment)").status == .ok)
            }
            // A staff member without the capability is refused, and the nav shows the entry only to those with it.
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let other = Browser(app)
            try await other.signIn(agent.email, "Test-Passw0rd!")
            #expect(try await other.get("/surveys").status == .forbidden)
            #expect(!(try await other.get("/")).body.string.contains("href=\"/surveys\""))
            #expect(home.body.string.contains("href=\"/surveys\""))
            _ = world
        }
    }
}
