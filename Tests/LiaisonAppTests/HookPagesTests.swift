import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The pages under /admin/webhooks and /admin/robots, in both languages: set up through the forms, the webhook's
/// secret shown once and never again, robots' addresses and secrets never written back, the test message's answer
/// and the delivery log on the page.
@Suite(.timeLimit(.minutes(15))) struct HookPagesTests {
    @Test(arguments: ["zh-Hans", "en"])
    func webhooksAndRobotsAreSetUpThroughTheForms(locale: String) async throws {
        try await withHookReceiver { receiver in
            try await withTestApp { (app: TestApp) async throws in
                receiver.answer(200, #"{"errcode":0,"errmsg":"ok"}"#)
                let (admin, token) = try await app.admin()
                let browser = Browser(app)
                try await browser.signIn(admin.email, "Test-Passw0rd!")
                try await browser.post("/locale", [("locale", locale)])
                let english = locale == "en"
                let api = APIClient(app: app, token: token)
                let queue =
                    try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String

                let empty = try await browser.get("/admin/webhooks")
                #expect(empty.status == .ok)
                #expect(empty.text.contains(english ? "No webhooks yet." : "还没有 Webhook。"))
                #expect(try await browser.get("/admin/webhooks/new").text.contains("request.sla_breached"))

                let refused = try await browser.post(
                    "/admin/webhooks", [("name", "同步"), ("url", "ftp://x"), ("secret", "own-secret-123")])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains(english ? "Not a valid web address." : "网址"))
                #expect(!refused.text.contains("own-secret-123"))

                let created = try await browser.post(
                    "/admin/webhooks",
                    [
                        ("name", "工单同步"), ("url", receiver.url("/w")), ("events[]", "request.created"),
                        ("events[]", "customer.updated"), ("maxClassification", "internal"), ("active", "on"),
                    ])
                #expect(created.status == .created)
                #expect(created.text.contains("whsec_"))
                let webhook = try #require(try await HookQueries.webhooks(on: app.db).first)
                #expect(webhook.events == [.requestCreated, .customerUpdated])
                let edit = try await browser.get("/admin/webhooks/\(webhook.id.uuidString)")
                #expect(!edit.text.contains("whsec_"))
                let tested = try await browser.post("/admin/webhooks/\(webhook.id.uuidString)/test", [])
                #expect(tested.status == .ok)
                #expect(tested.text.contains(english ? "Delivered" : "已送达"))
                #expect(tested.text.contains("ping"))

                let robot = try await browser.post(
                    "/admin/robots",
                    [
                        ("name", "客服群"), ("departmentId", queue), ("kind", "dingtalk"),
                        ("url", receiver.url("/robot/send?access_token=tok-987")), ("secret", "SECpage-secret-1"),
                        ("events[]", "request.created"), ("language", locale), ("active", "on"),
                    ])
                #expect(robot.status == .seeOther)
                let robotPath = try #require(robot.headers.first(name: .location))
                let robotPage = try await browser.get(robotPath)
                #expect(robotPage.status == .ok)
                #expect(!robotPage.text.contains("tok-987") && !robotPage.text.contains("SECpage-secret-1"))
                #expect(robotPage.text.contains(english ? "Stored; leave empty to keep it" : "已保存；留空则保留"))
                let robotTest = try await browser.post(robotPath + "/test", [])
                #expect(robotTest.text.contains(english ? "Delivered" : "已送达"))
                #expect(receiver.received.last?.query?.contains("sign=") == true)
                let list = try await browser.get("/admin/robots")
                #expect(list.text.contains("客服群") && list.text.contains(english ? "DingTalk" : "钉钉"))

                // Saved without typing the address or secret: both are kept.
                let saved = try await browser.post(
                    robotPath,
                    [
                        ("name", "客服一群"), ("departmentId", queue), ("kind", "dingtalk"),
                        ("events[]", "request.created"),
                        ("events[]", "request.sla_breached"), ("language", locale), ("active", "on"), ("version", "1"),
                    ])
                #expect(saved.status == .seeOther)
                let stored = try #require(try await HookQueries.robots(on: app.db).first)
                #expect(stored.name == "客服一群" && stored.hasSecret && stored.events.count == 2)
                let address = try await HookQueries.robotAddress(
                    stored.id, secrets: try app.app.secretBox(), on: app.db)
                #expect(address.url.hasSuffix("access_token=tok-987") && address.secret == "SECpage-secret-1")

                // Other staff are refused.
                let lead = try await app.person("lead@test.local", roles: [.departmentLead, .supervisor])
                let other = Browser(app)
                try await other.signIn(lead.email, "Test-Passw0rd!")
                #expect(try await other.get("/admin/webhooks").status == .forbidden)
                #expect(try await other.get("/admin/robots").status == .forbidden)
            }
        }
    }
}
