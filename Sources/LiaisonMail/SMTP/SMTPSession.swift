import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One conversation with a mail server, used by one task at a time (`SMTPClient`).
final class SMTPSession: @unchecked Sendable {
    let channel: any Channel
    private let reader: SMTPReplyReader
    private let settings: SMTPSettings
    private let tls: NIOSSLContext?
    private(set) var extensions: [String] = []
    private var secured: Bool

    private init(channel: any Channel, reader: SMTPReplyReader, settings: SMTPSettings, tls: NIOSSLContext?) {
        self.channel = channel
        self.reader = reader
        self.settings = settings
        self.tls = tls
        secured = settings.security == .tls
    }

    static func connect(settings: SMTPSettings, tls: NIOSSLContext?, group: any EventLoopGroup) async throws(SMTPError)
        -> SMTPSession
    {
        let reader = SMTPReplyReader()
        let host = settings.host
        let implicitTLS = settings.security == .tls ? tls : nil
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(settings.connectTimeout * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        let handler = try NIOSSLClientHandler(context: implicitTLS, serverHostname: Self.sniName(host))
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(reader)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
            return SMTPSession(channel: channel, reader: reader, settings: settings, tls: tls)
        } catch {
            throw SMTPError(
                stage: .connect, code: nil,
                message: "could not connect to \(settings.host):\(settings.port): \(MailReplyFailure.words(error))",
                isPermanent: false)
        }
    }

