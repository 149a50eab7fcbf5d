import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Two customer organisations: a contact of one tries every portal route, API endpoint, file download and search
/// with the other's ids, and finds nothing.
@Suite struct PortalIsolationTests {
    @Test func aContactNeverReachesAnotherCustomersRequestsFilesOrMessages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("agent@test.local", name: "孙强", roles: [.agent])
            let staff = APIClient(app: app, token: try await app.token(for: agent))
            let customerA = try #require(
                try await staff.call(.POST, "/api/v1/customers", json: ["name": "甲公司"]).object["id"] as? String)
            let customerB = try #require(
                try await staff.call(.POST, "/api/v1/customers", json: ["name": "乙公司"]).object["id"] as? String)
            let a = try await app.portalContact(
                by: staff, customerID: customerA, name: "甲联系人", email: "a@jia.test", scope: "organisation")
            let b = try await app.portalContact(
                by: staff, customerID: customerB, name: "乙联系人", email: "b@yi.test", scope: "organisation")

            // A's request, with a file on the contact's own message and one on a staff reply.
            let opened = try await a.api.call(
                .POST, "/api/v1/portal/requests", json: ["subject": "甲公司机密合同问题", "body": "合同编号 JIA-001"])
            let id = try #require(opened.object["id"] as? String)
            let number = try #require(opened.object["number"] as? String)
            let digits = String(RequestNumber.parse(number) ?? 0)
            let own = try #require(try await a.api.call(.GET, "/api/v1/portal/requests/\(id)/messages").items.first?["id"] as? String)
            let file = try await a.api.upload(
                "/api/v1/portal/requests/\(id)/messages/\(own)/attachments?filename=contract.pdf", data: Data("%PDF-1.7 甲".utf8))
            #expect(file.status == .created, "\(file.body.string)")
            let fileID = try #require(file.object["id"] as? String)
            let reply = try await staff.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "已收到合同"])
            let replyID = try #require(reply.object["id"] as? String)
            let staffFile = try await staff.upload(
                "/api/v1/requests/\(id)/messages/\(replyID)/attachments?filename=answer.pdf", data: Data("%PDF-1.7 答".utf8))
            let staffFileID = try #require(staffFile.object["id"] as? String)
            #expect(try await a.api.call(.GET, "/api/v1/portal/attachments/\(staffFileID)").status == .ok)
            // An announcement for A alone.
            let admin = try await app.person("admin@test.local", name: "管理员", roles: [.admin])
            let editor = APIClient(app: app, token: try await app.token(for: admin))
            let notice = try await editor.call(
                .POST, "/api/v1/announcements",
                json: ["audience": "selected", "customerIds": [customerA], "titleZh": "甲公司合同问题通知",
                       "titleEn": "Notice", "bodyZh": "JIA-001", "bodyEn": "JIA-001"])
            let noticeID = try #require(notice.object["id"] as? String, "\(notice.body.string)")
            #expect(try await editor.call(.POST, "/api/v1/announcements/\(noticeID)/publish").status == .ok)
            #expect(try await a.api.call(.GET, "/api/v1/portal/announcements/\(noticeID)").status == .ok)
            // B's own request, so that B's lists are not empty by accident.
            _ = try await b.api.call(.POST, "/api/v1/portal/requests", json: ["subject": "乙公司咨询", "body": "你好"])

            var tried = 0
            for route in app.app.routes.all where route.accessRule == .customer {
                let names = route.path.compactMap { component -> String? in
                    if case .parameter(let name) = component { return name }
                    return nil
                }
                let isAPI = route.path.first?.description == "api"
                let attachments = route.path.contains { $0.description == "attachments" }
                let announcement = route.path.contains { $0.description == "announcements" }
                let candidates: [String] = names.isEmpty ? [""] : attachments && !names.contains("messageId")
                    ? [fileID, staffFileID] : ["id"]
                for candidate in candidates {
                    let path = "/" + route.path.map { component -> String in
                        guard case .parameter(let name) = component else { return component.description }
                        switch name {
                        case "number": return digits
                        case "messageId": return own
                        case "id" where attachments && !names.contains("messageId"): return candidate
                        case "id" where announcement: return noticeID
                        default: return id
                        }
                    }.joined(separator: "/")
                    let response: TestingHTTPResponse
                    if isAPI {
                        response = route.method == .POST && attachments
                            ? try await b.api.upload(path + "?filename=x.pdf", data: Data("%PDF-1.7".utf8))
                            : try await b.api.call(route.method, path, json: route.method == .GET ? nil : ["body": "x", "score": 5])
                    } else {
                        response = route.method == .GET
                            ? try await b.browser.get(path)
                            : try await b.browser.post(path, [("body", "x"), ("score", "5"), ("subject", "x")])
                    }
                    let text = response.body.string
                    #expect(!text.contains("甲公司机密合同问题") && !text.contains("JIA-001"), "\(route.method) \(path) showed A's request")
                    if !names.isEmpty {
                        #expect(response.status == .notFound, "\(route.method) \(path) answered \(response.status)")
                    }
                    tried += 1
                }
            }
            #expect(tried >= 20)
            // Search, by number and by words, finds nothing of A.
            for query in [number, digits, "甲公司", "机密"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                #expect(try await b.api.call(.GET, "/api/v1/portal/requests?q=\(encoded)").items.isEmpty, "\(query)")
                #expect(!(try await b.browser.get("/portal?state=all&q=\(encoded)").body.string.contains("甲公司机密合同问题")))
            }
            // Nothing was written on A's request by B's attempts.
            let messages = try await a.api.call(.GET, "/api/v1/portal/requests/\(id)/messages").items
            #expect(messages.count == 2)
            #expect(try await a.api.call(.GET, "/api/v1/portal/requests/\(id)").object["request"].flatMap { ($0 as? [String: Any])?["status"] as? String } == "open")
        }
    }
}
