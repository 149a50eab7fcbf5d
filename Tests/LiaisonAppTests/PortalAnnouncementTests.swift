import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Announcements in the portal: a contact reads the published ones meant for its organisation (public, for all
/// customers, for its tier or for it by name), on its pages and through the API, and no other.
@Suite struct PortalAnnouncementTests {
    @Test func aContactSeesOnlyTheAnnouncementsMeantForItsOrganisation() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let admin = try await app.person("admin@test.local", name: "管理员", roles: [.admin])
            let staff = APIClient(app: app, token: try await app.token(for: admin))
            let key = try #require(
                try await staff.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团", "tier": "key"])
                    .object["id"] as? String)
            let small = try #require(
                try await staff.call(.POST, "/api/v1/customers", json: ["name": "常州云帆科技", "tier": "small"])
                    .object["id"] as? String)
            let a = try await app.portalContact(by: staff, customerID: key, name: "重点联系人", email: "a@key.test")
            let b = try await app.portalContact(by: staff, customerID: small, name: "小客户联系人", email: "b@small.test")

            func announce(_ title: String, audience: String, tiers: [String] = [], customers: [String] = [],
                          publish: Bool = true) async throws -> String {
                let created = try await staff.call(
                    .POST, "/api/v1/announcements",
                    json: ["kind": "maintenance", "audience": audience, "tiers": tiers, "customerIds": customers,
                           "titleZh": title, "titleEn": "EN " + title, "bodyZh": "**\(title)** 正文",
                           "bodyEn": "**EN \(title)** text"])
                #expect(created.status == .created, "\(created.body.string)")
                let id = try #require(created.object["id"] as? String)
                if publish {
                    // Published at times with fractions of a millisecond, as real clocks give them.
                    app.clock.advance(by: 1.000_6)
                    // "EN " + a Chinese title: the English version is in Chinese, a warning confirmed here.
                    let published = try await staff.call(
                        .POST, "/api/v1/announcements/\(id)/publish",
                        json: ["confirmWarnings": true, "overrideReason": "测试数据"])
                    #expect(published.status == .ok, "\(published.body.string)")
                }
                return id
            }
            let everyone = try await announce("公开维护通知", audience: "public")
            let customers = try await announce("全体客户通知", audience: "allCustomers")
            let forKey = try await announce("重点客户升级", audience: "selected", tiers: ["key"])
            let forSmall = try await announce("小客户专属", audience: "selected", customers: [small])
            let draft = try await announce("尚未发布的草稿", audience: "public", publish: false)
            app.clock.advance(by: 60)

            let seenByA = try await a.api.call(.GET, "/api/v1/portal/announcements")
            #expect(seenByA.status == .ok)
            let idsA = Set(seenByA.items.compactMap { $0["id"] as? String })
            #expect(idsA == [everyone, customers, forKey])
            let first = try #require(seenByA.items.first)
            #expect(Set(first.keys) == ["id", "kind", "titleZh", "titleEn", "bodyZh", "bodyEn", "publishedAt", "updatedAt"])
            let idsB = Set(try await b.api.call(.GET, "/api/v1/portal/announcements").items.compactMap { $0["id"] as? String })
            #expect(idsB == [everyone, customers, forSmall])

            // Pages of one, keyset-continued.
            let page1 = try await a.api.call(.GET, "/api/v1/portal/announcements?limit=2")
            #expect(page1.items.count == 2)
            let cursor = try #require(page1.object["nextCursor"] as? String)
            let page2 = try await a.api.call(.GET, "/api/v1/portal/announcements?limit=2&cursor=\(cursor)")
            #expect(page2.items.count == 1)
            #expect(Set((page1.items + page2.items).compactMap { $0["id"] as? String }) == idsA)
            // One a page: each once, newest first.
            var walked: [String] = []
            var next: String? = nil
            repeat {
                let page = try await a.api.call(
                    .GET, "/api/v1/portal/announcements?limit=1" + (next.map { "&cursor=\($0)" } ?? ""))
                walked += page.items.compactMap { $0["id"] as? String }
                next = page.object["nextCursor"] as? String
            } while next != nil && walked.count < 10
            #expect(walked == [forKey, customers, everyone])
            #expect(try await a.api.call(.GET, "/api/v1/portal/announcements?limit=0").status == .unprocessableEntity)

            // One: another tier's, another customer's and a draft are not found, on the API and as a page.
            #expect(try await a.api.call(.GET, "/api/v1/portal/announcements/\(forKey)").object["titleZh"] as? String == "重点客户升级")
            for (contact, id) in [(a, forSmall), (a, draft), (b, forKey), (b, draft)] {
                #expect(try await contact.api.call(.GET, "/api/v1/portal/announcements/\(id)").status == .notFound)
                let page = try await contact.browser.get("/portal/announcements/\(id)")
                #expect(page.status == .notFound)
                #expect(!page.body.string.contains("小客户专属") && !page.body.string.contains("重点客户升级"))
            }

            // The pages: the list, one announcement with its Markdown, and the newest three on the requests page.
            let list = try await a.browser.get("/portal/announcements")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("重点客户升级") && !list.body.string.contains("小客户专属"))
            let one = try await a.browser.get("/portal/announcements/\(forKey)")
            #expect(one.body.string.contains("<strong>重点客户升级</strong> 正文"))
            let home = try await b.browser.get("/portal")
            #expect(home.body.string.contains("/portal/announcements/\(forSmall)"))
            #expect(!home.body.string.contains("/portal/announcements/\(forKey)"))
            // In the contact's language.
            #expect(try await b.api.call(.PATCH, "/api/v1/portal/me", json: ["locale": "en"]).status == .ok)
            let english = try await b.browser.get("/portal/announcements/\(forSmall)").body.string
            #expect(english.contains("<strong>EN 小客户专属</strong> text"), "\(english)")

            // Withdrawn, it is gone from the portal.
            #expect(try await staff.call(.POST, "/api/v1/announcements/\(forKey)/withdraw").status == .ok)
            #expect(try await a.api.call(.GET, "/api/v1/portal/announcements/\(forKey)").status == .notFound)
            #expect(!(try await a.browser.get("/portal").body.string.contains("重点客户升级")))
        }
    }
}
