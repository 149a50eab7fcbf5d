import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Files on a request's messages: through the API and from the reply box, typed from content, limited in size,
/// refused on closed requests, and never half-saved.
@Suite struct RequestAttachmentsTests {
    private func setUp(_ app: TestApp) async throws -> (APIClient, Person, request: String, message: String) {
        let agent = try await app.person("xu.jie@test.local", name: "徐杰", roles: [.agent])
        let api = APIClient(app: app, token: try await app.token(for: agent))
        let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "合肥某某电子"]).object["id"] as! String
        let request = try await api.call(
            .POST, "/api/v1/requests",
            json: ["customerId": customer, "kind": "issue", "priority": "normal", "subject": "固件升级失败", "body": "升级到 2.1 后无法启动"]
        ).object["id"] as! String
        let message = try await api.call(.POST, "/api/v1/requests/\(request)/messages", json: ["body": "请发一下日志截图"]).object["id"] as! String
        return (api, agent, request, message)
    }

    @Test func filesAttachToMessagesAndListWithThem() async throws {
        try await withTestApp(["LIAISON_MAX_UPLOAD_MB": "1"]) { (app: TestApp) async throws in
            let (api, _, request, message) = try await setUp(app)
            let path = "/api/v1/requests/\(request)/messages/\(message)/attachments?filename=%E6%97%A5%E5%BF%97.pdf"
            let pdf = try await api.upload(path, data: Data("%PDF-1.7\n日志".utf8))
            #expect(pdf.status == .created)
            #expect(pdf.object["filename"] as? String == "日志.pdf")
            let exe = try await api.upload(path, data: Data([0x4D, 0x5A, 0x90, 0x00]))
            #expect(exe.fieldErrors["file"] == "fileTypeNotAllowed")
            let big = try await api.upload(path, data: Data(repeating: 0x41, count: 1_200_000))
            #expect(big.status == .unprocessableEntity || big.status == .payloadTooLarge)
            let unknown = try await api.upload("/api/v1/requests/\(request)/messages/\(UUID())/attachments?filename=a.pdf", data: Data("%PDF-1.7".utf8))
            #expect(unknown.status == .notFound)

            let messages = try await api.call(.GET, "/api/v1/requests/\(request)/messages").items
            let withFile = try #require(messages.first { $0["id"] as? String == message })
            let files = withFile["attachments"] as? [[String: Any]] ?? []
            #expect(files.count == 1)
            #expect(files.first?["mime"] as? String == "application/pdf")
            // The file belongs to the customer too, and its download is audited like any other.
            let id = try #require(files.first?["id"] as? String)
            #expect(try await api.call(.GET, "/api/v1/attachments/\(id)").status == .ok)

            _ = try await api.call(.PATCH, "/api/v1/requests/\(request)", json: ["status": "resolved"])
            _ = try await api.call(.PATCH, "/api/v1/requests/\(request)", json: ["status": "closed"])
            let closed = try await api.upload(path, data: Data("%PDF-1.7".utf8))
            #expect(closed.status == .conflict)
        }
    }

    @Test func aSplitMessageTakesItsFilesAlong() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, request, message) = try await setUp(app)
            let path = "/api/v1/requests/\(request)/messages/\(message)/attachments?filename=screen.png"
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0, count: 32)
            #expect(try await api.upload(path, data: png).status == .created)
            let split = try await api.call(.POST, "/api/v1/requests/\(request)/messages/\(message)/split", json: ["subject": "截图问题"])
            #expect(split.status == .created)
            let created = try #require(split.object["id"] as? String)
            let first = try #require(try await api.call(.GET, "/api/v1/requests/\(created)/messages").items.first)
            let files = first["attachments"] as? [[String: Any]] ?? []
            #expect(files.map { $0["filename"] as? String } == ["screen.png"])
            let id = try #require(files.first?["id"] as? String)
            #expect(try await api.call(.GET, "/api/v1/attachments/\(id)").status == .ok)
            // The original message keeps its file.
            let original = try await api.call(.GET, "/api/v1/requests/\(request)/messages").items.first { $0["id"] as? String == message }
            #expect((original?["attachments"] as? [Any])?.count == 1)
        }
    }

    @Test func theReplyBoxSendsAFileWithTheMessageOrNeitherWhenTheFileIsRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, agent, request, _) = try await setUp(app)
            let browser = Browser(app)
            try await browser.signIn(agent.email, "Test-Passw0rd!")
            let before = try await api.call(.GET, "/api/v1/requests/\(request)/messages").items.count

            let refused = try await browser.upload(
                "/requests/\(request)/messages", filename: "tool.pdf", type: "application/pdf", content: "MZ\u{0090}\u{0000}binary",
                fields: [("body", "附上工具"), ("visibility", "public")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("附上工具"), "the typed reply is kept")
            #expect(try await api.call(.GET, "/api/v1/requests/\(request)/messages").items.count == before)

            let sent = try await browser.upload(
                "/requests/\(request)/messages", filename: "升级说明.txt", type: "text/plain", content: "先回滚到 2.0 再升级",
                fields: [("body", "请按附件步骤操作"), ("visibility", "public")])
            #expect(sent.status == .seeOther)
            let page = try await browser.get("/requests/\(request)").text
            #expect(page.contains("升级说明.txt"))

            // Without a file the multipart reply is just a message.
            let plain = try await browser.upload(
                "/requests/\(request)/messages", filename: "", type: "application/octet-stream", content: "",
                fields: [("body", "还有问题请告诉我"), ("visibility", "public")])
            #expect(plain.status == .seeOther)
            let messages = try await api.call(.GET, "/api/v1/requests/\(request)/messages").items
            #expect(messages.count == before + 2)
            #expect(messages.filter { !($0["attachments"] as? [Any] ?? []).isEmpty }.count == 1)
        }
    }
}
