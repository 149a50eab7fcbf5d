import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// Taking a received message in, the same way for the command line (`liaison mail ingest`), the relay endpoint
/// (`POST /api/v1/mail/inbound`) and the IMAP poller: its raw bytes are stored first (so nothing is ever lost), it is
/// read and its attachments stored, and one write (`MailIntake.take`) threads it, opens a request or holds it in
/// quarantine. A message that cannot be read, or whose write fails, is held in quarantine raw; only when even that
/// cannot be stored does taking it fail.
enum MailIngest {
    /// Which mailbox the message came in for.
    enum Target: Sendable, Equatable {
        /// The one with this id or address.
        case mailbox(String)
        /// The first mailbox among the message's recipients (Delivered-To, To, Cc); else the only mailbox, if one.
        case recipients
        /// A known mailbox (the IMAP poller's).
        case known(Mailbox)
    }

    struct Taken: Sendable, Equatable {
        var outcome: MailIntakeOutcome
        var quarantineID: UUID?
        var rawSHA256: String
    }

    static func take(_ bytes: [UInt8], for target: Target, by actor: AuditActor, app: Application) async throws -> Taken {
        let context = app.context
        let now = context.effects.clock.now()
        let write = WriteContext(actor: actor, now: now, settings: context.config.requestSettings)
        let raw = Data(bytes)
        let rawSHA256 = BlobHash.sha256(raw)
        try await context.blobStore.put(raw, sha256: rawSHA256, on: app.db)
        let mailboxes = try await MailboxQueries.all(on: app.db).filter(\.active)
        let own = Set(mailboxes.map { $0.address.lowercased() })
        if bytes.count > context.config.mailMaxMegabytes * 1_048_576 {
            let id = try await app.write { tx in
                try await MailQuarantine.hold(
                    rawSHA256: rawSHA256, rawSize: bytes.count, reason: .tooLarge, detail: "\(bytes.count) bytes",
                    mailbox: nil, messageID: nil, from: nil, subject: "", in: write, on: tx)
            }
            return Taken(outcome: .quarantined(id: id, reason: .tooLarge), quarantineID: id, rawSHA256: rawSHA256)
        }
        let message = MailMessage(parsing: bytes)
        let mailbox = route(message, target: target, among: mailboxes)
        let route = mailbox.map { MailboxRoute(id: $0.id, departmentID: $0.departmentID) }
        guard !message.headers.fields.isEmpty else {
            let id = try await app.write { tx in
                try await MailQuarantine.hold(
                    rawSHA256: rawSHA256, rawSize: bytes.count, reason: .unreadable, detail: "no header",
                    mailbox: route?.id, messageID: nil, from: nil, subject: "", in: write, on: tx)
            }
            return Taken(outcome: .quarantined(id: id, reason: .unreadable), quarantineID: id, rawSHA256: rawSHA256)
        }
        let inbound = try await read(message, rawSHA256: rawSHA256, rawSize: bytes.count, app: app)
        let settings = MailIntakeSettings(senderLimitPerHour: context.config.mailSenderLimit)
        do {
            let result = try await app.write { tx in
                try await MailIntake.take(
                    inbound, mailbox: route, ownAddresses: own, settings: settings, in: write, on: tx)
            }
            if case .opened(let requestID, _) = result.outcome, let mailbox, mailbox.acknowledge {
                await acknowledge(requestID, app: app, write: write)
            }
            return Taken(outcome: result.outcome, quarantineID: result.quarantineID, rawSHA256: rawSHA256)
        } catch {
            // Whatever kept it off a request (a value the database refused, a rule broken), it waits raw.
            app.logger.warning("mail \(rawSHA256.prefix(12)) held in quarantine: \(String(reflecting: error))")
            let id = try await app.write { tx in
                try await MailQuarantine.hold(
                    rawSHA256: rawSHA256, rawSize: bytes.count, reason: .unreadable,
                    detail: String(String(describing: error).prefix(300)), mailbox: route?.id,
                    messageID: inbound.messageID, from: inbound.from?.address, subject: inbound.subject, in: write,
                    on: tx)
            }
            return Taken(outcome: .quarantined(id: id, reason: .unreadable), quarantineID: id, rawSHA256: rawSHA256)
        }
    }

