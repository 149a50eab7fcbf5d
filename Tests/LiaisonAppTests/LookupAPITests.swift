import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The pickers' lookups, through the API's token and through the browser's session: what they find, what they
/// refuse, what they keep from people outside a confidential account, and what they record.
@Suite struct LookupAPITests {
    private func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func customersContactsAndRequestsAreFoundAsTheyAreTyped() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("zhou.min@test.local", name: "周敏", roles: [.agent])
            let api = APIClient(app: app, token: try await app.token(for: agent))
            let customer = try await api.call(
                .POST, "/api/v1/customers", json: ["name": "上海星河科技有限公司", "nameEn": "Shanghai Galaxy Tech"]
            ).object["id"] as! String
            _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "深圳华讯电子有限公司"])
            let contact = try await api.call(
                .POST, "/api/v1/contacts", json: ["customerId": customer, "name": "吴磊", "title": "采购经理"]
            ).object["id"] as! String
            let request = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "high",
                       "subject": "门户登录失败", "body": "无法登录"]
            ).object

            for typed in ["星河", "xinghe", "shxh", "galaxy"] {
                let found = try await api.call(.GET, "/api/v1/lookup/customers?q=\(encoded(typed))")
                #expect(found.status == .ok)
                #expect(found.items.map { $0["name"] as? String } == ["上海星河科技有限公司"], "\(typed)")
                #expect(found.items.first?["nameEn"] as? String == "Shanghai Galaxy Tech")
                #expect(found.items.first?["classification"] as? String == "internal")
            }
            let contacts = try await api.call(.GET, "/api/v1/lookup/contacts?q=wulei&customerId=\(customer)")
            #expect(contacts.items.map { $0["id"] as? String } == [contact])
            #expect(contacts.items.first?["customerName"] as? String == "上海星河科技有限公司")
            #expect(contacts.items.first?["title"] as? String == "采购经理")

            let number = try #require(request["number"] as? String, "\(request)")
            let byNumber = try await api.call(.GET, "/api/v1/lookup/requests?q=\(encoded(number))")
            #expect(byNumber.items.map { $0["number"] as? String } == [number])
            #expect(byNumber.items.first?["title"] as? String == "门户登录失败")
            let byWords = try await api.call(.GET, "/api/v1/lookup/requests?q=\(encoded("登录失败"))")
            #expect(byWords.items.map { $0["id"] as? String } == [request["id"] as? String])

            // The browser's session asks the same at /lookup.
            let browser = Browser(app)
            try await browser.signIn(agent.email, "Test-Passw0rd!")
            let web = try await browser.get("/lookup/customers?q=\(encoded("华讯"))")
            #expect(web.status == .ok)
            #expect(web.headers.contentType == .json)
            #expect(web.items.map { $0["name"] as? String } == ["深圳华讯电子有限公司"])
            #expect(try await Browser(app).get("/lookup/customers?q=x").status != .ok)
            #expect(try await APIClient(app: app, token: nil).call(.GET, "/api/v1/lookup/customers?q=x").status == .unauthorized)
        }
    }

    @Test func badParametersAreRefusedClearly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("zhou.min@test.local", name: "周敏", roles: [.agent])
            let api = APIClient(app: app, token: try await app.token(for: agent))
            let long = try await api.call(.GET, "/api/v1/lookup/customers?q=\(String(repeating: "星", count: 101))")
            #expect(long.status == .unprocessableEntity)
            #expect(long.fieldErrors == ["q": "tooLong"])
            let limit = try await api.call(.GET, "/api/v1/lookup/customers?q=a&limit=500")
            #expect(limit.fieldErrors == ["limit": "outOfRange"])
            let customer = try await api.call(.GET, "/api/v1/lookup/contacts?customerId=nope")
            #expect(customer.fieldErrors == ["customerId": "invalidReference"])
            for odd in ["\"", "*", "OR", "NEAR(", "'", "%00", "a:b", "^", "-"] {
                let response = try await api.call(.GET, "/api/v1/lookup/customers?q=\(encoded(odd))")
                #expect(response.status == .ok, "\(odd)")
            }
        }
    }

    @Test func confidentialNamesReachOnlyTheirTeamAndTheirOfferIsAudited() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let owner = try await app.person("owner@test.local", name: "王芳", roles: [.sales])
            let outsider = try await app.person("outsider@test.local", name: "赵强", roles: [.sales])
            let ownerAPI = APIClient(app: app, token: try await app.token(for: owner))
            let outsiderAPI = APIClient(app: app, token: try await app.token(for: outsider))
            let id = try await ownerAPI.call(
                .POST, "/api/v1/customers", json: ["name": "星河资本", "classification": "confidential"]
            ).object["id"] as! String
            _ = try await ownerAPI.call(.POST, "/api/v1/contacts", json: ["customerId": id, "name": "王秘书"])
            #expect(try await outsiderAPI.call(.GET, "/api/v1/lookup/customers?q=xinghe").items.isEmpty)
            #expect(try await outsiderAPI.call(.GET, "/api/v1/lookup/contacts?q=wang").items.isEmpty)
            #expect(try await outsiderAPI.call(.GET, "/api/v1/lookup/contacts?customerId=\(id)").items.isEmpty)

            let offered = try await ownerAPI.call(.GET, "/api/v1/lookup/customers?q=xinghe")
            #expect(offered.items.map { $0["id"] as? String } == [id])
            #expect(offered.items.first?["classification"] as? String == "confidential")
            let admin = try await app.person("admin2@test.local", name: "管理员", roles: [.admin])
            let adminAPI = APIClient(app: app, token: try await app.token(for: admin))
            let audit = try await adminAPI.call(.GET, "/api/v1/audit?action=customer.read")
            #expect(audit.items.contains { ($0["recordId"] as? String) == id }, "\(audit.items)")
        }
    }
}
