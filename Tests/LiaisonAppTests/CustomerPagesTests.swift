import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The customer pages in both languages, the quick log form, next steps on the home page, and need-to-know.
@Suite struct CustomerPagesTests {
    private func seed(_ app: TestApp, classification: String = "internal") async throws
        -> (Browser, APIClient, customer: String, contact: String, interaction: String)
    {
        let person = try await app.person("li.na@test.local", name: "李娜", roles: [.sales])
        let api = APIClient(app: app, token: try await app.token(for: person))
        let customer = try await api.call(
            .POST, "/api/v1/customers",
            json: ["name": "杭州云栖科技有限公司", "nameEn": "Yunqi Tech", "classification": classification, "tags": ["重点", "SaaS"]]
        ).object["id"] as! String
        let contact = try await api.call(
            .POST, "/api/v1/contacts",
            json: ["customerId": customer, "name": "陈静", "email": "chen.jing@yunqi.cn", "phone": "13800138000"]
        ).object["id"] as! String
        let interaction = try await api.call(
            .POST, "/api/v1/interactions",
            json: [
                "customerId": customer, "channel": "meeting", "direction": "outbound", "subject": "需求沟通会",
                "body": "讨论了**交付**计划 <script>alert('x')</script>", "occurredAt": "2026-09-20T02:00:00Z",
                "contactIds": [contact], "nextStep": "发送报价单", "nextStepDueAt": "2026-09-19T02:00:00Z",
            ]
        ).object["id"] as! String
        let browser = Browser(app)
        try await browser.signIn(person.email, "Test-Passw0rd!")
        return (browser, api, customer, contact, interaction)
    }

