import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail to one server (RFC 5321 with ESMTP, STARTTLS per RFC 3207, AUTH PLAIN and LOGIN per RFC 4954 and
/// 4616): connect, EHLO, STARTTLS when asked, EHLO again, AUTH, MAIL FROM, RCPT TO each, DATA with dot-stuffing,
/// QUIT. One connection per call; every reply is waited for at most `commandTimeout`.
public struct SMTPClient: Sendable {
    public var settings: SMTPSettings
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = group
    }

    /// What the server said when it took the message ("250 2.0.0 Ok: queued as 4F2A1").
    public struct Receipt: Sendable, Equatable {
        public var reply: String
        /// Recipients the server refused while others were accepted, with its words.
        public var refused: [String: String]
    }

    /// Sends `message` (its bytes as rendered) from `sender` to `recipients` (envelope addresses).
    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws(SMTPError) -> Receipt {
        try Self.checkEnvelope(from: sender, to: recipients)
        let session = try await open()
        do {
            let receipt = try await session.deliver(message, from: sender, to: recipients)
            await session.quit()
            return receipt
        } catch {
            await session.close()
            throw error
        }
    }

    /// Connects, protects and signs in as configured, then says goodbye: what a "test connection" button does.
    /// Returns the server's extensions.
    public func check() async throws(SMTPError) -> [String] {
        let session = try await open()
        let extensions = session.extensions
        await session.quit()
        return extensions
    }

    /// Refuses an envelope that could not be sent as it is: no recipient, or an address that could smuggle a command.
    static func checkEnvelope(from sender: String, to recipients: [String]) throws(SMTPError) {
        guard !recipients.isEmpty else {
            throw SMTPError(stage: .recipient, code: nil, message: "no recipients", isPermanent: true)
        }
        for address in [sender] + recipients where !Self.isSafeAddress(address) {
            throw SMTPError(stage: address == sender ? .sender : .recipient, code: nil,
                message: "not a usable address: \(address.debugDescription)", isPermanent: true)
        }
    }

    func open() async throws(SMTPError) -> SMTPSession {
        let tls: NIOSSLContext?
        do {
            tls = settings.security == .none ? nil : try Self.tlsContext(settings)
        } catch {
            throw SMTPError(stage: .tls, code: nil, message: "TLS settings: \(error)", isPermanent: true)
        }
        let session = try await SMTPSession.connect(settings: settings, tls: tls, group: group)
        do {
            try await session.greet()
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    static func tlsContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        try MailTLS.context(verify: settings.verifyCertificate, trusting: settings.trustedCertificatesPEM)
    }

    /// An envelope address may hold no space, control character or angle bracket (no command injection).
    static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.count <= 320 && address.contains("@")
            && address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" }
    }
}
