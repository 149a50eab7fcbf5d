import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The customer portal: invitations, sign-in, a contact's requests from opening to rating, and nothing staff-only
/// ever shown.
@Suite struct PortalTests {
    private func staff(_ app: TestApp) async throws -> (APIClient, customer: String) {
        let agent = try await app.person("li.na@test.local", name: "李娜", roles: [.agent])
        let api = APIClient(app: app, token: try await app.token(for: agent))
        let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "苏州某某精密"])
        return (api, try #require(customer.object["id"] as? String))
    }

    @Test func anInvitationIsUsedOnceAndSetsThePassword() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let contact = try #require(
                try await api.call(
                    .POST, "/api/v1/contacts", json: ["customerId": customer, "name": "王芳", "emails": ["wang.fang@suzhou.test"]]
                ).object["id"] as? String)
            // No mailbox: the link comes back for the staff member to pass on.
            let invitation = try await api.call(.POST, "/api/v1/contacts/\(contact)/portal-invitation", json: [:])
            #expect(invitation.status == .created)
            #expect(invitation.object["mailed"] as? Bool == false)
            let link = TestApp.path(of: try #require(invitation.object["link"] as? String))
            let account = try #require(invitation.object["account"] as? [String: Any])
            #expect(account["email"] as? String == "wang.fang@suzhou.test")
            #expect(account["accepted"] as? Bool == false)

            let browser = Browser(app)
            let page = try await browser.get(link)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("王芳"))
            // Nothing is used up by opening the link, nor by a password that fails the rules.
            let short = try await browser.post(link, [("password", "short"), ("confirm", "short")])
            #expect(short.status == .unprocessableEntity)
            let differ = try await browser.post(link, [("password", "Long-enough-1"), ("confirm", "Long-enough-2")])
            #expect(differ.status == .unprocessableEntity)
            let accepted = try await browser.post(link, [("password", "Long-enough-1"), ("confirm", "Long-enough-1")])
            #expect(accepted.status == .seeOther)
            #expect(accepted.location == "/portal")
            #expect(try await browser.get("/portal").status == .ok)
            // Used once: a second try says so, and signs nobody in.
            let again = try await Browser(app).post(link, [("password", "Other-passw0rd"), ("confirm", "Other-passw0rd")])
            #expect(again.status == .gone)
            #expect(again.body.string.contains(app.app.context.catalog.text("portal.invitation.used", .zhHans, [])))
            // The password works at the portal's sign-in.
            let signIn = try await Browser(app).post(
                "/portal/sign-in", [("email", "wang.fang@suzhou.test"), ("password", "Long-enough-1")])
            #expect(signIn.status == .seeOther && signIn.location == "/portal")
            let shown = try await api.call(.GET, "/api/v1/contacts/\(contact)/portal-account")
            #expect(shown.object["accepted"] as? Bool == true)
        }
    }

    @Test func anExpiredOrReplacedInvitationIsRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let contact = try #require(
                try await api.call(
                    .POST, "/api/v1/contacts", json: ["customerId": customer, "name": "赵磊", "emails": ["zhao@suzhou.test"]]
                ).object["id"] as? String)
            let first = TestApp.path(of: try #require(
                try await api.call(.POST, "/api/v1/contacts/\(contact)/portal-invitation", json: [:]).object["link"] as? String))
            let second = TestApp.path(of: try #require(
                try await api.call(.POST, "/api/v1/contacts/\(contact)/portal-invitation", json: [:]).object["link"] as? String))
            #expect(try await Browser(app).get(first).status == .gone)  // replaced by the second
            app.clock.advance(by: 8 * 86_400)
            let expired = try await Browser(app).post(second, [("password", "Long-enough-1"), ("confirm", "Long-enough-1")])
            #expect(expired.status == .gone)
            #expect(try await Browser(app).get("/portal/invitation/nonsense").status == .notFound)
            // An address another account signs in with is refused, and one that is not the contact's too.
            _ = try await app.person("zhao@staff.test", roles: [.agent])
            let patched = try await api.call(
                .PATCH, "/api/v1/contacts/\(contact)", json: ["emails": ["zhao@suzhou.test", "zhao@staff.test"]])
            #expect(patched.status == .ok, "\(patched.body.string)")
            let taken = try await api.call(
                .POST, "/api/v1/contacts/\(contact)/portal-invitation", json: ["email": "zhao@staff.test"])
            #expect(taken.fieldErrors["email"] == "emailTaken", "\(taken.body.string)")
            let foreign = try await api.call(
                .POST, "/api/v1/contacts/\(contact)/portal-invitation", json: ["email": "someone@else.test"])
            #expect(foreign.fieldErrors["email"] == "notOfThisContact")
            let badScope = try await api.call(
                .POST, "/api/v1/contacts/\(contact)/portal-invitation", json: ["scope": "everything"])
            #expect(badScope.fieldErrors["scope"] == "invalidChoice")
        }
    }

    @Test func aContactOpensFollowsClosesReopensAndRatesARequest() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let contact = try await app.portalContact(by: api, customerID: customer, name: "王芳", email: "wang@suzhou.test")
            let browser = contact.browser
            // A new request with a file, from the portal's form.
            let created = try await browser.upload(
                "/portal/requests", filename: "报错截图.pdf", type: "application/pdf", content: "%PDF-1.7 日志",
                fields: [("kind", "issue"), ("subject", "设备无法联网 <script>alert(1)</script>"), ("body", "升级后 **无法** 联网")])
            #expect(created.status == .seeOther, "\(created.body.string)")
            let location = try #require(created.location)
            #expect(location.hasPrefix("/portal/requests/"))
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.string.contains("<script>alert(1)"))
            #expect(page.body.string.contains("报错截图.pdf"))

            // Staff see it as a portal request of the contact, reply publicly and note internally.
            let list = try await contact.api.call(.GET, "/api/v1/portal/requests")
            let mine = try #require(list.items.first)
            let id = try #require(mine["id"] as? String)
            let staffView = try await api.call(.GET, "/api/v1/requests/\(id)")
            #expect(staffView.object["channel"] as? String == "portal")
            #expect(staffView.object["contactId"] as? String == contact.contactID)
            _ = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "请重启路由器后再试"])
            _ = try await api.call(
                .POST, "/api/v1/requests/\(id)/messages", json: ["body": "内部：疑似固件缺陷", "visibility": "internal"])

            let detail = try await contact.api.call(.GET, "/api/v1/portal/requests/\(id)")
            #expect(detail.status == .ok)
            let text = detail.body.string
            #expect(text.contains("请重启路由器后再试"))
            #expect(!text.contains("疑似固件缺陷"))
            for field in ["assigneeId", "queueId", "targets", "slaPolicyId", "breaches", "resolutionDueAt", "visibility", "authorId", "customerId"] {
                #expect(!text.contains("\"\(field)\""), "\(field) reached the portal")
            }
            let shownPage = try await browser.get(location)
            #expect(shownPage.body.string.contains("请重启路由器后再试"))
            #expect(!shownPage.body.string.contains("疑似固件缺陷"))

            // The contact replies from the page; the file is downloaded through the portal.
            let reply = try await browser.post(location + "/messages", [("body", "重启后仍然不行")])
            #expect(reply.status == .seeOther)
            let messages = try await contact.api.call(.GET, "/api/v1/portal/requests/\(id)/messages").items
            #expect(messages.count == 3)
            #expect(messages.last?["fromCustomer"] as? Bool == true)
            let file = try #require((messages.first?["attachments"] as? [[String: Any]])?.first?["id"] as? String)
            let download = try await contact.api.call(.GET, "/api/v1/portal/attachments/\(file)")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(try await browser.get("/portal/attachments/\(file)").status == .ok)

            // Not yet resolved: no rating.
            let early = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/rating", json: ["score": 5])
            #expect(early.status == .conflict)
            _ = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "resolved"])
            let badScore = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/rating", json: ["score": 9])
            #expect(badScore.fieldErrors["score"] == "outOfRange")
            let rated = try await browser.post(location + "/rating", [("score", "4"), ("comment", "回复很及时")])
            #expect(rated.status == .seeOther)
            #expect(try await api.call(.GET, "/api/v1/requests/\(id)").object["satisfaction"] as? Int == 4)
            let twice = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/rating", json: ["score": 1])
            #expect(twice.status == .conflict)

            // Reopened within the window, closed by the contact, and not reopened once the window has passed.
            let reopened = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/reopen")
            #expect(reopened.object["status"] as? String == "open", "\(reopened.body.string)")
            let closed = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/close")
            #expect(closed.object["status"] as? String == "closed")
            let closedReply = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/messages", json: ["body": "还在吗"])
            #expect(closedReply.status == .conflict)
            app.clock.advance(by: 15 * 86_400)
            let late = try await contact.api.call(.POST, "/api/v1/portal/requests/\(id)/reopen")
            #expect(late.status == .conflict)
            #expect(late.body.string.contains(app.app.context.catalog.text("conflict.reopenWindowPassed", .zhHans, [])))
        }
    }

    @Test func anOversizeOrForbiddenFileLosesNothingAndOpensNothing() async throws {
        try await withTestApp(["LIAISON_MAX_UPLOAD_MB": "1"]) { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let contact = try await app.portalContact(by: api, customerID: customer, name: "王芳", email: "wang@suzhou.test")
            let big = try await contact.browser.upload(
                "/portal/requests", filename: "大文件.pdf", type: "application/pdf",
                content: "%PDF-1.7 " + String(repeating: "A", count: 1_100_000),
                fields: [("kind", "issue"), ("subject", "大文件"), ("body", "附件太大")])
            #expect(big.status == .unprocessableEntity || big.status == .payloadTooLarge, "\(big.status)")
            let program = try await contact.browser.upload(
                "/portal/requests", filename: "setup.exe", type: "application/octet-stream", content: "MZ\u{90}\u{0}",
                fields: [("kind", "issue"), ("subject", "程序"), ("body", "请看附件")])
            #expect(program.status == .unprocessableEntity)
            // The form keeps what was typed, and says why.
            #expect(program.body.string.contains("请看附件"))
            #expect(try await contact.api.call(.GET, "/api/v1/portal/requests").items.isEmpty)
        }
    }

    @Test func aContactSeesItsOwnRequestsOrItsOrganisationsAsSet() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let first = try await app.portalContact(by: api, customerID: customer, name: "王芳", email: "wang@suzhou.test")
            let second = try await app.portalContact(by: api, customerID: customer, name: "陈晨", email: "chen@suzhou.test")
            let opened = try await first.api.call(
                .POST, "/api/v1/portal/requests", json: ["subject": "发票抬头更正", "body": "请更正为新抬头", "kind": "inquiry"])
            #expect(opened.status == .created)
            let id = try #require(opened.object["id"] as? String)
            // Staff open one for the organisation without naming a contact: only "organisation" contacts see it.
            _ = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "kind": "inquiry", "priority": "normal", "subject": "年度回访", "body": "回访记录"])
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests").items.isEmpty)
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests/\(id)").status == .notFound)
            let widened = try await api.call(
                .PATCH, "/api/v1/contacts/\(second.contactID)/portal-account", json: ["scope": "organisation"])
            #expect(widened.object["scope"] as? String == "organisation")
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests").items.count == 2)
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests/\(id)").status == .ok)
            // Search by number and by words of the subject, within what the contact sees.
            let number = try #require(opened.object["number"] as? String)
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests?q=\(number)").items.count == 1)
            let words = "发票".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests?q=\(words)").items.count == 1)
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests?state=done").items.isEmpty)
            #expect(try await second.api.call(.GET, "/api/v1/portal/requests?state=sideways").status == .unprocessableEntity)
        }
    }

    @Test func aClosedAccountOrADeletedContactOrCustomerEndsAccess() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let admin = try await app.person("boss@test.local", roles: [.admin])
            let api = APIClient(app: app, token: try await app.token(for: admin))
            let customer = try #require(try await api.call(.POST, "/api/v1/customers", json: ["name": "无锡某某"]).object["id"] as? String)
            let one = try await app.portalContact(by: api, customerID: customer, name: "周一", email: "one@wuxi.test")
            let two = try await app.portalContact(by: api, customerID: customer, name: "周二", email: "two@wuxi.test")
            #expect(try await api.call(.DELETE, "/api/v1/contacts/\(one.contactID)/portal-account").status == .noContent)
            #expect(try await one.api.call(.GET, "/api/v1/portal/me").status == .unauthorized)
            #expect(try await one.browser.get("/portal").location?.hasPrefix("/portal/sign-in") == true)
            let signIn = try await Browser(app).post("/portal/sign-in", [("email", "one@wuxi.test"), ("password", TestApp.portalPassword)])
            #expect(signIn.status == .unauthorized)
            // Deleting the customer closes its contacts' accounts.
            #expect(try await two.api.call(.GET, "/api/v1/portal/me").status == .ok)
            _ = try await api.call(.DELETE, "/api/v1/customers/\(customer)")
            #expect(try await two.api.call(.GET, "/api/v1/portal/me").status == .unauthorized)
            // Staff lists never show portal accounts as colleagues.
            let people = try await api.call(.GET, "/api/v1/users").items.compactMap { $0["email"] as? String }
            #expect(!people.contains("two@wuxi.test"))
        }
    }

    @Test func aSignInLinkIsMailedOnlyToAnOpenAccountAndWorksOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let contact = try await app.portalContact(by: api, customerID: customer, name: "王芳", email: "wang@suzhou.test")
            let visitor = Browser(app)
            let known = try await visitor.post("/portal/sign-in/link", [("email", "wang@suzhou.test")])
            let unknown = try await visitor.post("/portal/sign-in/link", [("email", "nobody@suzhou.test")])
            let staffAddress = try await visitor.post("/portal/sign-in/link", [("email", "li.na@test.local")])
            #expect(known.status == .ok && unknown.status == .ok && staffAddress.status == .ok)
            let notice = app.app.context.catalog.text("portal.signIn.linkSent", .zhHans, [])
            #expect(known.body.string.contains(notice) && unknown.body.string.contains(notice))
            // One mail queued, for the contact only; its link sealed in the queue.
            let jobs = try await app.db.sql.raw("SELECT payload FROM jobs WHERE kind = 'portal.mail'").all()
            #expect(jobs.count == 1)
            let payload = try jobs[0].decode(column: "payload", as: String.self)
            #expect(!payload.contains("/portal/sign-in/"))
            let decoded = try JSONCoding.decoder.decode(PortalMail.Payload.self, from: Data(payload.utf8))
            #expect(decoded.to == contact.email)
            let link = TestApp.path(of: try app.app.secretBox().open(decoded.link))
            let fresh = Browser(app)
            #expect(try await fresh.get(link).status == .ok)
            let used = try await fresh.post(link)
            #expect(used.status == .seeOther && used.location == "/portal")
            #expect(try await Browser(app).post(link).status == .gone)
            // The mail reads in the contact's language with the link in it.
            let mail = PortalMail.render(decoded, link: "https://liaison.test" + link, from: Mailbox.sample, at: app.clock.now, app: app.app)
            #expect(mail.text.contains("https://liaison.test" + link))
            #expect(mail.text.contains("王芳"))
            // One address asking for link after link is stopped like one guessing passwords.
            var last = known
            for index in 0..<25 {
                last = try await visitor.post("/portal/sign-in/link", [("email", "probe\(index)@suzhou.test")])
            }
            #expect(last.status == .tooManyRequests)
        }
    }

    @Test func staffAndCustomerAreKeptToTheirOwnSide() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, customer) = try await staff(app)
            let contact = try await app.portalContact(by: api, customerID: customer, name: "王芳", email: "wang@suzhou.test")
            // A contact's session on staff pages, its token on staff APIs and self-service routes.
            #expect(try await contact.browser.get("/").status == .forbidden)
            #expect(try await contact.browser.get("/account").status == .forbidden)
            #expect(try await contact.browser.get("/notifications").status == .forbidden)
            #expect(try await contact.api.call(.GET, "/api/v1/me/tokens").status == .forbidden)
            #expect(try await contact.api.call(.GET, "/api/v1/requests").status == .forbidden)
            // Staff have no portal.
            #expect(try await api.call(.GET, "/api/v1/portal/requests").status == .forbidden)
            // Signing in at the staff page still lands a contact in the portal.
            let signIn = try await Browser(app).post("/sign-in", [("email", contact.email), ("password", TestApp.portalPassword)])
            #expect(signIn.location == "/portal")
            // The portal's navigation, not the staff one.
            let home = try await contact.browser.get("/portal")
            #expect(home.body.string.contains("href=\"/portal/profile\""))
            #expect(!home.body.string.contains("href=\"/customers\""))
            // The profile changes the contact's name and language.
            let saved = try await contact.browser.post("/portal/profile", [("name", "王芳芳"), ("locale", "en")])
            #expect(saved.status == .seeOther)
            #expect(try await api.call(.GET, "/api/v1/contacts/\(contact.contactID)").object["name"] as? String == "王芳芳")
            let me = try await contact.api.call(.GET, "/api/v1/portal/me")
            #expect(me.object["locale"] as? String == "en")
            let forged = try await contact.browser.post("/portal/profile", [("name", "X")], csrf: false)
            #expect(forged.status == .forbidden)
            // A token of its own for the portal API, shown once, revoked from the same page.
            let made = try await contact.browser.post("/portal/tokens", [("name", "ERP 同步"), ("expiresInDays", "30")])
            #expect(made.status == .created)
            let secret = try #require(made.body.string.firstMatch(of: /lia_[A-Za-z0-9_-]+/).map { String($0.0) })
            let own = APIClient(app: app, token: secret)
            #expect(try await own.call(.GET, "/api/v1/portal/me").status == .ok)
            #expect(try await own.call(.GET, "/api/v1/customers").status == .forbidden)
            let tokens = try await APITokenStore.list(userID: contact.person.id, on: app.db)
            let erp = try #require(tokens.first { $0.name == "ERP 同步" })
            #expect(try await contact.browser.post("/portal/tokens/\(erp.id)/revoke").status == .seeOther)
            #expect(try await own.call(.GET, "/api/v1/portal/me").status == .unauthorized)
        }
    }
}