    /// A next step due on a day, without a time, shows the day alone (stored as that day's midnight where the
    /// viewer is); one with a time shows it.
    @Test func aDateWithoutATimeShowsNoMidnight() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, api, customer, _, _) = try await seed(app)
            let made = try await api.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": customer, "channel": "phone", "direction": "outbound", "subject": "回访",
                    "occurredAt": "2026-09-20T03:00:00Z", "nextStep": "寄送样品", "nextStepDueAt": "2026-09-25T00:00:00+08:00",
                ])
            let id = try #require(made.object["id"] as? String)
            let page = try await browser.get("/interactions/\(id)").text
            #expect(page.contains("2026年9月25日"), "\(page)")
            #expect(!page.contains("2026年9月25日 0:00") && !page.contains("2026年9月25日 00:00"))
            #expect(page.contains("2026年9月20日 11:00"), "a time that is not midnight stays")
        }
    }

    @Test(arguments: ["zh-CN", "en"])
    func everyCustomerPageRenders(language: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, customer, contact, interaction) = try await seed(app)
            browser.acceptLanguage = language
            let english = language == "en"
            try await browser.post("/locale", [("locale", english ? "en" : "zh-Hans")])
            let pages: [(String, String)] = [
                ("/customers", english ? "Add customer" : "新增客户"),
                ("/customers/new", english ? "Classification" : "保密等级"),
                ("/customers/\(customer)", english ? "Account team" : "客户团队"),
                ("/customers/\(customer)/edit", "杭州云栖科技有限公司"),
                ("/customers/\(customer)/log", english ? "Log an interaction" : "记录沟通"),
                ("/customers/\(customer)/contacts/new", english ? "Add contact" : "新增联系人"),
                ("/contacts/\(contact)", "chen.jing@yunqi.cn"),
                ("/contacts/\(contact)/edit", "陈静"),
                ("/interactions/\(interaction)", "需求沟通会"),
                ("/search?q=%E4%BA%91%E6%A0%96", "杭州<mark>云栖</mark>科技有限公司"),
            ]
            for (path, expected) in pages {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.text.contains(expected), "\(path) lacks \(expected)")
                #expect(!response.text.contains("#t("), "\(path) has an unrendered tag")
            }
        }
    }

    @Test func notesAreRenderedAsMarkdownWithoutTheirHTML() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, _, _, interaction) = try await seed(app)
            let page = try await browser.get("/interactions/\(interaction)").text
            #expect(page.contains("<strong>交付</strong>"))
            #expect(!page.contains("<script>alert"))
            #expect(page.contains("&lt;script&gt;"))
        }
    }

    @Test func theQuickLogFormSavesAndComplainsClearly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, customer, contact, _) = try await seed(app)
            let bad = try await browser.post(
                "/interactions", [("customerId", customer), ("channel", "phone"), ("direction", "inbound"),
                                  ("subject", ""), ("occurredAt", "2026-09-21T09:30"), ("body", "客户来电询问发票")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("必填。"))
            #expect(bad.text.contains("客户来电询问发票"))  // nothing typed is lost
            let good = try await browser.post(
                "/interactions", [("customerId", customer), ("channel", "phone"), ("direction", "inbound"),
                                  ("subject", "询问发票"), ("occurredAt", "2026-09-21T09:30"), ("contactIds[]", contact),
                                  ("nextStep", ""), ("nextStepOwnerId", UUID().uuidString), ("nextStepDueAt", "")])
            #expect(good.status == .seeOther)
            let page = try await browser.get("/customers/\(customer)").text
            #expect(page.contains("询问发票"))
            #expect(page.contains("2026年9月21日 9:30"))  // read in the person's time zone (Asia/Shanghai)
        }
    }

    @Test func nextStepsWaitOnTheOwnersHomePageUntilDone() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, _, _, interaction) = try await seed(app)
            // A next step is a commitment: listed under "My commitments", marked overdue, with its customer.
            let home = try await browser.get("/").text
            #expect(home.contains("我的承诺") && home.contains("发送报价单") && home.contains("杭州云栖科技有限公司"))
            #expect(home.contains("<span class=\"tag warn\">已逾期</span>"))
            try await browser.post("/interactions/\(interaction)/next-step", [("done", "true")])
            #expect(!(try await browser.get("/").text.contains("发送报价单")))
        }
    }

    @Test func outsidersGetNotFoundOnEveryPageOfAConfidentialCustomer() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, _, customer, contact, interaction) = try await seed(app, classification: "secret")
            try await app.person("outsider@test.local", roles: [.sales])
            let outsider = Browser(app)
            try await outsider.signIn("outsider@test.local", "Test-Passw0rd!")
            for path in [
                "/customers/\(customer)", "/customers/\(customer)/edit", "/customers/\(customer)/log",
                "/contacts/\(contact)", "/interactions/\(interaction)",
            ] {
                #expect(try await outsider.get(path).status == .notFound, "\(path)")
            }
            #expect(!(try await outsider.get("/customers").text.contains("杭州云栖")))
            #expect(!(try await outsider.get("/search?q=%E4%BA%91%E6%A0%96").text.contains("杭州云栖")))
        }
    }

    @Test func formsCreateContactsAndManageTheTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _, customer, _, _) = try await seed(app)
            let colleague = try await app.person("wu.hao@test.local", name: "吴昊", roles: [.agent])
            let contact = try await browser.post(
                "/contacts", [("customerId", customer), ("name", "刘洋"), ("emails", "liu@yunqi.cn\nbad-email"), ("consent[]", "email")])
            #expect(contact.status == .unprocessableEntity)
            #expect(contact.text.contains("邮箱格式不正确。"))
            let saved = try await browser.post(
                "/contacts", [("customerId", customer), ("name", "刘洋"), ("emails", "liu@yunqi.cn\nyang.liu@yunqi.cn"), ("consent[]", "email")])
            #expect(saved.status == .seeOther)
            let added = try await browser.post("/customers/\(customer)/team", [("userId", colleague.id.uuidString), ("role", "support")])
            #expect(added.status == .seeOther)
            #expect(try await browser.get("/customers/\(customer)").text.contains("吴昊"))
            let customerPage = try await browser.post(
                "/customers", [("name", "宁波港集团"), ("classification", "confidential"), ("tags", "港口，物流")])
            #expect(customerPage.status == .seeOther)
        }
    }
}
