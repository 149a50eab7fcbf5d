import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One IMAP conversation, used by one task at a time (`IMAPClient`).
final class IMAPSession: @unchecked Sendable {
    private let channel: any Channel
    private let reader: IMAPResponseReader
    private let settings: IMAPSettings
    private var tagNumber = 0
    private(set) var capabilities: [String] = []

    private init(channel: any Channel, reader: IMAPResponseReader, settings: IMAPSettings) {
        self.channel = channel
        self.reader = reader
        self.settings = settings
    }

    /// Connected, protected and signed in.
    static func open(settings: IMAPSettings, group: any EventLoopGroup) async throws(IMAPError) -> IMAPSession {
        let tls: NIOSSLContext?
        do {
            tls = settings.security == .none
                ? nil : try MailTLS.context(verify: settings.verifyCertificate, trusting: settings.trustedCertificatesPEM)
        } catch {
            throw IMAPError(stage: .tls, message: "TLS settings: \(error)", isPermanent: true)
        }
        let reader = IMAPResponseReader()
        let implicitTLS = settings.security == .tls ? tls : nil
        let host = settings.host
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(settings.connectTimeout * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: MailTLS.serverName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(reader)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            throw IMAPError(
                stage: .connect, message: "could not connect to \(settings.host):\(settings.port): \(MailReplyFailure.words(error))",
                isPermanent: false)
        }
        let session = IMAPSession(channel: channel, reader: reader, settings: settings)
        do {
            try await session.start(tls: tls)
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private func start(tls: NIOSSLContext?) async throws(IMAPError) {
        let greeting = try await response(.greeting)
        guard greeting.text.hasPrefix("* OK") || greeting.text.hasPrefix("* PREAUTH") else {
            throw IMAPError(stage: .greeting, message: greeting.text, isPermanent: false)
        }
        try await loadCapabilities(.greeting)
        if settings.security == .startTLS {
            guard capabilities.contains("STARTTLS") else {
                throw IMAPError(stage: .startTLS, message: "the server does not offer STARTTLS", isPermanent: true)
            }
            _ = try await command("STARTTLS", .startTLS)
            guard let tls else { throw IMAPError(stage: .tls, message: "no TLS context", isPermanent: true) }
            do {
                let channel = self.channel
                let name = MailTLS.serverName(settings.host)
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: name), position: .first)
                }.get()
            } catch {
                throw IMAPError(stage: .tls, message: MailReplyFailure.words(error), isPermanent: true)
            }
            // Capabilities learnt before TLS are forgotten (RFC 3501 §6.2.1). The first command over TLS is where a
            // failed handshake shows.
            do {
                try await loadCapabilities(.tls)
            } catch var failure {
                failure.stage = .tls
                throw failure
            }
        }
        if capabilities.contains("LOGINDISABLED") {
            throw IMAPError(stage: .login, message: "the server refuses LOGIN on this connection", isPermanent: true)
        }
        do {
            _ = try await command("LOGIN " + (try astring(settings.username)) + " " + (try astring(settings.password)), .login)
        } catch var failure {
            // A refused password stays refused: retrying only locks the account.
            failure.isPermanent = !failure.message.contains("[UNAVAILABLE]")
            throw failure
        }
        try await loadCapabilities(.login)
    }

    private func loadCapabilities(_ stage: IMAPError.Stage) async throws(IMAPError) {
        let untagged = try await command("CAPABILITY", stage)
        for line in untagged where line.text.hasPrefix("* CAPABILITY ") {
            capabilities = line.text.dropFirst(13).split(separator: " ").map { $0.uppercased() }
        }
    }

    /// Selects `folder`: its UIDVALIDITY.
    func select(_ folder: String) async throws(IMAPError) -> UInt32 {
        let untagged = try await command("SELECT " + (try astring(ModifiedUTF7.encode(folder))), .select)
        for line in untagged {
            if let range = line.text.range(of: "[UIDVALIDITY ") {
                let digits = line.text[range.upperBound...].prefix { $0.isNumber }
                if let value = UInt32(digits) { return value }
            }
        }
        throw IMAPError(stage: .select, message: "the server gave no UIDVALIDITY for \(folder)", isPermanent: false)
    }

    func searchUIDs(_ criteria: String) async throws(IMAPError) -> [UInt32] {
        let untagged = try await command("UID SEARCH " + criteria, .search)
        return untagged.filter { $0.text.hasPrefix("* SEARCH") }
            .flatMap { $0.text.dropFirst(8).split(separator: " ").compactMap { UInt32($0) } }
    }

    /// The message's bytes, not marking it read; nil when the server has no such UID any more.
    func fetch(_ uid: UInt32) async throws(IMAPError) -> [UInt8]? {
        let untagged = try await command("UID FETCH \(uid) (UID BODY.PEEK[])", .fetch, timeout: settings.commandTimeout * 4)
        for line in untagged where line.text.contains(" FETCH (") && !line.literals.isEmpty {
            if let range = line.text.range(of: "UID "), UInt32(line.text[range.upperBound...].prefix { $0.isNumber }) == uid {
                return line.literals[0]
            }
        }
        return nil
    }

    func markTaken(_ uids: [UInt32], as after: IMAPSettings.AfterTaking) async throws(IMAPError) {
        let set = uids.map(String.init).joined(separator: ",")
        switch after {
        case .markSeen:
            _ = try await command("UID STORE \(set) +FLAGS.SILENT (\\Seen)", .store)
        case .move(let folder):
            let name = try astring(ModifiedUTF7.encode(folder))
            // Created when missing ("already exists" is fine).
            _ = try? await command("CREATE " + name, .move)
            if capabilities.contains("MOVE") {
                _ = try await command("UID MOVE \(set) \(name)", .move)
            } else {
                _ = try await command("UID COPY \(set) \(name)", .move)
                _ = try await command("UID STORE \(set) +FLAGS.SILENT (\\Seen \\Deleted)", .store)
                _ = try await command(capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(set)" : "EXPUNGE", .move)
            }
        }
    }

    func logout() async {
        _ = try? await command("LOGOUT", .logout)
        await close()
    }

    func close() async {
        try? await channel.close().get()
    }

    // MARK: the wire

    private var pendingLiterals: [[UInt8]] = []

    /// `text` as a string argument: quoted where it can be, else a literal, queued for `command`, which sends it when
    /// the server answers "+".
    private func astring(_ text: String) throws(IMAPError) -> String {
        let needsLiteral = text.unicodeScalars.contains { $0.value < 0x20 || $0.value > 0x7E }
        if needsLiteral {
            let bytes = Array(text.utf8)
            pendingLiterals.append(bytes)
            return "{\(bytes.count)}\u{0}"
        }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Sends a command and reads until its tagged answer: the untagged responses before it. NO and BAD throw.
    private func command(_ line: String, _ stage: IMAPError.Stage, timeout: Double? = nil) async throws(IMAPError)
        -> [IMAPResponse]
    {
        tagNumber += 1
        let tag = "L\(tagNumber)"
        let literals = pendingLiterals
        pendingLiterals = []
        // Each literal marker ("{n}" + NUL) ends a piece sent before waiting for the server's "+".
        let pieces = (tag + " " + line).components(separatedBy: "\u{0}")
        for (index, piece) in pieces.enumerated() {
            try await write(Array((piece + "\r\n").utf8), stage)
            guard index < literals.count else { break }
            let goAhead = try await response(stage, timeout: timeout)
            guard goAhead.tag == "+" else {
                throw IMAPError(stage: stage, message: goAhead.text, isPermanent: goAhead.status == "BAD")
            }
            try await write(literals[index], stage)
        }
        var untagged: [IMAPResponse] = []
        while true {
            let answer = try await response(stage, timeout: timeout)
            if answer.tag == tag {
                guard answer.status == "OK" else {
                    throw IMAPError(stage: stage, message: String(answer.text.dropFirst(tag.count + 1)), isPermanent: answer.status == "BAD")
                }
                return untagged
            }
            if answer.text.hasPrefix("* BYE") {
                throw IMAPError(stage: stage, message: answer.text, isPermanent: false)
            }
            untagged.append(answer)
        }
    }

    private func write(_ bytes: [UInt8], _ stage: IMAPError.Stage) async throws(IMAPError) {
        do {
            try await MailWrite.send(bytes, on: channel, timeout: settings.commandTimeout)
        } catch {
            throw IMAPError(stage: stage, message: "connection lost: \(MailReplyFailure.words(error))", isPermanent: false)
        }
    }

    private func response(_ stage: IMAPError.Stage, timeout: Double? = nil) async throws(IMAPError) -> IMAPResponse {
        let seconds = timeout ?? settings.commandTimeout
        let reader = self.reader
        let channel = self.channel
        do {
            return try await channel.eventLoop.flatSubmit {
                reader.next(on: channel, timeout: .milliseconds(Int64(seconds * 1000)))
            }.get()
        } catch {
            let failure = MailReplyFailure.described(error, waited: seconds)
            throw IMAPError(stage: failure.isTLS ? .tls : stage, message: failure.message, isPermanent: failure.isPermanent)
        }
    }
}

/// IMAP's modified UTF-7 for folder names (RFC 3501 §5.1.3): "已处理" → "&XfJZBA-".
enum ModifiedUTF7 {
    static func encode(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            let base64 = TransferEncoding.encodeBase64(bytes, lineLength: nil)
                .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "/", with: ",")
            out += "&" + base64 + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return out
    }
}