    /// The greeting, EHLO, STARTTLS and EHLO again when asked, and AUTH when a user name is set.
    func greet() async throws(SMTPError) {
        let greeting = try await reply(.greeting)
        guard greeting.code == 220 else { throw greeting.error(.greeting) }
        try await hello()
        if settings.security == .startTLS {
            guard extensions.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw SMTPError(
                    stage: .startTLS, code: nil, message: "the server does not offer STARTTLS", isPermanent: true)
            }
            let ready = try await command("STARTTLS", .startTLS)
            guard ready.code == 220 else { throw ready.error(.startTLS) }
            guard let tls else { throw SMTPError(stage: .tls, code: nil, message: "no TLS context", isPermanent: true) }
            do {
                let channel = self.channel
                let name = Self.sniName(settings.host)
                try await channel.eventLoop.submit {
                    let handler = try NIOSSLClientHandler(context: tls, serverHostname: name)
                    try channel.pipeline.syncOperations.addHandler(handler, position: .first)
                }.get()
            } catch {
                throw SMTPError(stage: .tls, code: nil, message: MailReplyFailure.words(error), isPermanent: true)
            }
            secured = true
            // The first command over TLS is where a failed handshake shows.
            do {
                try await hello()
            } catch var failure where failure.code == nil {
                failure.stage = .tls
                throw failure
            }
        }
        if let username = settings.username, !username.isEmpty {
            try await authenticate(username: username, password: settings.password ?? "")
        }
    }

    private func hello() async throws(SMTPError) {
        let answer = try await command("EHLO " + settings.helloName, .hello)
        if answer.code == 250 {
            extensions = Array(answer.lines.dropFirst())
            return
        }
        // A server that knows no ESMTP.
        let old = try await command("HELO " + settings.helloName, .hello)
        guard old.code == 250 else { throw old.error(.hello) }
        extensions = []
    }

    private func authenticate(username: String, password: String) async throws(SMTPError) {
        guard secured || settings.security == .none else {
            throw SMTPError(stage: .authentication, code: nil, message: "refusing to sign in without TLS", isPermanent: true)
        }
        let offered = Set(
            extensions.flatMap { line -> [String] in
                let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
                return words.first == "AUTH" ? Array(words.dropFirst()) : []
            })
        let mechanism: SMTPSettings.Authentication
        switch settings.authentication {
        case .automatic:
            if offered.contains("PLAIN") {
                mechanism = .plain
            } else if offered.contains("LOGIN") {
                mechanism = .login
            } else {
                throw SMTPError(
                    stage: .authentication, code: nil,
                    message: "the server offers no sign-in this client knows (offered: \(offered.sorted().joined(separator: " ")))",
                    isPermanent: true)
            }
        case let chosen:
            mechanism = chosen
        }
        let answer: SMTPReply
        if mechanism == .plain {
            let token = Data(("\u{0}" + username + "\u{0}" + password).utf8).base64EncodedString()
            answer = try await command("AUTH PLAIN " + token, .authentication, secret: true)
        } else {
            let first = try await command("AUTH LOGIN", .authentication)
            guard first.code == 334 else { throw first.error(.authentication) }
            let second = try await command(Data(username.utf8).base64EncodedString(), .authentication, secret: true)
            guard second.code == 334 else { throw second.error(.authentication) }
            answer = try await command(Data(password.utf8).base64EncodedString(), .authentication, secret: true)
        }
        guard answer.code == 235 else {
            var failure = answer.error(.authentication)
            // A refused password stays refused: retrying only locks the account.
            if answer.code == 535 || answer.code == 534 { failure.isPermanent = true }
            throw failure
        }
    }

    func deliver(_ message: [UInt8], from sender: String, to recipients: [String]) async throws(SMTPError)
        -> SMTPClient.Receipt
    {
        let mail = try await command("MAIL FROM:<\(sender)>", .sender)
        guard mail.code == 250 else { throw mail.error(.sender) }
        var refused: [String: String] = [:]
        var lastRefusal: SMTPError?
        for recipient in recipients {
            let answer = try await command("RCPT TO:<\(recipient)>", .recipient)
            if answer.code == 250 || answer.code == 251 { continue }
            refused[recipient] = answer.text
            lastRefusal = answer.error(.recipient)
        }
        if refused.count == recipients.count, let lastRefusal { throw lastRefusal }
        let data = try await command("DATA", .data)
        guard data.code == 354 else { throw data.error(.data) }
        try await write(Self.dotStuffed(message), .data)
        let done = try await reply(.data, timeout: settings.commandTimeout * 3)
        guard done.code == 250 else { throw done.error(.data) }
        return SMTPClient.Receipt(reply: "\(done.code) \(done.text)", refused: refused)
    }

    func quit() async {
        _ = try? await command("QUIT", .quit)
        await close()
    }

    func close() async {
        try? await channel.close().get()
    }

    // MARK: the wire

    private func command(_ line: String, _ stage: SMTPError.Stage, secret: Bool = false) async throws(SMTPError) -> SMTPReply {
        try await write(Array((line + "\r\n").utf8), stage)
        return try await reply(stage)
    }

    private func write(_ bytes: [UInt8], _ stage: SMTPError.Stage) async throws(SMTPError) {
        do {
            try await MailWrite.send(bytes, on: channel, timeout: settings.commandTimeout)
        } catch {
            throw SMTPError(stage: stage, code: nil, message: "connection lost: \(MailReplyFailure.words(error))", isPermanent: false)
        }
    }

    private func reply(_ stage: SMTPError.Stage, timeout: Double? = nil) async throws(SMTPError) -> SMTPReply {
        let seconds = timeout ?? settings.commandTimeout
        let reader = self.reader
        let channel = self.channel
        do {
            return try await channel.eventLoop.flatSubmit {
                reader.next(on: channel, timeout: .milliseconds(Int64(seconds * 1000)))
            }.get()
        } catch {
            let failure = MailReplyFailure.described(error, waited: seconds)
            throw SMTPError(
                stage: failure.isTLS ? .tls : stage, code: nil, message: failure.message, isPermanent: failure.isPermanent)
        }
    }

    /// The message with CRLF line ends, lines starting with "." doubled (RFC 5321 §4.5.2), and the final ".".
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == 0x0A, previous != 0x0D { out.append(0x0D) }
            if byte == 0x0D, previous == 0x0D { out.append(0x0A) }
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        if previous == 0x0D { out.append(0x0A) } else if previous != 0x0A, !out.isEmpty { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }

    static func sniName(_ host: String) -> String? { MailTLS.serverName(host) }

}

/// A reply: its code and its lines' texts (a multi-line reply's lines in order).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " / ") }

    func error(_ stage: SMTPError.Stage) -> SMTPError {
        SMTPError(stage: stage, code: code, message: text, isPermanent: code >= 500)
    }
}
