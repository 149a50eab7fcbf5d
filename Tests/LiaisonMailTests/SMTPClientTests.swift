import Foundation
import MailTestServers
import Testing

@testable import LiaisonMail

/// The client against a real SMTP server (aiosmtpd) on 127.0.0.1: STARTTLS and implicit TLS with a certificate we
/// trust, sign-in, refusals in the server's words, dot-stuffing.
@Suite(.serialized, .enabled(if: SMTPTestServer.enabled, Comment(rawValue: SMTPTestServer.missing)), .timeLimit(.minutes(15)))
struct SMTPClientTests {
    private func message(_ text: String) -> [UInt8] {
        OutgoingMail(
            from: MailAddress(name: "客服", address: "support@liaison.example"),
            to: [MailAddress(name: "陈静", address: "chen@yunqi.example.cn")], subject: "[R-000001] 测试",
            messageID: "r-000001.1@liaison.example", date: Date(timeIntervalSince1970: 1_796_379_630), text: text
        ).rendered()
    }

    @Test func startTLSWithSignInDeliversTheMessageAsSent() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let certificate = try SMTPTestServer.certificate(in: folder)
        let server = try SMTPTestServer(
            ["--starttls", certificate.certFile, certificate.keyFile, "--auth", "agent:秘密 pass"], folder: folder)
        defer { server.stop() }
        var settings = SMTPSettings(
            host: "localhost", port: server.port, security: .startTLS, username: "agent", password: "秘密 pass",
            trustedCertificatesPEM: certificate.pem)
        let text = "第一行\n.以点开头的一行\n..两个点\n最后"
        let bytes = message(text)
        let receipt = try await SMTPClient(settings: settings).send(
            bytes, from: "support@liaison.example", to: ["chen@yunqi.example.cn", "reject-me@yunqi.example.cn"])
        #expect(receipt.reply.hasPrefix("250 2.0.0 Ok: queued as"))
        #expect(receipt.refused["reject-me@yunqi.example.cn"]?.contains("User unknown") == true)
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.from == "support@liaison.example")
        #expect(received.first?.to == ["chen@yunqi.example.cn"])
        #expect(received.first?.message == bytes)
        #expect(MailMessage(parsing: received.first?.message ?? []).text == text)

        // LOGIN instead of PLAIN; the wrong password is refused for good.
        settings.authentication = .login
        _ = try await SMTPClient(settings: settings).send(bytes, from: "a@liaison.example", to: ["b@yunqi.example.cn"])
        settings.password = "wrong"
        let refused = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: settings).check()
        }
        #expect(refused?.stage == .authentication)
        #expect(refused?.code == 535)
        #expect(refused?.isPermanent == true)
        // STARTTLS to a certificate nobody vouches for.
        settings.trustedCertificatesPEM = nil
        settings.commandTimeout = 5
        let untrusted = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: settings).check() }
        #expect(untrusted?.stage == .tls)
    }

    @Test func implicitTLSAndCertificateChecks() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let certificate = try SMTPTestServer.certificate(in: folder)
        let server = try SMTPTestServer(["--tls", certificate.certFile, certificate.keyFile], folder: folder)
        defer { server.stop() }
        let trusted = SMTPSettings(
            host: "localhost", port: server.port, security: .tls, trustedCertificatesPEM: certificate.pem)
        _ = try await SMTPClient(settings: trusted).send(message("hi"), from: "a@liaison.example", to: ["b@x.example"])
        #expect(try server.received().count == 1)
        // A certificate nobody vouches for is refused unless checking is turned off.
        let untrusted = SMTPSettings(host: "localhost", port: server.port, security: .tls, commandTimeout: 5)
        let failure = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: untrusted).check() }
        #expect(failure?.stage == .tls)
        var unchecked = untrusted
        unchecked.verifyCertificate = false
        _ = try await SMTPClient(settings: unchecked).check()
    }

    @Test func refusalsAndUnreachableServersSayWhatFailed() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let server = try SMTPTestServer([], folder: folder)
        defer { server.stop() }
        let plain = SMTPSettings(host: "127.0.0.1", port: server.port, security: .none)
        let rejected = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: plain).send(message("x"), from: "a@liaison.example", to: ["reject@x.example"])
        }
        #expect(rejected?.stage == .recipient)
        #expect(rejected?.code == 550)
        #expect(rejected?.isPermanent == true)
        let later = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: plain).send(message("x"), from: "a@liaison.example", to: ["later@x.example"])
        }
        #expect(later?.code == 451)
        #expect(later?.isPermanent == false)
        // STARTTLS asked of a server that does not offer it.
        let noTLS = SMTPSettings(host: "127.0.0.1", port: server.port, security: .startTLS)
        let missing = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: noTLS).check() }
        #expect(missing?.description == "starttls: the server does not offer STARTTLS")
        // Injection through an envelope address is refused before anything is sent.
        let injected = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: plain).send(message("x"), from: "a@liaison.example", to: ["b@x.example>\r\nRCPT TO:<c@x.example"])
        }
        #expect(injected?.stage == .recipient)
        #expect(try server.received().isEmpty)
        // Nobody listening.
        let closed = SMTPSettings(host: "127.0.0.1", port: 1, security: .none, connectTimeout: 2)
        let unreachable = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: closed).check() }
        #expect(unreachable?.stage == .connect)
        #expect(unreachable?.isPermanent == false)
    }

    @Test func aPoolSendsOneMessageAfterAnotherOnOneSignedInConnection() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let certificate = try SMTPTestServer.certificate(in: folder)
        let server = try SMTPTestServer(
            ["--starttls", certificate.certFile, certificate.keyFile, "--auth", "agent:秘密 pass"], folder: folder)
        let settings = SMTPSettings(
            host: "localhost", port: server.port, security: .startTLS, username: "agent", password: "秘密 pass",
            trustedCertificatesPEM: certificate.pem)
        let pool = SMTPPool()
        for index in 1...3 {
            let receipt = try await pool.send(
                message("第 \(index) 封"), from: "support@liaison.example", to: ["chen@yunqi.example.cn"],
                settings: settings)
            #expect(receipt.reply.hasPrefix("250"))
        }
        #expect(await pool.opened == 1)
        // A refusal leaves the conversation to be closed; the next message opens another.
        await #expect(throws: SMTPError.self) {
            try await pool.send(message("x"), from: "support@liaison.example", to: ["reject@x.example"], settings: settings)
        }
        _ = try await pool.send(message("4"), from: "support@liaison.example", to: ["chen@yunqi.example.cn"], settings: settings)
        #expect(await pool.opened == 2)
        #expect(try server.received().map { MailMessage(parsing: $0.message).text } == ["第 1 封", "第 2 封", "第 3 封", "4"])
        // The server goes away while a connection waits: the next send says so (trying a new connection once).
        server.stop()
        let gone = await #expect(throws: SMTPError.self) {
            try await pool.send(message("5"), from: "support@liaison.example", to: ["chen@yunqi.example.cn"], settings: settings)
        }
        #expect(gone?.stage == .connect)
        await pool.closeAll()
    }

    @Test func dotStuffingAndLineEnds() {
        #expect(SMTPSession.dotStuffed(Array("a\n.b\r\n..c".utf8)) == Array("a\r\n..b\r\n...c\r\n.\r\n".utf8))
        #expect(SMTPSession.dotStuffed(Array(".\r\n".utf8)) == Array("..\r\n.\r\n".utf8))
        #expect(SMTPSession.dotStuffed([]) == Array(".\r\n".utf8))
    }
}
