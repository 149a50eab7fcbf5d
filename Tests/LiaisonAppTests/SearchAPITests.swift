import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// What the user guide promises search finds: notes and next steps, and Chinese in either script.
@Suite struct SearchAPITests {
    private func salesAPI(_ app: TestApp, email: String) async throws -> APIClient {
        let person = try await app.person(email, name: "李娜", roles: [.sales])
        return APIClient(app: app, token: try await app.token(for: person))
    }

    private func titles(_ query: String, by api: APIClient) async throws -> [String] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let response = try await api.call(.GET, "/api/v1/search?q=\(encoded)")
        #expect(response.status == .ok)
        return response.items.compactMap { $0["title"] as? String }
    }

    /// A search may match a large share of all documents: it runs on the reader threads, not on the event loop
    /// that received it (see `Database.costlyRead`).
    @Test func aSearchIsACostlyRead() async throws {
        try await withTestApp { (app: TestApp) async throws in
            guard let before = app.db.readCounts else { return }  // PostgreSQL: nothing blocks a thread
            let api = try await salesAPI(app, email: "zhao.lei@test.local")
            _ = try await titles("发票", by: api)
            #expect(app.db.readCounts?.costlyReads == before.costlyReads + 1)
        }
    }

    @Test func notesAndNextStepsAreFoundAndFollowChanges() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let api = try await salesAPI(app, email: "li.na@test.local")
            let id =
                try await api.call(
                    .POST, "/api/v1/customers", json: ["name": "宁波港集团", "notes": "每季度**对账**一次，发票寄财务部"]
                ).object["id"] as! String
            let contactID =
                try await api.call(
                    .POST, "/api/v1/contacts", json: ["customerId": id, "name": "陈工", "notes": "只在上午接电话"]
                ).object["id"] as! String
            let interaction = try await api.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": id, "channel": "phone", "direction": "outbound", "subject": "年度合同",
                    "body": "讨论续约条款", "occurredAt": "2026-09-20T10:00:00Z", "nextStep": "寄送样品给采购部",
                ])
            #expect(interaction.status == .created)

            #expect(try await titles("对账", by: api) == ["宁波港集团"])
            #expect(try await titles("发票寄财务部", by: api) == ["宁波港集团"])
            #expect(try await titles("上午接电话", by: api) == ["陈工"])
            #expect(try await titles("样品 采购部", by: api) == ["年度合同"])

            // Changed notes replace the old words; a deleted contact takes its notes with it.
            let patched = try await api.call(.PATCH, "/api/v1/customers/\(id)", json: ["notes": "改为每月结算"])
            #expect(patched.status == .ok)
            #expect(try await titles("对账", by: api).isEmpty)
            #expect(try await titles("每月结算", by: api) == ["宁波港集团"])
            _ = try await api.call(.PATCH, "/api/v1/contacts/\(contactID)", json: ["notes": "周末也可联系"])
            #expect(try await titles("上午接电话", by: api).isEmpty)
            #expect(try await titles("周末也可", by: api) == ["陈工"])
            let (_, adminToken) = try await app.admin()
            let admin = APIClient(app: app, token: adminToken)
            #expect(try await admin.call(.DELETE, "/api/v1/contacts/\(contactID)").status == .noContent)
            #expect(try await titles("周末也可", by: api).isEmpty)
        }
    }

    @Test func aConfidentialCustomersNotesStayHiddenFromOutsiders() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let owner = try await salesAPI(app, email: "owner@test.local")
            let id =
                try await owner.call(
                    .POST, "/api/v1/customers",
                    json: ["name": "星河资本", "classification": "confidential", "notes": "收购计划三月公布"]
                ).object["id"] as! String
            _ = try await owner.call(
                .POST, "/api/v1/contacts", json: ["customerId": id, "name": "王秘书", "notes": "董事会名单保密"])
            _ = try await owner.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": id, "channel": "visit", "direction": "outbound", "subject": "会谈",
                    "occurredAt": "2026-09-20T10:00:00Z", "nextStep": "准备尽职调查清单",
                ])
            let outsider = try await salesAPI(app, email: "outsider@test.local")
            for query in ["收购计划", "董事会名单", "尽职调查"] {
                #expect(try await titles(query, by: outsider).isEmpty, "\(query) leaked")
                #expect(try await titles(query, by: owner).count == 1, "\(query) not found by the owner")
            }
        }
    }

    @Test func traditionalAndSimplifiedChineseFindEachOther() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let api = try await salesAPI(app, email: "li.na@test.local")
            let taipei = try await api.call(.POST, "/api/v1/customers", json: ["name": "臺北貿易股份有限公司"])
            let customerID = taipei.object["id"] as! String
            let contactID =
                try await api.call(
                    .POST, "/api/v1/contacts", json: ["customerId": customerID, "name": "陈工"]
                ).object["id"] as! String
            let request = try await api.call(
                .POST, "/api/v1/requests",
                json: [
                    "customerId": customerID, "contactId": contactID, "kind": "inquiry", "priority": "low",
                    "subject": "询价", "body": "请尽快提供报价，谢谢",
                ])
            #expect(request.status == .created)
            _ = try await api.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": customerID, "channel": "email", "direction": "inbound", "subject": "回覆",
                    "body": "報價已收到", "occurredAt": "2026-09-20T10:00:00Z",
                ])

            #expect(try await titles("台北", by: api).first == "臺北貿易股份有限公司")
            #expect(try await titles("台北贸易", by: api).contains("臺北貿易股份有限公司"))
            let quotes = try await api.call(.GET, "/api/v1/search?q=%E5%A0%B1%E5%83%B9").items  // 報價
            let found = Dictionary(
                quotes.map { ($0["title"] as? String ?? "", $0["snippet"] as? String ?? "") },
                uniquingKeysWith: { a, _ in a })
            // Each snippet shows its text as written.
            #expect(found.first { $0.key.hasSuffix("询价") }?.value == "请尽快提供报价，谢谢", "\(found)")
            #expect(found["回覆"] == "報價已收到", "\(found)")
            #expect(try await titles("报价", by: api).contains("回覆"))
        }
    }

    private func snippets(_ query: String, by api: APIClient) async throws -> [String: String] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let items = try await api.call(.GET, "/api/v1/search?q=\(encoded)").items
        return Dictionary(
            items.map { ($0["title"] as? String ?? "", $0["snippet"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    /// Excerpts come from the records as written: case and full-width punctuation kept, phone numbers once as
    /// typed, no customer name appended, a reply's own words.
    @Test func excerptsShowTheTextAsWritten() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let api = try await salesAPI(app, email: "li.na@test.local")
            let customerID =
                try await api.call(.POST, "/api/v1/customers", json: ["name": "杭州云栖科技有限公司"]).object["id"] as! String
            let contactID =
                try await api.call(
                    .POST, "/api/v1/contacts",
                    json: [
                        "customerId": customerID, "name": "David Lee", "title": "CTO",
                        "emails": ["david.lee@yunqi.example.cn"], "phones": ["+86 138-0013-8000"],
                        "notes": "偏好**邮件**沟通，周五下午不便接电话。",
                    ]
                ).object["id"] as! String
            let byDigits = try await snippets("0013800", by: api)
            #expect(byDigits["David Lee"] == "CTO david.lee@yunqi.example.cn +86 138-0013-8000 偏好邮件沟通，周五下午不便接电话。")
            #expect(try await snippets("周五下午", by: api)["David Lee"]?.contains("杭州云栖") == false)

            let request = try await api.call(
                .POST, "/api/v1/requests",
                json: [
                    "customerId": customerID, "contactId": contactID, "kind": "issue", "priority": "high",
                    "subject": "门户无法登录", "body": "今天上午起无法登录门户，提示“账号已锁定”。",
                ]
            ).object["id"] as! String
            _ = try await api.call(
                .POST, "/api/v1/requests/\(request)/messages",
                json: ["body": "已为 David 解锁账号（Unlocked），请再试一次。", "visibility": "public"])
            let locked = try await snippets("账号已锁定", by: api)
            #expect(locked.values.contains("今天上午起无法登录门户，提示“账号已锁定”。"), "\(locked)")
            let unlocked = try await snippets("unlocked", by: api)
            #expect(unlocked.values.contains("已为 David 解锁账号（Unlocked），请再试一次。"), "\(unlocked)")
        }
    }
}
