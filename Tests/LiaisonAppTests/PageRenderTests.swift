import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Every page renders, in both languages, with what it must show.
@Suite struct PageRenderTests {
    private func adminBrowser(_ app: TestApp, language: String? = nil) async throws -> (Browser, Person) {
        let admin = try await app.person("admin@test.local", name: "郭强", roles: [.admin])
        let browser = Browser(app)
        browser.acceptLanguage = language
        try await browser.signIn(admin.email, "Test-Passw0rd!")
        return (browser, admin)
    }

    @Test(arguments: ["zh-CN", "en"])
    func everyPageRendersForAnAdministrator(language: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, admin) = try await adminBrowser(app, language: language)
            let english = language == "en"
            let department = try await APIClient(app: app, token: try await app.token(for: admin))
                .call(.POST, "/api/v1/departments", json: ["name": "销售部", "nameEn": "Sales"]).object["id"] as! String
            let pages: [(String, String)] = [
                ("/", english ? "Hello, 郭强" : "你好，郭强"),
                ("/people", english ? "Add person" : "新增人员"),
                ("/people/new", english ? "Roles" : "角色"),
                ("/people/\(admin.id)", "admin@test.local"),
                ("/people/\(admin.id)/edit", "admin@test.local"),
                ("/departments", english ? "Sales" : "销售部"),
                ("/departments/\(department)/edit", "销售部"),
                ("/audit", english ? "Audit trail" : "审计日志"),
                ("/account", english ? "Signed-in sessions" : "登录会话"),
                ("/account/tokens", english ? "New token" : "新建令牌"),
                ("/account/password", english ? "Current password" : "当前密码"),
            ]
            for (path, expected) in pages {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.text.contains(expected), "\(path) lacks \(expected)")
                #expect(response.text.contains("<html lang=\"\(english ? "en" : "zh-CN")\">"), "\(path) language")
                #expect(!response.text.contains("#t("), "\(path) has an unrendered tag")
                #expect(response.headers.contentType == .html)
            }
        }
    }

    @Test func theSignInPageAndErrorsRenderForAnonymousVisitors() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = Browser(app)
            let signIn = try await browser.get("/sign-in")
            #expect(signIn.status == .ok)
            #expect(signIn.text.contains("name=\"_csrf\""))
            let missing = try await browser.get("/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("找不到你要的内容。"))
        }
    }

    /// The audit trail reads as sentences: people and records by name with links, changes as "field: before →
    /// after" with labels, the stored entry one click away; a language switch shows as a preference.
    @Test func theAuditTrailNamesPeopleAndRecordsAndShowsChangesAsLabels() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, admin) = try await adminBrowser(app)
            let api = APIClient(app: app, token: try await app.token(for: admin))
            let customer = try #require(
                try await api.call(.POST, "/api/v1/customers", json: ["name": "上海星河科技有限公司", "tier": "standard"])
                    .object["id"] as? String)
            _ = try await api.call(.PATCH, "/api/v1/customers/\(customer)", json: ["tier": "key"])
            let page = try await browser.get("/audit").text
            #expect(page.contains("<a href=\"/customers/\(customer)\">上海星河科技有限公司</a>"))
            #expect(page.contains("<a href=\"/people/\(admin.id.uuidString)\">郭强</a>"))
            #expect(page.contains("<span class=\"field\">客户名称</span> <ins>上海星河科技有限公司</ins>"), "\(page)")
            #expect(page.contains("<del>普通客户</del> → <ins>重点客户</ins>"), "tier labels, not stored words")
            #expect(page.contains("<details class=\"raw\">"))
            // Filtered to the record, by a link from any of its entries.
            let trail = try await browser.get("/audit?recordType=customer&recordId=\(customer)").text
            #expect(trail.contains("只看客户 上海星河科技有限公司。"))
            // The filters choose by name, not by id or stored type words.
            #expect(
                trail.contains(
                    "<option value=\"customer\" data-lookup=\"/lookup/customers\" data-lookup-label=\"name\" data-lookup-detail=\"nameEn\" selected>客户</option>"))
            // The record picker holds the chosen record by name (without JavaScript, a select of it alone).
            #expect(trail.contains("<option value=\"\(customer)\" selected>上海星河科技有限公司</option>"))
            #expect(trail.contains(">郭强</option>"))
            try await browser.post("/locale", [("locale", "en")])
            #expect(try await browser.get("/audit").text.contains("Changed own preferences"))
        }
    }

    @Test func theAdminHomePageWarnsWhileTheBaseAddressIsUnset() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _) = try await adminBrowser(app)
            #expect(try await browser.get("/").text.contains("尚未设置 LIAISON_BASE_URL"))
        }
        try await withTestApp(["LIAISON_BASE_URL": "https://liaison.example.com"]) { (app: TestApp) async throws in
            let (browser, _) = try await adminBrowser(app)
            #expect(!(try await browser.get("/").text.contains("LIAISON_BASE_URL")))
        }
    }

    @Test func homeListsWorkWaitingForThePerson() async throws {
        try await withTestApp(["LIAISON_BASE_URL": "https://liaison.example.com"]) { (app: TestApp) async throws in
            let (browser, admin) = try await adminBrowser(app)
            #expect(try await browser.get("/").text.contains("目前没有分配给你的待办事项。"))
            let locked = try await app.person("locked@test.local", name: "吴昊", roles: [.agent])
            for _ in 1...5 { try await Browser(app).signIn(locked.email, "wrong-password") }
            try await app.person("fresh@test.local", name: "徐晨", roles: [.agent], mustChange: true)
            let api = APIClient(app: app, token: try await app.token(for: admin))
            _ = try await api.call(.POST, "/api/v1/me/tokens", json: ["name": "夜间同步", "expiresInDays": 2])
            let home = try await browser.get("/").text
            #expect(home.contains("吴昊 的账户因多次登录失败被锁定"))
            #expect(home.contains("徐晨 尚未用一次性密码完成首次登录"))
            #expect(home.contains("API 令牌“夜间同步”即将过期"))
            // A colleague without the right to manage people sees only their own items.
            try await app.person("colleague@test.local", roles: [.sales])
            let colleague = Browser(app)
            try await colleague.signIn("colleague@test.local", "Test-Passw0rd!")
            #expect(!(try await colleague.get("/").text.contains("吴昊")))
        }
    }

    @Test func navigationShowsOnlyWhatTheRolesAllow() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await app.person("agent@test.local", roles: [.agent])
            let browser = Browser(app)
            try await browser.signIn("agent@test.local", "Test-Passw0rd!")
            let home = try await browser.get("/")
            #expect(home.text.contains("href=\"/people\""))
            #expect(!home.text.contains("href=\"/audit\""))
            let people = try await browser.get("/people")
            #expect(!people.text.contains("新增人员"))
        }
    }

    @Test func theLanguageSwitchIsRememberedOnThePerson() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("lang@test.local", name: "Emily Carter", roles: [.sales])
            let browser = Browser(app)
            try await browser.signIn(person.email, "Test-Passw0rd!")
            #expect(try await browser.get("/").text.contains("你好，Emily Carter"))
            let switched = try await browser.post("/locale", [("locale", "en"), ("back", "/people")])
            #expect(switched.location == "/people")
            #expect(try await browser.get("/people").text.contains("<h1>People</h1>"))
            // Another browser of the same person picks the saved preference, whatever it asks for.
            let other = Browser(app)
            other.acceptLanguage = "zh-CN"
            try await other.signIn(person.email, "Test-Passw0rd!")
            #expect(try await other.get("/").text.contains("Hello, Emily Carter"))
            let unknown = try await browser.post("/locale", [("locale", "fr")])
            #expect(unknown.status == .unprocessableEntity)
        }
    }

    @Test func formsKeepWhatWasTypedAndExplainEachError() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, _) = try await adminBrowser(app)
            let response = try await browser.post(
                "/people", [("name", "刘洋"), ("email", "not-an-email"), ("phone", "12"), ("roles[]", "engineer")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("value=\"刘洋\""))
            #expect(response.text.contains("邮箱格式不正确。"))
            #expect(response.text.contains("电话号码格式不正确。"))
            let created = try await browser.post(
                "/people", [("name", "刘洋"), ("email", "liu.yang@test.local"), ("roles[]", "engineer"), ("roles[]", "projectManager")])
            #expect(created.status == .created)
            #expect(created.text.contains("一次性密码"))
        }
    }

    @Test func securityHeadersAreOnEveryResponse() async throws {
        try await withTestApp { (app: TestApp) async throws in
            for path in ["/sign-in", "/healthz", "/no-such-page", "/assets/app.css"] {
                let response = try await Browser(app).get(path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
            let css = try await Browser(app).get("/assets/app.css")
            #expect(css.status == .ok)
        }
    }
}
