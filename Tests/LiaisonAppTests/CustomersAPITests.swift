import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Customers, contacts and interactions through the API, as a new user would use them.
@Suite struct CustomersAPITests {
    private func salesAPI(_ app: TestApp, email: String = "li.na@test.local") async throws -> (APIClient, Person) {
        let person = try await app.person(email, name: "李娜", roles: [.sales])
        return (APIClient(app: app, token: try await app.token(for: person)), person)
    }

    @Test func customersContactsAndInteractionsWorkEndToEnd() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, person) = try await salesAPI(app)
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "深圳华为技术有限公司"])
            #expect(customer.status == .created)
            let id = try #require(customer.object["id"] as? String)
            #expect(customer.object["classification"] as? String == "internal")
            #expect(customer.object["ownerId"] as? String == person.id.uuidString)

            let contact = try await api.call(
                .POST, "/api/v1/contacts", json: ["customerId": id, "name": "张伟", "email": "Zhang.Wei@Huawei.com"])
            #expect(contact.status == .created)
            let contactID = try #require(contact.object["id"] as? String)
            #expect(contact.object["emails"] as? [String] == ["zhang.wei@huawei.com"])

            let interaction = try await api.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": id, "channel": "phone", "direction": "outbound", "subject": "确认合同条款",
                    "body": "与张伟通话，对方同意**合同**第三条的修改，周五前发送修订版。",
                    "occurredAt": "2026-09-21T09:30:00+08:00", "contactIds": [contactID],
                    "nextStep": "发送修订版合同", "nextStepDueAt": "2026-09-25T10:00:00+08:00",
                ])
            #expect(interaction.status == .created)
            #expect(interaction.object["bodyHtml"] as? String == "<p>与张伟通话，对方同意<strong>合同</strong>第三条的修改，周五前发送修订版。</p>")
            #expect(interaction.object["nextStepOwnerId"] as? String == person.id.uuidString)

            let timeline = try await api.call(.GET, "/api/v1/customers/\(id)/timeline")
            #expect(timeline.status == .ok)
            #expect(timeline.items.map { $0["title"] as? String } == ["确认合同条款"])
            let contactTimeline = try await api.call(.GET, "/api/v1/contacts/\(contactID)/timeline")
            #expect(contactTimeline.items.count == 1)
            let contacts = try await api.call(.GET, "/api/v1/customers/\(id)/contacts")
            #expect(contacts.items.map { $0["name"] as? String } == ["张伟"])
            let shown = try await api.call(.GET, "/api/v1/customers/\(id)")
            #expect(shown.object["contactCount"] as? Int == 1)
        }
    }

    @Test func deletesHonourIfMatchAndAnswerWithTheCurrentVersion() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "杭州阿里巴巴网络技术有限公司"])
            let id = try #require(customer.object["id"] as? String)
            let renamed = try await api.call(.PATCH, "/api/v1/customers/\(id)", json: ["nameEn": "Alibaba"])
            #expect(renamed.headers.first(name: .eTag) == "\"2\"")

            let stale = try await api.call(.DELETE, "/api/v1/customers/\(id)", headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers.first(name: .eTag) == "\"2\"")
            let bad = try await api.call(.DELETE, "/api/v1/customers/\(id)", headers: [("If-Match", "zwei")])
            #expect(bad.status == .badRequest)
            #expect(try await api.call(.GET, "/api/v1/customers/\(id)").status == .ok)

            let deleted = try await api.call(.DELETE, "/api/v1/customers/\(id)", headers: [("If-Match", "W/\"2\"")])
            #expect(deleted.status == .noContent)
            #expect(try await api.call(.GET, "/api/v1/customers/\(id)").status == .notFound)
        }
    }

    @Test(arguments: [
        ("华为", "深圳华为技术有限公司"),  // two-character word inside a name
        ("华为技术", "深圳华为技术有限公司"),
        ("合同", "确认合同条款"),  // inside an interaction
        ("退款", "退款申请"),
        ("zhang.wei@hua", "张伟"),  // email fragment
        ("0013800", "张伟"),  // phone fragment
        ("Huawei", "深圳华为技术有限公司"),  // English name
    ])
    func searchFindsChineseSubstringsWordsAndFragments(query: String, expected: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _) = try await salesAPI(app)
            let id = try await api.call(
                .POST, "/api/v1/customers", json: ["name": "深圳华为技术有限公司", "nameEn": "Huawei Technologies"]
            ).object["id"] as! String
            _ = try await api.call(.POST, "/api/v1/customers", json: ["name": "上海某某贸易公司"])
            _ = try await api.call(
                .POST, "/api/v1/contacts",
                json: ["customerId": id, "name": "张伟", "email": "zhang.wei@huawei.com", "phone": "+86 138-0013-8000"])
            for (subject, body) in [("确认合同条款", "对方同意修改"), ("退款申请", "客户要求退款")] {
                _ = try await api.call(
                    .POST, "/api/v1/interactions",
                    json: [
                        "customerId": id, "channel": "email", "direction": "inbound", "subject": subject, "body": body,
                        "occurredAt": "2026-09-20T10:00:00Z",
                    ])
            }
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let response = try await api.call(.GET, "/api/v1/search?q=\(encoded)")
            #expect(response.status == .ok)
            let titles = response.items.compactMap { $0["title"] as? String }
            #expect(titles.contains(expected), "\(query) found \(titles)")
            #expect(!titles.contains("上海某某贸易公司"))
        }
    }

    @Test func exactTitleMatchesRankFirst() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _) = try await salesAPI(app)
            let exact = try await api.call(.POST, "/api/v1/customers", json: ["name": "华为"]).object["id"] as! String
            for name in ["深圳华为技术有限公司", "华为终端有限公司"] {
                _ = try await api.call(.POST, "/api/v1/customers", json: ["name": name])
            }
            let response = try await api.call(.GET, "/api/v1/search?q=%E5%8D%8E%E4%B8%BA")
            #expect(response.items.first?["id"] as? String == exact)
            #expect(response.items.count == 3)
        }
    }

    @Test func aConfidentialCustomerIsInvisibleOutsideItsTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (owner, _) = try await salesAPI(app, email: "owner@test.local")
            let id = try await owner.call(
                .POST, "/api/v1/customers", json: ["name": "绝密合作伙伴", "classification": "confidential"]
            ).object["id"] as! String
            let contactID = try await owner.call(
                .POST, "/api/v1/contacts", json: ["customerId": id, "name": "王秘书", "email": "wang@partner.cn"]
            ).object["id"] as! String
            let interactionID = try await owner.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": id, "channel": "visit", "direction": "outbound", "subject": "绝密会谈",
                    "body": "讨论收购意向", "occurredAt": "2026-09-20T10:00:00Z",
                ]
            ).object["id"] as! String
            let attachment = try await owner.call(
                .POST, "/api/v1/interactions/\(interactionID)/attachments?filename=memo.txt", json: nil)
            #expect(attachment.status == .unprocessableEntity)  // empty body
            let memo = try await owner.upload("/api/v1/interactions/\(interactionID)/attachments?filename=memo.txt", data: Data("收购备忘录".utf8))
            #expect(memo.status == .created)
            let attachmentID = memo.object["id"] as! String

            let outsider = try await app.person("outsider@test.local", name: "外人", roles: [.sales])
            let other = APIClient(app: app, token: try await app.token(for: outsider))
            for path in [
                "/api/v1/customers/\(id)", "/api/v1/customers/\(id)/contacts", "/api/v1/customers/\(id)/timeline",
                "/api/v1/customers/\(id)/team", "/api/v1/contacts/\(contactID)", "/api/v1/contacts/\(contactID)/timeline",
                "/api/v1/interactions/\(interactionID)", "/api/v1/attachments/\(attachmentID)",
            ] {
                #expect(try await other.call(.GET, path).status == .notFound, "\(path) leaked")
            }
            #expect(try await other.call(.PATCH, "/api/v1/customers/\(id)", json: ["name": "x"]).status == .notFound)
            let lead = try await app.person("lead@test.local", roles: [.departmentLead])
            let leadAPI = APIClient(app: app, token: try await app.token(for: lead))
            #expect(try await leadAPI.call(.DELETE, "/api/v1/customers/\(id)").status == .notFound)
            #expect(try await other.call(.DELETE, "/api/v1/customers/\(id)").status == .forbidden)
            let logged = try await other.call(
                .POST, "/api/v1/interactions",
                json: ["customerId": id, "channel": "phone", "direction": "outbound", "subject": "x", "occurredAt": "2026-09-20T10:00:00Z"])
            #expect(logged.fieldErrors["customerId"] == "invalidReference")
            let list = try await other.call(.GET, "/api/v1/customers")
            #expect(list.items.isEmpty)
            for query in ["绝密", "王秘书", "收购", "partner"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(try await other.call(.GET, "/api/v1/search?q=\(encoded)").items.isEmpty, "\(query) leaked")
            }

            // The team, supervisors and admins see it; each such read is audited.
            let supervisor = try await app.person("zhou.min@test.local", roles: [.supervisor])
            let watcher = APIClient(app: app, token: try await app.token(for: supervisor))
            #expect(try await watcher.call(.GET, "/api/v1/customers/\(id)").status == .ok)
            #expect(try await owner.call(.GET, "/api/v1/customers/\(id)/timeline").status == .ok)
            #expect(try await watcher.call(.GET, "/api/v1/attachments/\(attachmentID)").text == "收购备忘录")
            let reads = try await AuditQueries.list(AuditFilter(action: "customer."), page: PageQuery(limit: 100), on: app.db)
            let actions = Set(reads.items.map(\.action))
            #expect(actions.contains("customer.read"))
            #expect(actions.contains("customer.timelineRead"))
            let downloads = try await AuditQueries.list(
                AuditFilter(action: AuditAction.attachmentDownloaded.rawValue), page: PageQuery(), on: app.db)
            #expect(downloads.items.count == 1)

            // Joining the team opens it up.
            _ = try await owner.call(.POST, "/api/v1/customers/\(id)/team", json: ["userId": outsider.id.uuidString, "role": "support"])
            #expect(try await other.call(.GET, "/api/v1/customers/\(id)").status == .ok)
            #expect(try await other.call(.GET, "/api/v1/customers").items.count == 1)
        }
    }

    @Test func reclassifyingACustomerHidesItsSearchResults() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (owner, _) = try await salesAPI(app, email: "owner@test.local")
            let id = try await owner.call(.POST, "/api/v1/customers", json: ["name": "星河电子"]).object["id"] as! String
            let outsider = try await app.person("outsider@test.local", roles: [.agent])
            let other = APIClient(app: app, token: try await app.token(for: outsider))
            #expect(try await other.call(.GET, "/api/v1/search?q=%E6%98%9F%E6%B2%B3").items.count == 1)
            _ = try await owner.call(.PATCH, "/api/v1/customers/\(id)", json: ["classification": "secret"])
            #expect(try await other.call(.GET, "/api/v1/search?q=%E6%98%9F%E6%B2%B3").items.isEmpty)
        }
    }

    @Test func badInputIsExplainedFieldByFieldAndNothingIsSaved() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _) = try await salesAPI(app)
            let customer = try await api.call(
                .POST, "/api/v1/customers",
                json: ["name": "", "status": "happy", "classification": "topsecret", "website": "not a url", "tags": Array(repeating: "t", count: 1) + (1...21).map { "tag\($0)" }])
            #expect(customer.status == .unprocessableEntity)
            let errors = customer.fieldErrors
            #expect(errors["name"] == "required")
            #expect(errors["status"] == "invalidChoice")
            #expect(errors["classification"] == "invalidChoice")
            #expect(errors["website"] == "invalidURL")
            #expect(errors["tags"] == "tooMany")
            let contact = try await api.call(.POST, "/api/v1/contacts", json: ["name": "张伟", "email": "nope"])
            #expect(contact.fieldErrors["customerId"] == "required")
            #expect(contact.fieldErrors["emails[0]"] == "invalidEmail")
            let interaction = try await api.call(
                .POST, "/api/v1/interactions", json: ["customerId": UUID().uuidString, "channel": "pigeon", "subject": "x"])
            #expect(interaction.fieldErrors["channel"] == "invalidChoice")
            #expect(interaction.fieldErrors["direction"] == "required")
            #expect(interaction.fieldErrors["occurredAt"] == "required")
            #expect(try await CustomerQueries.count(for: CustomerViewer(userID: UUID(), roles: [.admin]), on: app.db) == 0)
        }
    }

    @Test func timelinesFilterByChannelAndPeriodAndPageNewestFirst() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _) = try await salesAPI(app)
            let id = try await api.call(.POST, "/api/v1/customers", json: ["name": "阿里巴巴"]).object["id"] as! String
            for day in 1...5 {
                _ = try await api.call(
                    .POST, "/api/v1/interactions",
                    json: [
                        "customerId": id, "channel": day % 2 == 0 ? "email" : "phone", "direction": "outbound",
                        "subject": "第\(day)次沟通", "occurredAt": "2026-09-0\(day)T10:00:00Z",
                    ])
            }
            let first = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?limit=2")
            #expect(first.items.map { $0["title"] as? String } == ["第5次沟通", "第4次沟通"])
            let cursor = try #require(first.object["nextCursor"] as? String)
            let second = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?limit=2&cursor=\(cursor)")
            #expect(second.items.map { $0["title"] as? String } == ["第3次沟通", "第2次沟通"])
            let emails = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?channel=email")
            #expect(emails.items.count == 2)
            let period = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?from=2026-09-02&to=2026-09-03")
            #expect(period.items.map { $0["title"] as? String } == ["第3次沟通", "第2次沟通"])
            #expect(try await api.call(.GET, "/api/v1/customers/\(id)/timeline?channel=fax").status == .unprocessableEntity)
        }
    }

    @Test func attachmentsAreTypedFromContentAndLimitedInSize() async throws {
        try await withTestApp(["LIAISON_MAX_UPLOAD_MB": "1"]) { (app: TestApp) async throws in
            let (api, _) = try await salesAPI(app)
            let id = try await api.call(.POST, "/api/v1/customers", json: ["name": "附件测试"]).object["id"] as! String
            let pdf = try await api.upload("/api/v1/customers/\(id)/attachments?filename=%E5%90%88%E5%90%8C.pdf", data: Data("%PDF-1.7\n...".utf8))
            #expect(pdf.status == .created)
            #expect(pdf.object["mime"] as? String == "application/pdf")
            #expect(pdf.object["filename"] as? String == "合同.pdf")
            let exe = try await api.upload("/api/v1/customers/\(id)/attachments?filename=setup.pdf", data: Data([0x4D, 0x5A, 0x90, 0x00]))
            #expect(exe.fieldErrors["file"] == "fileTypeNotAllowed")
            let big = try await api.upload("/api/v1/customers/\(id)/attachments?filename=big.txt", data: Data(repeating: 0x41, count: 1_200_000))
            #expect(big.status == .unprocessableEntity || big.status == .payloadTooLarge)
            let again = try await api.upload("/api/v1/customers/\(id)/attachments?filename=copy.pdf", data: Data("%PDF-1.7\n...".utf8))
            #expect(again.object["sha256"] as? String == pdf.object["sha256"] as? String)
            let download = try await api.call(.GET, "/api/v1/attachments/\(pdf.object["id"] as! String)")
            #expect(download.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''%E5%90%88%E5%90%8C.pdf") == true)
        }
    }
}
