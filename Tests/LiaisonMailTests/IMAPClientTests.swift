import Foundation
import MailTestServers
import Synchronization
import Testing

@testable import LiaisonMail

/// The client against a real Dovecot on 127.0.0.1: STARTTLS and IMAPS, a password that needs a literal, UID cursors
/// that neither skip nor repeat, marking seen or moving to a folder with a Chinese name.
@Suite(.serialized, .enabled(if: IMAPTestServer.enabled, Comment(rawValue: IMAPTestServer.missing)), .timeLimit(.minutes(15)))
struct IMAPClientTests {
    private func mail(_ subject: String) -> [UInt8] {
        OutgoingMail(
            from: MailAddress(name: "陈静", address: "chen@yunqi.example.cn"),
            to: [MailAddress(address: "support@liaison.example")], subject: subject,
            messageID: "\(UUID().uuidString)@yunqi.example.cn", date: Date(), text: "正文：" + subject
        ).rendered()
    }

    /// What a poll handed over, in order.
    final class Taken: Sendable {
        let subjects = Mutex<[String]>([])
        let refuseFrom = Mutex<String?>(nil)
    }

    private func poll(_ client: IMAPClient, after cursor: IMAPCursor?, limit: Int = 100, into taken: Taken) async throws
        -> IMAPClient.Poll
    {
        try await client.poll(after: cursor, limit: limit) { _, bytes in
            let subject = MailMessage(parsing: bytes).subject
            if let refused = taken.refuseFrom.withLock({ $0 }), subject == refused { return false }
            taken.subjects.withLock { $0.append(subject) }
            return true
        }
    }

    @Test func newMailIsTakenOnceInOrderAndMarkedSeen() async throws {
        let server = try IMAPTestServer()
        defer { server.stop() }
        let settings = IMAPSettings(
            host: "localhost", port: server.port, security: .startTLS, username: server.username,
            password: server.password, trustedCertificatesPEM: server.certificate.pem)
        let client = IMAPClient(settings: settings)
        #expect(try await client.check().contains("IMAP4REV1"))
        for n in 1...3 { try server.deliver(mail("第\(n)封")) }
        let taken = Taken()
        let first = try await poll(client, after: nil, limit: 2, into: taken)
        #expect(taken.subjects.withLock { $0 } == ["第1封", "第2封"])
        #expect(first.taken == 2 && first.left == 1)
        // The next poll goes on from the cursor; a message the caller could not store stops it there.
        try server.deliver(mail("第4封"))
        taken.refuseFrom.withLock { $0 = "第4封" }
        let second = try await poll(client, after: first.cursor, into: taken)
        #expect(taken.subjects.withLock { $0 } == ["第1封", "第2封", "第3封"])
        #expect(second.left == 1)
        taken.refuseFrom.withLock { $0 = nil }
        let third = try await poll(client, after: second.cursor, into: taken)
        #expect(taken.subjects.withLock { $0 } == ["第1封", "第2封", "第3封", "第4封"])
        #expect(third.left == 0)
        // Nothing new: nothing repeated, even without a cursor (all four are seen now).
        _ = try await poll(client, after: third.cursor, into: taken)
        _ = try await poll(client, after: nil, into: taken)
        #expect(taken.subjects.withLock { $0 }.count == 4)
        // A cursor of another UIDVALIDITY (a rebuilt folder) starts from the unread ones.
        try server.deliver(mail("第5封"))
        _ = try await poll(client, after: IMAPCursor(uidValidity: third.cursor.uidValidity &+ 1, lastUID: 999), into: taken)
        #expect(taken.subjects.withLock { $0 }.last == "第5封")
    }

    @Test func implicitTLSMovesTakenMailToAFolder() async throws {
        let server = try IMAPTestServer()
        defer { server.stop() }
        var settings = IMAPSettings(
            host: "localhost", port: server.tlsPort, security: .tls, username: server.username,
            password: server.password, afterTaking: .move(to: "已处理"), trustedCertificatesPEM: server.certificate.pem)
        try server.deliver(mail("搬走"))
        let taken = Taken()
        let moved = try await poll(IMAPClient(settings: settings), after: nil, into: taken)
        #expect(moved.taken == 1)
        // The folder is empty now; the message is in 已处理.
        _ = try await poll(IMAPClient(settings: settings), after: nil, into: taken)
        #expect(taken.subjects.withLock { $0 } == ["搬走"])
        settings.folder = "已处理"
        settings.afterTaking = .markSeen
        let archived = Taken()
        _ = try await poll(IMAPClient(settings: settings), after: nil, into: archived)
        #expect(archived.subjects.withLock { $0 } == ["搬走"])
    }

    @Test func failuresSayWhatFailed() async throws {
        let server = try IMAPTestServer()
        defer { server.stop() }
        var settings = IMAPSettings(
            host: "localhost", port: server.port, security: .startTLS, username: server.username, password: "wrong",
            trustedCertificatesPEM: server.certificate.pem, commandTimeout: 10)
        let refused = await #expect(throws: IMAPError.self) { try await IMAPClient(settings: settings).check() }
        #expect(refused?.stage == .login)
        #expect(refused?.isPermanent == true)
        settings.password = server.password
        settings.folder = "没有这个文件夹"
        let missing = await #expect(throws: IMAPError.self) { try await IMAPClient(settings: settings).check() }
        #expect(missing?.stage == .select)
        settings.trustedCertificatesPEM = nil
        let untrusted = await #expect(throws: IMAPError.self) { try await IMAPClient(settings: settings).check() }
        #expect(untrusted?.stage == .tls)
        settings.port = 1
        let unreachable = await #expect(throws: IMAPError.self) { try await IMAPClient(settings: settings).check() }
        #expect(unreachable?.stage == .connect)
    }

    @Test func folderNamesInModifiedUTF7() {
        #expect(ModifiedUTF7.encode("INBOX") == "INBOX")
        #expect(ModifiedUTF7.encode("已处理") == "&XfJZBHQG-")
        #expect(ModifiedUTF7.encode("A&B") == "A&-B")
    }
}
