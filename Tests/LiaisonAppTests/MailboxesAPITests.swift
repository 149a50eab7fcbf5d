import Crypto
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Mailboxes through the API: set up by administrators only, passwords sealed and never shown or audited in clear,
/// bad settings refused field by field, and a connection test that says what failed.
@Suite struct MailboxesAPITests {
    private func department(_ api: APIClient) async throws -> String {
        try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String
    }

    @Test func aMailboxKeepsItsPasswordsSealedAndUnseen() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let queue = try await department(api)
            let created = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: [
                    "address": "Support@Liaison.Example", "name": "星河客服", "departmentId": queue,
                    "smtpHost": "smtp.liaison.example", "smtpUsername": "support", "smtpPassword": "邮箱密码 Pa55!",
                    "imapHost": "imap.liaison.example", "imapUsername": "support", "imapPassword": "收件密码",
                    "imapAfter": "move", "imapMoveFolder": "已处理",
                ])
            #expect(created.status == .created, "\(created.text)")
            let id = created.object["id"] as! String
            #expect(created.object["address"] as? String == "support@liaison.example")
            let smtp = created.object["smtp"] as? [String: Any]
            #expect(smtp?["port"] as? Int == 587)
            #expect(smtp?["security"] as? String == "starttls")
            #expect(smtp?["hasPassword"] as? Bool == true)
            #expect((created.object["imap"] as? [String: Any])?["port"] as? Int == 993)
            #expect(created.object["connectTimeout"] as? Int == 10 && created.object["commandTimeout"] as? Int == 30)
            #expect(!created.text.contains("Pa55") && !created.text.contains("收件密码"))

            // Stored sealed; the audit entry says a password was set, not which.
            let stored = try await app.db.sql.raw("SELECT smtp_password, imap_password FROM mailboxes").first()
            let sealed = try stored?.decode(column: "smtp_password", as: String.self)
            #expect(sealed?.hasPrefix("v1:") == true)
            #expect(sealed?.contains("Pa55") == false)
            let audit = try await api.call(.GET, "/api/v1/audit?recordType=mailbox&recordId=\(id)")
            #expect(audit.text.contains("mailbox.create"))
            #expect(audit.text.contains("\"set\""))
            #expect(!audit.text.contains("Pa55") && !audit.text.contains("收件密码"))
            let secrets = try SecretBox.loadOrCreate(in: URL(fileURLWithPath: app.app.context.config.dataDirectory))
            #expect(try secrets.open(sealed ?? "") == "邮箱密码 Pa55!")

            // A field left out keeps its value (the password too); an empty one removes it.
            let kept = try await api.call(.PATCH, "/api/v1/mailboxes/\(id)", json: ["smtpPort": 465, "smtpSecurity": "tls"])
            #expect(kept.status == .ok)
            #expect((kept.object["smtp"] as? [String: Any])?["hasPassword"] as? Bool == true)
            #expect(kept.object["version"] as? Int == 2)
            let cleared = try await api.call(.PATCH, "/api/v1/mailboxes/\(id)", json: ["imapPassword": ""])
            #expect((cleared.object["imap"] as? [String: Any])?["hasPassword"] as? Bool == false)
            let unchanged = try await api.call(.PATCH, "/api/v1/mailboxes/\(id)", json: [:])
            #expect(unchanged.object["version"] as? Int == 3)
            #expect(try await api.call(.GET, "/api/v1/mailboxes").items.count == 1)
            let stale = try await api.call(.DELETE, "/api/v1/mailboxes/\(id)", headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            #expect(try await api.call(.DELETE, "/api/v1/mailboxes/\(id)").status == .noContent)
            #expect(try await api.call(.GET, "/api/v1/mailboxes/\(id)").status == .notFound)
        }
    }

    @Test func badSettingsAreRefusedFieldByField() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let queue = try await department(api)
            let bad = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: [
                    "address": "not an address", "smtpHost": "smtp server.example", "smtpPort": 70000,
                    "smtpSecurity": "ssl", "smtpPassword": "a\r\nRSET", "imapHost": "imap.example",
                    "imapAfter": "move",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["address"] == "invalidEmail")
            #expect(bad.fieldErrors["departmentId"] == "required")
            #expect(bad.fieldErrors["smtpHost"] == "invalidHost")
            #expect(bad.fieldErrors["smtpPort"] == "outOfRange")
            #expect(bad.fieldErrors["smtpSecurity"] == "invalidChoice")
            #expect(bad.fieldErrors["smtpPassword"] == "controlCharacter")
            #expect(bad.fieldErrors["imapUsername"] == "required")
            #expect(bad.fieldErrors["imapMoveFolder"] == "required")
            let slow = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: ["address": "s@liaison.example", "departmentId": queue, "smtpHost": "x.example", "connectTimeout": 0,
                       "commandTimeout": 601])
            #expect(slow.fieldErrors["connectTimeout"] == "outOfRange")
            #expect(slow.fieldErrors["commandTimeout"] == "outOfRange")
            let first = try await api.call(
                .POST, "/api/v1/mailboxes", json: ["address": "a@liaison.example", "departmentId": queue, "smtpHost": "127.0.0.1"])
            #expect(first.status == .created)
            let again = try await api.call(
                .POST, "/api/v1/mailboxes", json: ["address": "A@liaison.example", "departmentId": queue, "smtpHost": "x.example"])
            #expect(again.fieldErrors["address"] == "addressTaken")
            let nowhere = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: ["address": "b@liaison.example", "departmentId": UUID().uuidString, "smtpHost": "x.example"])
            #expect(nowhere.fieldErrors["departmentId"] == "invalidReference")
        }
    }

    @Test func onlyAdministratorsSetUpMailboxes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let supervisor = try await app.person("lead@test.local", roles: [.supervisor])
            let api = APIClient(app: app, token: try await app.token(for: supervisor))
            #expect(try await api.call(.GET, "/api/v1/mailboxes").status == .forbidden)
            #expect(try await api.call(.POST, "/api/v1/mailboxes", json: ["address": "x@y.example"]).status == .forbidden)
        }
    }

    /// Nobody listens on the port: the test says so, per server, in words.
    @Test func aConnectionTestSaysWhatFailed() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let queue = try await department(api)
            let id =
                try await api.call(
                    .POST, "/api/v1/mailboxes",
                    json: [
                        "address": "c@liaison.example", "departmentId": queue, "smtpHost": "127.0.0.1", "smtpPort": 1,
                        "smtpSecurity": "none", "imapHost": "127.0.0.1", "imapPort": 1, "imapSecurity": "none",
                        "imapUsername": "c",
                    ]
                ).object["id"] as! String
            let result = try await api.call(.POST, "/api/v1/mailboxes/\(id)/test")
            #expect(result.status == .ok)
            let smtp = result.object["smtp"] as? [String: Any]
            #expect(smtp?["ok"] as? Bool == false)
            #expect(smtp?["stage"] as? String == "connect")
            #expect((smtp?["message"] as? String)?.contains("127.0.0.1:1") == true)
            #expect((result.object["imap"] as? [String: Any])?["stage"] as? String == "connect")
        }
    }

    /// Servers sharing one database share the key through LIAISON_SECRET_KEY: no key file is made, and the stored
    /// password opens with that key. A value that is not 32 bytes of base64 stops the server.
    @Test func aKeyFromTheEnvironmentReplacesTheKeyFile() async throws {
        let key = Data((0..<32).map { UInt8($0) })
        #expect(throws: ConfigError.self) { try AppConfig.load(from: ["LIAISON_SECRET_KEY": "c2hvcnQ="]) }
        #expect(try AppConfig.load(from: ["LIAISON_SECRET_KEY": key.base64EncodedString()]).secretKey == key)
        try await withTestApp(["LIAISON_SECRET_KEY": key.base64EncodedString()]) { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let created = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: [
                    "address": "d@liaison.example", "departmentId": try await department(api), "smtpHost": "x.example",
                    "smtpPassword": "共享密钥",
                ])
            #expect(created.status == .created)
            let folder = app.app.context.config.dataDirectory
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + SecretBox.keyFileName))
            let sealed = try await app.db.sql.raw("SELECT smtp_password FROM mailboxes").first()?
                .decode(column: "smtp_password", as: String.self)
            #expect(try SecretBox(key: SymmetricKey(data: key)).open(sealed ?? "") == "共享密钥")
        }
    }
}
