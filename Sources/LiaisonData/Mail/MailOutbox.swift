import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Our own mail: a public reply on a request whose contact has an email address (or, on a request without a
/// customer, whose sender wrote from one) is queued as mail in the reply's own write, with a job that sends it.
/// A write may run twice, so nothing is sent from inside it: the job sends, after the commit, and retries.
public enum MailOutbox {
    /// The job that sends one queued message; its payload and unique key are the mail row's id.
    public static let sendJobKind = "mail.send"

    /// Queues the reply `messageID` on `request` as mail when it has somewhere to go: the mailbox the request's
    /// mail came through (else its queue's), and the contact's first address (else, on a request without a
    /// customer, the address that wrote). Threads it under the request's newest mail. Returns the mail row's id.
    @discardableResult
    static func queueReply(
        on request: (id: UUID, number: Int64, subject: String, contactID: UUID?, customerID: UUID?, queueID: UUID?),
        messageID: UUID, automatic: Bool = false, in context: WriteContext, on tx: any Database
    ) async throws -> UUID? {
        let latest = try await MailStore.latest(of: request.id, on: tx)
        guard let mailbox = try await mailbox(preferring: latest?.mailboxID, queue: request.queueID, on: tx) else {
            return nil
        }
        let recipient: InboundMail.Address
        if let contactID = request.contactID {
            guard let contact = try await contactAddress(contactID, on: tx) else { return nil }
            recipient = contact
        } else if request.customerID == nil, let sender = try await MailStore.firstSender(of: request.id, on: tx) {
            recipient = sender
        } else {
            return nil
        }
        let id = UUID.timeOrdered()
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var references = latest.map { $0.references + [$0.messageID] } ?? []
        if references.count > 20 { references = Array(references.suffix(20)) }
        let number = RequestNumber.format(Int(request.number))
        try await MailStore.insert(
            .init(
                id: id, mailboxID: mailbox.id, scope: mailbox.id.idText, direction: .outbound,
                messageID: "\(id.idText.lowercased()).\(number)@\(domain)", inReplyTo: latest?.messageID,
                references: references, from: InboundMail.Address(name: mailbox.name, address: mailbox.address),
                to: [recipient], cc: [], subject: (latest == nil ? "" : "Re: ") + "[\(number)] \(request.subject)", date: nil,
                requestID: request.id, requestMessageID: messageID, automatic: automatic ? "auto-replied" : nil, quoted: nil, rawSHA256: nil,
                rawSize: 0, state: .queued, createdAt: context.now),
            on: tx)
        try await JobQueue.enqueue(
            kind: sendJobKind, payload: id.idText, runAt: context.now, uniqueKey: id.idText, now: context.now, on: tx)
        return id
    }

    struct MailboxAddress {
        var id: UUID
        var address: String
        var name: String?
    }

    private static func mailbox(preferring id: UUID?, queue: UUID?, on db: any Database) async throws -> MailboxAddress? {
        struct Row: Decodable { var id: UUID; var address: String; var name: String? }
        guard id != nil || queue != nil else { return nil }
        let row = try await db.sql.raw(
            """
            SELECT id, address, name FROM mailboxes
            WHERE active = \(bind: true) AND (id = \(bind: id) OR department_id = \(bind: queue))
            ORDER BY CASE WHEN id = \(bind: id) THEN 0 ELSE 1 END, created_at LIMIT 1
            """
        ).first(decoding: Row.self)
        return row.map { MailboxAddress(id: $0.id, address: $0.address, name: $0.name) }
    }

    private static func contactAddress(_ id: UUID, on db: any Database) async throws -> InboundMail.Address? {
        struct Row: Decodable { var name: String; var emails: String }
        guard let row = try await db.sql.raw(
            "SELECT name, emails FROM contacts WHERE id = \(bind: id) AND deleted_at IS NULL"
        ).first(decoding: Row.self),
            let emails = try? JSONDecoder().decode([String].self, from: Data(row.emails.utf8)),
            let first = emails.first(where: InboundMailChecks.isAddress)
        else { return nil }
        return InboundMail.Address(name: row.name, address: first)
    }

    /// Everything the sending job needs for one queued message, read after the commit.
    public struct Outgoing: Sendable {
        public var mail: MailRecord
        public var body: String
        public var authorID: UUID?
        public var requestNumber: String
        public var language: AppLocale?
        public var files: [Attachment]
    }

    public static func outgoing(_ id: UUID, on db: any Database) async throws -> Outgoing? {
        guard let mail = try await MailStore.find(id, on: db), mail.direction == .outbound,
            let messageID = mail.requestMessageID, let requestID = mail.requestID,
            let message = try await RequestMessageModel.find(messageID, on: db),
            let request = try await RequestModel.load(requestID, on: db)
        else { return nil }
        let language = try await RequestQueries.contactLanguage(requestID, on: db)
        let files = try await AttachmentQueries.byMessage([messageID], on: db)[messageID] ?? []
        return Outgoing(
            mail: mail, body: message.body, authorID: message.authorID,
            requestNumber: RequestNumber.format(Int(request.number)), language: language, files: files)
    }

    /// The server took it.
    public static func markSent(_ id: UUID, reply: String, in context: WriteContext, on tx: any Database) async throws {
        try await tx.sql.raw(
            """
            UPDATE mail_messages SET state = 'sent', sent_at = \(bind: context.now), attempts = attempts + 1,
                last_error = \(bind: String(reply.prefix(1000)))
            WHERE id = \(bind: id) AND state <> 'sent'
            """
        ).run()
        var changes = AuditChanges()
        changes.note("reply", String(reply.prefix(200)))
        try await AuditLog.append(
            .mailSent, recordType: .mail, recordID: id.idText, changes: changes, by: context.actor, at: context.now,
            on: tx)
    }

    /// A try failed: the message stays queued with the server's answer, or, when the failure is final (the server
    /// refused it for good, or no try is left), fails, and its author is told.
    public static func markFailed(
        _ id: UUID, error: String, final: Bool, in context: WriteContext, on tx: any Database
    ) async throws {
        let state: MailDeliveryState = final ? .failed : .queued
        try await tx.sql.raw(
            """
            UPDATE mail_messages SET state = \(bind: state.rawValue), attempts = attempts + 1,
                last_error = \(bind: String(error.prefix(1000)))
            WHERE id = \(bind: id) AND state <> 'sent'
            """
        ).run()
        guard final, let mail = try await MailStore.find(id, on: tx), let requestID = mail.requestID,
            let request = try await RequestModel.load(requestID, on: tx)
        else { return }
        var changes = AuditChanges()
        changes.note("error", String(error.prefix(500)))
        try await AuditLog.append(
            .mailFailed, recordType: .mail, recordID: id.idText, changes: changes, by: context.actor, at: context.now,
            on: tx)
        guard let messageID = mail.requestMessageID, let message = try await RequestMessageModel.find(messageID, on: tx),
            let author = message.authorID
        else { return }
        let number = RequestNumber.format(Int(request.number))
        if request.customerID == nil, try await !RequestQueries.mayKnowUnlinked(queue: request.queueID, person: author, on: tx) {
            return
        }
        try await NotificationStore.add(
            to: author, kind: .mailFailed, textKey: "notify.mailFailed",
            values: [number, mail.to.first?.address ?? "", String(error.prefix(200))],
            subject: .request(requestID, messageID: messageID), about: request.customerID,
            dedupeKey: "mailFailed:\(id.idText)", at: context.now, on: tx)
    }
}
