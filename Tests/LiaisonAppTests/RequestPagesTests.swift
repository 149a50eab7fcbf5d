import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The request pages in both languages: queues, the new-request form, the conversation, status moves, merge and split.
@Suite struct RequestPagesTests {
    /// 2026-09-30 (Wednesday) 17:00 in Shanghai.
    static let nationalDayEve = Date(timeIntervalSince1970: 1_790_758_800)

    private func seed(_ app: TestApp) async throws -> (Browser, APIClient, customer: String, contact: String, request: String) {
        app.clock.set(Self.nationalDayEve)
        let agent = try await app.person("zhou.min@test.local", name: "周敏", roles: [.agent])
        let api = APIClient(app: app, token: try await app.token(for: agent))
        let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "苏州工业园区服务中心"]).object["id"] as! String
        let contact = try await api.call(.POST, "/api/v1/contacts", json: ["customerId": customer, "name": "吴磊", "email": "wu.lei@sipac.cn"])
            .object["id"] as! String
        let request = try await api.call(
            .POST, "/api/v1/requests",
            json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "high",
                   "subject": "门户登录失败", "body": "今天上午起**无法登录**门户。"]
        ).object["id"] as! String
        let browser = Browser(app)
        try await browser.signIn(agent.email, "Test-Passw0rd!")
        return (browser, api, customer, contact, request)
    }

    @Test(arguments: ["zh-Hans", "en"])
    func everyRequestPageRenders(locale: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, customer, _, request) = try await seed(app)
            try await browser.post("/locale", [("locale", locale)])
            let english = locale == "en"
            let pages: [(String, String)] = [
                ("/requests?view=all", "门户登录失败"),
                ("/requests?view=unassigned", english ? "Unassigned" : "未分配"),
                ("/requests/queues", english ? "Team queues" : "团队队列"),
                ("/requests/breaches", english ? "Breaches" : "超时"),
                ("/requests/new?customerId=\(customer)", "吴磊"),
                ("/requests/\(request)", english ? "Conversation" : "对话"),
            ]
            for (path, expected) in pages {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.text.contains(expected), "\(path) lacks \(expected)")
                #expect(!response.text.contains("#t("), "\(path) has an unrendered tag")
                #expect(!response.text.contains("requests."), "\(path) shows a raw catalog key")
            }
            let show = try await browser.get("/requests/\(request)").text
            #expect(show.contains("<strong>无法登录</strong>"))
            #expect(show.contains("R-000001"))
        }
    }

    /// The new-request form never lists every customer: the chosen one and the newest few, for a picker that finds
    /// the rest; without JavaScript a search above the form lists matching customers as links that choose one.
    @Test func theNewRequestFormFindsTheCustomerWithoutListingThemAll() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, api, customer, _, _) = try await seed(app)
            for index in 1...15 {
                _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "测试客户\(index)号"])
            }
            let empty = try await browser.get("/requests/new").text
            let options = empty.components(separatedBy: "<select id=\"customerId\"")[1]
                .components(separatedBy: "</select>")[0].components(separatedBy: "<option").count - 1
            #expect(options == 11, "the empty choice and the ten newest")
            #expect(!empty.contains("苏州工业园区服务中心"), "an older customer is found by typing, not listed")

            let found = try await browser.get("/requests/new?find=suzhou").text
            #expect(found.contains("href=\"/requests/new?customerId=\(customer)\">苏州工业园区服务中心</a>"))
            let nothing = try await browser.get("/requests/new?find=%E4%B8%8D%E5%AD%98%E5%9C%A8").text
            #expect(nothing.contains("没有匹配项"))

            let chosen = try await browser.get("/requests/new?customerId=\(customer)").text
            #expect(chosen.contains("<option value=\"\(customer)\" selected>苏州工业园区服务中心</option>"))
            #expect(chosen.contains("吴磊"))
        }
    }

    @Test func creatingFromTheFormValidatesAndKeepsWhatWasTyped() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, customer, contact, _) = try await seed(app)
            let bad = try await browser.post(
                "/requests", [("customerId", customer), ("contactId", contact), ("kind", "issue"), ("priority", "urgent"),
                              ("channel", "phone"), ("subject", ""), ("body", "打印机卡纸，已经第三次了")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("打印机卡纸，已经第三次了"))
            #expect(bad.text.contains("field-error"))
            let good = try await browser.post(
                "/requests", [("customerId", customer), ("contactId", contact), ("kind", "complaint"), ("priority", "urgent"),
                              ("channel", "phone"), ("subject", "打印机故障投诉"), ("body", "打印机卡纸，已经第三次了")])
            #expect(good.status == .seeOther)
            let location = try #require(good.headers.first(name: .location))
            let page = try await browser.get(location)
            #expect(page.text.contains("R-000002"))
            #expect(page.text.contains("打印机故障投诉"))
        }
    }

    @Test func replyingStatusMovesMergeAndSplitWorkFromThePage() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, api, customer, contact, first) = try await seed(app)
            // An internal note does not answer the customer; a public reply does.
            let note = try await browser.post("/requests/\(first)/messages", [("body", "@周敏 请先看日志"), ("visibility", "internal")])
            #expect(note.status == .seeOther)
            var json = try await api.call(.GET, "/api/v1/requests/\(first)").object
            #expect(json["firstRespondedAt"] is NSNull || json["firstRespondedAt"] == nil)
            let empty = try await browser.post("/requests/\(first)/messages", [("body", "  "), ("visibility", "public")])
            #expect(empty.status == .unprocessableEntity)
            try await browser.post("/requests/\(first)/messages", [("body", "您好，已定位原因，是证书过期，已更换。"), ("visibility", "public")])
            json = try await api.call(.GET, "/api/v1/requests/\(first)").object
            #expect(json["firstRespondedAt"] as? String != nil)
            #expect(json["status"] as? String == "open")

            let badStatus = try await browser.post("/requests/\(first)/status", [("status", "flying")])
            #expect(badStatus.status == .unprocessableEntity)
            try await browser.post("/requests/\(first)/status", [("status", "waitingOnCustomer")])
            json = try await api.call(.GET, "/api/v1/requests/\(first)").object
            #expect(json["status"] as? String == "waitingOnCustomer")

            // Split the customer's message into its own request.
            let messages = try await api.call(.GET, "/api/v1/requests/\(first)/messages").items
            let original = try #require(messages.first { ($0["body"] as? String)?.contains("无法登录") == true })
            let split = try await browser.post("/requests/\(first)/messages/\(original["id"] as! String)/split", [])
            #expect(split.status == .seeOther)
            let splitPage = try await browser.get(try #require(split.headers.first(name: .location)))
            #expect(splitPage.text.contains("R-000002"))

            // Merge a duplicate into the first; an unknown number is refused clearly.
            let duplicate = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "high",
                       "subject": "还是登录不了", "body": "同一个问题"]
            ).object["id"] as! String
            let unknown = try await browser.post("/requests/\(duplicate)/merge", [("into", "R-999999")])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.text.contains("找不到该编号的工单"))
            let merged = try await browser.post("/requests/\(duplicate)/merge", [("into", "R-000001")])
            #expect(merged.status == .seeOther)
            json = try await api.call(.GET, "/api/v1/requests/\(duplicate)").object
            #expect(json["mergedIntoId"] as? String == first)
            #expect(json["status"] as? String == "closed")
            let closed = try await browser.get("/requests/\(duplicate)")
            #expect(closed.text.contains("/requests/\(first)"))
        }
    }

    @Test func customersOutsideNeedToKnowStayHidden() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, api, _, _, _) = try await seed(app)
            let secret = try await api.call(.POST, "/api/v1/customers", json: ["name": "机密客户甲", "classification": "secret"]).object["id"] as! String
            let secretContact = try await api.call(.POST, "/api/v1/contacts", json: ["customerId": secret, "name": "钱七"]).object["id"] as! String
            let hidden = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": secret, "contactId": secretContact, "kind": "inquiry", "priority": "low",
                       "subject": "机密事项", "body": "内容"]
            ).object["id"] as! String
            let other = try await app.person("zheng.hao@test.local", name: "郑浩", roles: [.agent])
            let browser = Browser(app)
            try await browser.signIn(other.email, "Test-Passw0rd!")
            #expect(try await browser.get("/requests/\(hidden)").status == .notFound)
            let list = try await browser.get("/requests?view=all").text
            #expect(!list.contains("机密事项"))
            #expect(list.contains("门户登录失败"))
        }
    }

    @Test func theHomePageShowsAssignedRequestsAndNotificationsUntilRead() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, api, _, _, request) = try await seed(app)
            let colleague = try await app.person("sun.yu@test.local", name: "孙宇", roles: [.agent])
            let assigned = try await api.call(.PATCH, "/api/v1/requests/\(request)", json: ["assigneeId": colleague.id.uuidString])
            #expect(assigned.status == .ok)
            let browser = Browser(app)
            try await browser.signIn(colleague.email, "Test-Passw0rd!")
            var home = try await browser.get("/").text
            #expect(home.contains("R-000001"))
            #expect(home.contains("notifications-heading"))
            let read = try await browser.post("/notifications/read", [("all", "true")])
            #expect(read.status == .seeOther)
            home = try await browser.get("/").text
            #expect(!home.contains("notifications-heading"))
            #expect(home.contains("门户登录失败"), "the request stays in my work")
        }
    }

    @Test func awayAndQueueAssignmentAreSetFromThePages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let queue = try await api.call(.POST, "/api/v1/departments", json: ["name": "技术支持部"]).object["id"] as! String
            let browser = Browser(app)
            try await browser.signIn(admin.email, "Test-Passw0rd!")
            let form = try await browser.get("/departments/\(queue)/edit").text
            #expect(form.contains("轮流分派"))
            let saved = try await browser.post("/departments/\(queue)", [("name", "技术支持部"), ("assignment", "fewestOpen"), ("version", "1")])
            #expect(saved.status == .seeOther)
            #expect(try await api.call(.GET, "/api/v1/departments/\(queue)").object["assignment"] as? String == "fewestOpen")

            // Away from the account page, in the person's own time zone (Asia/Shanghai).
            let past = try await browser.post("/account/absence", [("absentUntil", "2000-01-01T09:00")])
            #expect(past.status == .unprocessableEntity)
            #expect(try await browser.post("/account/absence", [("absentUntil", "2099-02-01T09:00")]).status == .seeOther)
            var me = try await api.call(.GET, "/api/v1/users/\(admin.id)").object
            #expect(me["absentUntil"] as? String == "2099-02-01T01:00:00.000Z")
            #expect(try await browser.get("/account").text.contains("我已返回"))
            #expect(try await browser.get("/people/\(admin.id)").text.contains("返回时间"), "colleagues see who is away")
            #expect(try await browser.post("/account/absence", [("absentUntil", "")]).status == .seeOther)
            me = try await api.call(.GET, "/api/v1/users/\(admin.id)").object
            #expect(me["absentUntil"] == nil || me["absentUntil"] is NSNull)
        }
    }
}
