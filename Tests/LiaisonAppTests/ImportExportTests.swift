import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

@Suite struct ImportExportTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    private func post(_ app: TestApp, token: String, path: String, data: Data) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .authorization, value: "Bearer \(token)")
        headers.contentType = HTTPMediaType(type: "text", subType: "csv")
        return try await app.tester.sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: data))
    }

    @Test func aGBKFileFromExcelIsPreviewedThenImportedOnlyWhenAccepted() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("wang.lei@test.local", name: "王磊", roles: [.departmentLead, .sales])
            let token = try await app.token(for: person)
            let api = APIClient(app: app, token: token)
            let existing = try await api.call(.POST, "/api/v1/customers", json: ["name": "北京老客户有限公司"]).object["id"] as! String
            _ = try await api.call(.POST, "/api/v1/contacts", json: ["customerId": existing, "name": "老联系人", "email": "old@laokehu.cn"])
            let csv = """
                客户名称,客户级别,保密等级,联系人,职务,邮箱,手机\r
                苏州工业园区某某科技有限公司,重点客户,保密,赵敏,采购经理,zhao.min@suzhou.cn,13912345678\r
                苏州工业园区某某科技有限公司,,,孙杰,技术总监,sun.jie@suzhou.cn,\r
                北京老客户有限公司,,,新联系人,,new@laokehu.cn,\r
                北京老客户有限公司,,,重复的人,,old@laokehu.cn,\r
                上海错误数据公司,超级客户,,钱多,,not-an-email,\r
                ,,,无名,,x@y.cn,\r

                """
            let data = try #require(csv.data(using: Self.gb18030))
            let preview = try await post(app, token: token, path: "/api/v1/imports?filename=%E5%AE%A2%E6%88%B7.csv", data: data)
            #expect(preview.status == .created)
            let summary = try #require(preview.object["summary"] as? [String: Any])
            #expect(summary["encoding"] as? String == "gb18030")
            #expect(summary["create"] as? Int == 1)
            #expect(summary["addContact"] as? Int == 2)
            #expect(summary["duplicates"] as? Int == 1)
            #expect(summary["errors"] as? Int == 2)
            let rows = preview.object["rows"] as? [[String: Any]] ?? []
            let errorRow = rows.first { $0["customerName"] as? String == "上海错误数据公司" }
            let fields = (errorRow?["problems"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(Set(fields) == ["tier", "contact.emails[0]"])
            #expect(rows.first { $0["contactName"] as? String == "重复的人" }?["duplicateOf"] as? String == "old@laokehu.cn")

            // Nothing has changed yet.
            #expect(try await api.call(.GET, "/api/v1/customers").items.count == 1)

            let id = summary["id"] as! String
            let accepted = try await api.call(.POST, "/api/v1/imports/\(id)/accept")
            #expect(accepted.status == .ok)
            #expect(accepted.object["customersCreated"] as? Int == 1)
            #expect(accepted.object["contactsCreated"] as? Int == 3)
            #expect(accepted.object["skipped"] as? Int == 3)
            let customers = try await api.call(.GET, "/api/v1/customers?q=%E8%8B%8F%E5%B7%9E")
            #expect(customers.items.first?["classification"] as? String == "confidential")
            #expect(customers.items.first?["tier"] as? String == "key")
            #expect(customers.items.first?["contactCount"] as? Int == 2)
            #expect(try await api.call(.GET, "/api/v1/customers/\(existing)/contacts").items.count == 2)
            #expect(try await api.call(.POST, "/api/v1/imports/\(id)/accept").status == .conflict)
        }
    }

    @Test func aFileThatIsNotACustomerListIsRefusedClearly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("lead@test.local", roles: [.departmentLead])
            let token = try await app.token(for: person)
            let noName = try await post(app, token: token, path: "/api/v1/imports", data: Data("foo,bar\n1,2\n".utf8))
            #expect(noName.fieldErrors["file"] == "noNameColumn")
            let broken = try await post(app, token: token, path: "/api/v1/imports", data: Data("name\n\"unterminated\n".utf8))
            #expect(broken.fieldErrors["file"] == "badCSV")
            let binary = try await post(app, token: token, path: "/api/v1/imports", data: Data([0xFF, 0xFE, 0x00, 0xD8, 0x00]))
            #expect(binary.status == .unprocessableEntity)
        }
    }

    @Test func theWebWizardUploadsPreviewsAndAccepts() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await app.person("sales@test.local", roles: [.sales])
            let browser = Browser(app)
            try await browser.signIn("sales@test.local", "Test-Passw0rd!")
            #expect(try await browser.get("/customers/import").status == .ok)
            let upload = try await browser.upload(
                "/customers/import", filename: "list.csv", type: "text/csv",
                content: "\u{FEFF}name,contactName,contactEmail\r\n广州某某物流有限公司,林峰,lin@gz.cn\r\n")
            #expect(upload.status == .seeOther)
            let preview = try await browser.get(try #require(upload.location))
            #expect(preview.text.contains("广州某某物流有限公司"))
            #expect(preview.text.contains("utf8BOM"))
            let accept = try await browser.post(upload.location! + "/accept")
            #expect(accept.status == .seeOther)
            #expect(try await browser.get("/customers").text.contains("广州某某物流有限公司"))
        }
    }

    @Test func exportsHoldOnlyWhatThePersonMaySeeAndAreMarkedAndAudited() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let owner = try await app.person("owner@test.local", roles: [.sales])
            let ownerAPI = APIClient(app: app, token: try await app.token(for: owner))
            _ = try await ownerAPI.call(.POST, "/api/v1/customers", json: ["name": "公开客户", "classification": "public"])
            _ = try await ownerAPI.call(.POST, "/api/v1/customers", json: ["name": "机密客户", "classification": "secret"])
            let lead = try await app.person("lead@test.local", name: "黄丽", roles: [.departmentLead])
            let leadAPI = APIClient(app: app, token: try await app.token(for: lead))
            let export = try await leadAPI.call(.GET, "/api/v1/exports/customers")
            #expect(export.status == .ok)
            #expect(export.headers.contentType?.subType == "csv")
            let text = export.text
            #expect(text.hasPrefix("\u{FEFF}# Liaison export: customers, 1 rows, by 黄丽"))
            #expect(text.contains("公开客户"))
            #expect(!text.contains("机密客户"))
            #expect(try await ownerAPI.call(.GET, "/api/v1/exports/customers").status == .forbidden)
            let contacts = try await leadAPI.call(.GET, "/api/v1/exports/contacts")
            #expect(contacts.text.contains("contactName"))
            let audit = try await AuditQueries.list(AuditFilter(action: AuditAction.customersExported.rawValue), page: PageQuery(), on: app.db)
            #expect(audit.items.count == 2)
            // What is exported imports again (the mark line is skipped).
            let (_, rows) = try #require(CustomerImport.rows(try CSV.parse(String(text.dropFirst()))))
            #expect(rows.map(\.customerName) == ["公开客户"])
        }
    }
}
