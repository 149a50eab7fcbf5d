import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The records the page and API snapshots show: the same on every run, built through the API as people would,
/// with the clock moved between writes so that every list has one order. Merges and splits are left out: each
/// writes two timeline entries at the same moment, whose order would then rest on their random ids.
struct SnapshotWorld {
    /// 2026-09-22 (Tuesday) 09:30 in Shanghai, inside business hours, so each request's due times differ.
    static let start = Date(timeIntervalSince1970: 1_790_040_600)
    static let password = "Test-Passw0rd!"

    var admin: Person
    var agent: Person
    var sales: Person
    var adminAPI: APIClient
    var agentAPI: APIClient
    var support: String
    var salesDepartment: String
    var customer: String
    var confidentialCustomer: String
    var contact: String
    var englishContact: String
    var interaction: String
    var request: String
    var assignedRequest: String
    var resolvedRequest: String
    var cannedResponse: String
    var surveyPath: String
    var notification: String

    static func build(_ app: TestApp) async throws -> SnapshotWorld {
        app.clock.set(start)
        let step = { app.clock.advance(by: 300) }
        let admin = try await app.person("guo.qiang@test.local", name: "郭强", roles: [.admin])
        let adminAPI = APIClient(app: app, token: try await app.token(for: admin))
        step()
        let support = try await created(
            adminAPI, "/api/v1/departments", ["name": "客户服务部", "nameEn": "Customer Service", "code": "SUP"])
        step()
        let salesDepartment = try await created(
            adminAPI, "/api/v1/departments", ["name": "销售部", "nameEn": "Sales", "code": "SAL", "parentId": support])
        step()
        let agent = try await app.person(
            "zhou.min@test.local", name: "周敏", roles: [.agent], department: UUID(uuidString: support))
        step()
        let sales = try await app.person(
            "li.na@test.local", name: "李娜", roles: [.sales], department: UUID(uuidString: salesDepartment))
        step()
        try await app.person("emily.carter@test.local", name: "Emily Carter", roles: [.engineer, .projectManager])
        step()
        let agentAPI = APIClient(app: app, token: try await app.token(for: agent))

        let customer = try await created(
            adminAPI, "/api/v1/customers",
            [
                "name": "杭州云栖科技有限公司", "nameEn": "Yunqi Tech", "industry": "软件", "tier": "key", "region": "浙江",
                "status": "active", "classification": "internal", "tags": ["重点", "SaaS"],
                "ownerId": sales.id.uuidString,
                "website": "https://yunqi.example.cn", "phone": "0571-8888 6666", "address": "杭州市西湖区云栖小镇 8 号",
                "notes": "年度框架合同 **2026-12-31** 到期。\n\n- 关注续约\n- 季度回访",
            ])
        step()
        let confidentialCustomer = try await created(
            adminAPI, "/api/v1/customers",
            [
                "name": "苏州工业园区服务中心", "nameEn": "SIP Service Centre", "tier": "strategic", "status": "active",
                "classification": "confidential", "ownerId": sales.id.uuidString,
            ])
        step()
        try await created(
            adminAPI, "/api/v1/customers",
            ["kind": "individual", "name": "王芳", "tier": "small", "status": "prospect", "classification": "public"])
        step()
        let team = try await adminAPI.call(
            .POST, "/api/v1/customers/\(confidentialCustomer)/team",
            json: ["userId": agent.id.uuidString, "role": "support"])
        try #require(team.status.code < 300, "team: \(team.status) \(team.text)")
        step()
        let contact = try await created(
            adminAPI, "/api/v1/contacts",
            [
                "customerId": customer, "name": "陈静", "title": "信息中心主任", "role": "decisionMaker",
                "email": "chen.jing@yunqi.example.cn", "phone": "13800138000", "wechat": "chenjing_yq",
                "preferredChannel": "chat", "preferredLanguage": "zh-Hans", "consent": ["email": true, "phone": false],
            ])
        step()
        let englishContact = try await created(
            adminAPI, "/api/v1/contacts",
            [
                "customerId": customer, "name": "David Lee", "title": "CTO", "role": "technical",
                "email": "david.lee@yunqi.example.cn", "preferredChannel": "email", "preferredLanguage": "en",
            ])
        step()
        let suzhouContact = try await created(
            adminAPI, "/api/v1/contacts",
            ["customerId": confidentialCustomer, "name": "吴磊", "email": "wu.lei@sipac.example.cn"])
        step()
        let interaction = try await created(
            adminAPI, "/api/v1/interactions",
            [
                "customerId": customer, "channel": "meeting", "direction": "outbound", "subject": "续约沟通会",
                "body": "讨论了**续约**方案与报价 <script>alert('x')</script>", "occurredAt": "2026-09-21T06:00:00Z",
                "durationMinutes": 60, "outcome": "客户倾向续约三年", "contactIds": [contact, englishContact],
                "staffIds": [sales.id.uuidString], "nextStep": "发送续约报价单", "nextStepOwnerId": admin.id.uuidString,
                "nextStepDueAt": "2026-09-25T02:00:00Z",
            ])
        step()
        try await created(
            agentAPI, "/api/v1/interactions",
            [
                "customerId": confidentialCustomer, "channel": "phone", "direction": "inbound", "subject": "来电咨询打印机维保",
                "occurredAt": "2026-09-22T01:00:00Z", "contactIds": [suzhouContact],
            ])
        step()
        let request = try await created(
            agentAPI, "/api/v1/requests",
            [
                "customerId": customer, "contactId": contact, "kind": "issue", "priority": "high", "channel": "email",
                "subject": "门户登录失败", "body": "今天上午起**无法登录**门户，提示“账号已锁定”。", "queueId": support,
                "assigneeId": agent.id.uuidString,
            ])
        step()
        try await created(
            agentAPI, "/api/v1/requests/\(request)/messages",
            ["body": "您好，已为您解锁账号，请再试一次。", "visibility": "public", "channel": "email"])
        step()
        try await created(
            agentAPI, "/api/v1/requests/\(request)/messages",
            ["body": "@郭强 锁定原因是密码连续输错，需要确认是否调整策略。", "visibility": "internal"])
        step()
        try await created(
            agentAPI, "/api/v1/requests/\(request)/messages",
            ["body": "可以登录了，谢谢！", "contactId": contact, "channel": "email"])
        step()
        let assignedRequest = try await created(
            agentAPI, "/api/v1/requests",
            [
                "customerId": customer, "contactId": englishContact, "kind": "inquiry", "priority": "normal",
                "channel": "portal", "subject": "发票抬头修改", "body": "Please change the invoice title to Yunqi Tech Ltd.",
                "assigneeId": admin.id.uuidString,
            ])
        step()
        let resolvedRequest = try await created(
            agentAPI, "/api/v1/requests",
            [
                "customerId": confidentialCustomer, "contactId": suzhouContact, "kind": "complaint",
                "priority": "urgent",
                "channel": "phone", "subject": "打印机故障投诉", "body": "打印机卡纸，已经第三次了。", "queueId": support,
                "assigneeId": agent.id.uuidString,
            ])
        step()
        let resolved = try await agentAPI.call(
            .PATCH, "/api/v1/requests/\(resolvedRequest)", json: ["status": "resolved"])
        try #require(resolved.status == .ok, "resolve: \(resolved.status) \(resolved.text)")
        let messages = try await agentAPI.call(.GET, "/api/v1/requests/\(resolvedRequest)/messages")
        let surveyBody = try #require(messages.items.last?["body"] as? String)
        let surveyLink = try #require(
            surveyBody.range(of: #"https?://[^\s/]+/public/csat/\S+"#, options: .regularExpression).map { String(surveyBody[$0]) })
        let surveyPath = try #require(surveyLink.range(of: "/public/csat/").map { String(surveyLink[$0.lowerBound...]) })
        step()
        try await created(
            agentAPI, "/api/v1/requests",
            [
                "customerId": customer, "kind": "feedback", "priority": "low", "channel": "webForm",
                "subject": "希望增加导出功能", "body": "建议在报表页增加 Excel 导出。", "queueId": support,
            ])
        step()
        let cannedResponse = try await created(
            adminAPI, "/api/v1/canned-responses",
            [
                "departmentId": support, "title": "已收到", "bodyZh": "{{contact.name}}您好，我们已收到您的请求 {{request.number}}。",
                "bodyEn": "Dear {{contact.name}}, we have received your request {{request.number}}.",
            ])
        step()
        let token = try await adminAPI.call(.POST, "/api/v1/me/tokens", json: ["name": "夜间同步", "expiresInDays": 2])
        try #require(token.status == .created, "token: \(token.status) \(token.text)")
        step()
        let notifications = try await adminAPI.call(.GET, "/api/v1/notifications")
        let notification = try #require(notifications.items.last?["id"] as? String)
        return SnapshotWorld(
            admin: admin, agent: agent, sales: sales, adminAPI: adminAPI, agentAPI: agentAPI, support: support,
            salesDepartment: salesDepartment, customer: customer, confidentialCustomer: confidentialCustomer,
            contact: contact, englishContact: englishContact, interaction: interaction, request: request,
            assignedRequest: assignedRequest, resolvedRequest: resolvedRequest, cannedResponse: cannedResponse,
            surveyPath: surveyPath, notification: notification)
    }

    /// A browser signed in as the administrator, asking for pages in `language` (the person has no saved
    /// preference, so `Accept-Language` decides and switching writes nothing).
    func adminBrowser(_ app: TestApp, language: String) async throws -> Browser {
        let browser = Browser(app)
        browser.acceptLanguage = language
        let signedIn = try await browser.signIn(admin.email, Self.password)
        try #require(signedIn.status == .seeOther, "sign-in: \(signedIn.status)")
        return browser
    }

    /// Posts `body` and answers the new record's id; anything but 201 stops the test.
    @discardableResult
    private static func created(_ api: APIClient, _ path: String, _ body: [String: Any]) async throws -> String {
        let response = try await api.call(.POST, path, json: body)
        try #require(response.status == .created, "\(path): \(response.status) \(response.text)")
        return try #require(response.object["id"] as? String, "\(path) answered no id")
    }
}
