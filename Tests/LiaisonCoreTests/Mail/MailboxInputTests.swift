import Foundation
import Testing

@testable import LiaisonCore

@Suite struct MailboxInputTests {
    private func input(_ change: (inout MailboxInput) -> Void = { _ in }) -> MailboxInput {
        var input = MailboxInput()
        input.address = " Support@Liaison.Example "
        input.departmentID = UUID().uuidString
        input.smtpHost = "SMTP.Liaison.Example"
        change(&input)
        return input
    }

    @Test func portsFollowTheSecurityUnlessGiven() throws {
        let plain = try input().validated()
        #expect(plain.address.value == "support@liaison.example")
        #expect(plain.smtp.host == "smtp.liaison.example")
        #expect(plain.smtp.port == 587 && plain.smtp.security == .starttls)
        #expect(plain.imap == nil && plain.imapFolder == "INBOX" && plain.active && plain.verifyCertificate)
        #expect(try input { $0.smtpSecurity = "tls" }.validated().smtp.port == 465)
        #expect(try input { $0.smtpSecurity = "none" }.validated().smtp.port == 25)
        let imap = try input {
            $0.imapHost = "[::1]"
            $0.imapUsername = "support"
            $0.imapSecurity = "starttls"
        }.validated().imap
        #expect(imap?.host == "::1" && imap?.port == 143)
    }

    @Test func passwordsKeepClearOrSet() throws {
        #expect(try input().validated().smtp.password == .keep)
        #expect(try input { $0.smtpPassword = "" }.validated().smtp.password == .clear)
        #expect(try input { $0.smtpPassword = "密码 1" }.validated().smtp.password == .set("密码 1"))
    }

    @Test func everyValueGivenIsChecked() {
        func codes(_ change: (inout MailboxInput) -> Void) -> [String: String] {
            do {
                _ = try input(change).validated()
                return [:]
            } catch {
                return Dictionary(error.issues.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
            }
        }
        #expect(codes { $0.imapPort = 0 }["imapPort"] == "outOfRange", "even without an IMAP host")
        #expect(codes { $0.imapPassword = "a\nb" }["imapPassword"] == "controlCharacter")
        #expect(codes { $0.smtpHost = "smtp host" }["smtpHost"] == "invalidHost")
        #expect(codes { $0.smtpHost = nil }["smtpHost"] == "required")
        #expect(codes { $0.departmentID = "x" }["departmentId"] == "invalidReference")
        #expect(codes { $0.smtpAuth = "cram-md5" }["smtpAuth"] == "invalidChoice")
        #expect(
            codes {
                $0.imapHost = "imap.example"
                $0.imapAfter = "move"
            } == ["imapUsername": "required", "imapMoveFolder": "required"])
    }
}
