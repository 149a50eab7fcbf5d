import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The mailbox pages under /admin/mailboxes, in both languages: a mailbox set up through the form, its errors shown
/// beside their fields, passwords never written back into the page, the connection test's words.
@Suite struct MailboxPagesTests {
    private func signedInAdmin(_ app: TestApp) async throws -> (Browser, APIClient) {
        let (admin, token) = try await app.admin()
        let browser = Browser(app)
        try await browser.signIn(admin.email, "Test-Passw0rd!")
        return (browser, APIClient(app: app, token: token))
    }

    @Test(arguments: ["zh-Hans", "en"])
    func aMailboxIsSetUpThroughTheForm(locale: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (browser, api) = try await signedInAdmin(app)
            try await browser.post("/locale", [("locale", locale)])
            let english = locale == "en"
            let queue = try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as! String

            let empty = try await browser.get("/admin/mailboxes")
            #expect(empty.status == .ok)
            #expect(empty.text.contains(english ? "No mailboxes yet." : "还没有邮箱。"))
            #expect(try await browser.get("/admin/mailboxes/new").text.contains(english ? "Sending (SMTP)" : "发信（SMTP）"))

            // Errors beside their fields; the password typed is not written back.
            let refused = try await browser.post(
                "/admin/mailboxes",
                [("address", "not an address"), ("departmentId", queue), ("smtpHost", "smtp.example"),
                 ("smtpPort", "abc"), ("smtpPassword", "Secret-123"), ("active", "on")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(english ? "Not a valid email address." : "邮箱格式不正确。"))
            #expect(refused.text.contains(english ? "Must be from 1 to 65535." : "65535"))
            #expect(!refused.text.contains("Secret-123"))

            let created = try await browser.post(
                "/admin/mailboxes",
                [("address", "support@liaison.example"), ("name", "星河客服"), ("departmentId", queue),
                 ("smtpHost", "127.0.0.1"), ("smtpPort", "1"), ("smtpSecurity", "none"), ("smtpUsername", "support"),
                 ("smtpPassword", "Secret-123"), ("smtpAuth", "automatic"), ("imapFolder", "INBOX"), ("imapAfter", "seen"),
                 ("active", "on"), ("verifyCertificate", "on")])
            #expect(created.status == .seeOther)
            let editPath = try #require(created.headers.first(name: .location))
            let form = try await browser.get(editPath)
            #expect(form.text.contains("support@liaison.example"))
            #expect(form.text.contains(english ? "Stored; leave empty to keep it" : "已保存；留空则保持不变"))
            #expect(!form.text.contains("Secret-123"))
            let list = try await browser.get("/admin/mailboxes")
            #expect(list.text.contains("127.0.0.1:1"))

            // Saving without typing the password keeps it; the test says what failed, in words.
            let saved = try await browser.post(
                editPath,
                [("address", "support@liaison.example"), ("departmentId", queue), ("smtpHost", "127.0.0.1"),
                 ("smtpPort", "1"), ("smtpSecurity", "none"), ("smtpUsername", "support"), ("smtpPassword", ""),
                 ("imapAfter", "seen"), ("version", "1")])
            #expect(saved.status == .seeOther)
            let id = try #require(editPath.split(separator: "/").last.map(String.init))
            let stored = try await MailboxQueries.find(try #require(UUID(uuidString: id)), on: app.db)
            #expect(stored?.smtp.hasPassword == true)
            #expect(stored?.active == false, "an unticked box is off")
            let tested = try await browser.post(editPath + "/test")
            #expect(tested.status == .ok)
            #expect(tested.text.contains("connect: could not connect to 127.0.0.1:1"))

            let deleted = try await browser.post(editPath + "/delete")
            #expect(deleted.status == .seeOther)
            #expect(try await browser.get(editPath).status == .notFound)
        }
    }

    @Test func onlyAdministratorsSeeTheMailboxPages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let supervisor = try await app.person("lead@test.local", roles: [.supervisor])
            let browser = Browser(app)
            try await browser.signIn(supervisor.email, "Test-Passw0rd!")
            #expect(try await browser.get("/admin/mailboxes").status == .forbidden)
            #expect(!(try await browser.get("/").text.contains("/admin/mailboxes")))
        }
    }
}