    /// Tells the sender their mail opened a request (its number, in the contact's language), by mail through the
    /// usual outbox. Its own write after the intake's: a failure here is logged and loses no mail.
    static func acknowledge(_ requestID: UUID, app: Application, write: WriteContext) async {
        do {
            let context = app.context
            let language = try await RequestQueries.contactLanguage(requestID, on: app.db)
                ?? AppLocale(rawValue: context.config.defaultLocale) ?? .zhHans
            let catalog = context.catalog
            try await app.write { tx in
                try await MailAcknowledgement.add(
                    to: requestID,
                    text: { number, subject in
                        catalog.text("mail.acknowledgement", language, [number, Markdown.literal(subject)])
                    }, in: write, on: tx)
            }
        } catch {
            app.logger.warning("request \(requestID) not acknowledged: \(String(reflecting: error))")
        }
    }

    /// The mailbox the message came in for.
    static func route(_ message: MailMessage, target: Target, among mailboxes: [Mailbox]) -> Mailbox? {
        switch target {
        case .known(let mailbox):
            return mailbox
        case .mailbox(let key):
            let lowered = key.lowercased()
            return mailboxes.first { $0.id.uuidString.lowercased() == lowered || $0.address.lowercased() == lowered }
        case .recipients:
            let delivered = MailAddress.list(message.headers["Delivered-To"]) + MailAddress.list(message.headers["X-Original-To"])
            for address in delivered + message.to + message.cc {
                if let mailbox = mailboxes.first(where: { $0.address.lowercased() == address.key }) { return mailbox }
            }
            return mailboxes.count == 1 ? mailboxes[0] : nil
        }
    }

    /// The message as the write takes it: its text without the quoted earlier messages, its files stored.
    static func read(_ message: MailMessage, rawSHA256: String, rawSize: Int, app: Application) async throws
        -> InboundMail
    {
        var files: [InboundMail.File] = []
        for attachment in message.attachments {
            let data = Data(attachment.data)
            let sha256 = BlobHash.sha256(data)
            try await app.context.blobStore.put(data, sha256: sha256, on: app.db)
            // The type a browser is told comes from the content, never from the sender's label alone: what is not
            // recognised is offered as bytes to save.
            let mime = ContentSniffer.sniff(Array(attachment.data.prefix(ContentSniffer.headLength)), filename: attachment.filename)?
                .mime ?? "application/octet-stream"
            files.append(
                .init(
                    filename: clean(attachment.filename).nilIfBlank ?? "attachment", mediaType: mime, sha256: sha256, size: attachment.data.count,
                    isInline: attachment.isInline))
        }
        let (text, quoted) = QuotedReply.split(clean(message.text))
        // Every text kept is cleaned, headers' ids and addresses too: a NUL is refused by PostgreSQL's text, and a
        // control character is nobody's address.
        let messageID = message.messageID.map { String(clean($0).prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(rawSHA256)@liaison.invalid"
        func address(_ a: MailAddress) -> InboundMail.Address {
            InboundMail.Address(
                name: a.name.map { String(clean($0).prefix(200)) }, address: String(clean(a.address).prefix(320)))
        }
        func ids(_ list: [String]) -> [String] { list.map { String(clean($0).prefix(500)) }.filter { !$0.isEmpty } }
        let subject = String(clean(message.subject).prefix(998))
        return InboundMail(
            messageID: messageID, inReplyTo: ids(Array(message.inReplyTo.prefix(20))),
            references: ids(Array(message.references.suffix(50))),
            from: message.from.map(address), to: message.to.prefix(100).map(address), cc: message.cc.prefix(100).map(address),
            subject: subject, requestSubject: SubjectLine.withoutPrefixes(subject), date: message.date, text: text,
            quoted: quoted, hasHTML: message.html != nil, files: files, automatic: AutomaticMail.classify(message)?.reason,
            subjectNumber: SubjectLine.requestNumber(in: subject),
            threadSubject: SubjectLine.withoutPrefixes(subject).lowercased(),
            sentByUs: message.headers["X-Liaison-Mail"] != nil, rawSHA256: rawSHA256, rawSize: rawSize,
            defects: message.defects)
    }

    /// Text as stored: NUL and other control characters (but line breaks and tabs) dropped, line ends as "\n".
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09: out.append(scalar)
            case 0x0D: continue
            case 0x00...0x1F, 0x7F: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
