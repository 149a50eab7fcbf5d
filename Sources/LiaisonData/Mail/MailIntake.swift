import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The mailbox a message came in for: where a new request from it waits.
public struct MailboxRoute: Sendable, Equatable {
    public var id: UUID
    public var departmentID: UUID

    public init(id: UUID, departmentID: UUID) {
        self.id = id
        self.departmentID = departmentID
    }

    /// The key a Message-ID is unique under: the mailbox, or "-" for mail that came in for none.
    static func scope(_ route: MailboxRoute?) -> String { route?.id.idText ?? "-" }
}

/// Limits of taking mail in.
public struct MailIntakeSettings: Sendable, Equatable {
    /// Messages one sender may send in an hour before the rest wait in quarantine.
    public var senderLimitPerHour: Int
    /// How long after its last change an open request still takes a reply matched by sender and subject alone.
    public var subjectMatchWindow: TimeInterval

    public init(senderLimitPerHour: Int = 60, subjectMatchWindow: TimeInterval = 30 * 86_400) {
        self.senderLimitPerHour = senderLimitPerHour
        self.subjectMatchWindow = subjectMatchWindow
    }
}

/// Taking one received message in, in one write: it joins the request it answers, opens a request for its sender's
/// customer (or, from an unknown sender, a request without a customer in the mailbox's queue), or waits in
/// quarantine; a message taken before is recognised and stored once.
///
/// A reply is matched to its request by, in order: the ids it answers (In-Reply-To, then References) among the
/// mail stored; the "[R-000123]" tag in its subject; its sender and subject (without "Re:", "回复：" and the like)
/// among the open requests of the sender's customers changed in the last 30 days. A match is kept only when the
/// sender may write on that request: a contact of the request's customer, or, on a request without a customer, the
/// address that wrote it. Anything else (a forged In-Reply-To pointing at another customer's request, a colleague
/// writing from an address nobody registered) is refused and waits in quarantine, so that no message lands on a
/// customer it does not belong to.
///
/// An address that belongs to contacts of several customers: the request answered decides; with none, the contact
/// whose customer was in touch most recently (then the contact registered first), and the audit entry says so.
public enum MailIntake {
    public static func take(
        _ mail: InboundMail, mailbox: MailboxRoute?, ownAddresses: Set<String>, settings: MailIntakeSettings,
        in context: WriteContext, on tx: any Database
    ) async throws -> MailIntake.Result {
        let scope = MailboxRoute.scope(mailbox)
        if let existing = try await MailStore.find(messageID: mail.messageID, scope: scope, on: tx) {
            if existing.direction == .outbound { return .init(outcome: .ownMessage) }
            return .init(outcome: .duplicate(request: existing.requestID, message: existing.requestMessageID))
        }
        if try await MailStore.isOutbound(messageID: mail.messageID, on: tx) { return .init(outcome: .ownMessage) }
        if let held = try await MailStore.heldQuarantine(rawSHA256: mail.rawSHA256, on: tx) {
            return .init(outcome: .duplicate(request: nil, message: nil), quarantineID: held)
        }
        guard let sender = mail.from, InboundMailChecks.isAddress(sender.address) else {
            return try await quarantine(mail, .noSender, detail: nil, mailbox: mailbox, in: context, on: tx)
        }
        if ownAddresses.contains(sender.key) || mail.sentByUs {
            return try await quarantine(mail, .loop, detail: sender.address, mailbox: mailbox, in: context, on: tx)
        }
        let since = context.now.addingTimeInterval(-3600)
        if try await MailStore.countReceived(from: sender.key, since: since, on: tx) >= settings.senderLimitPerHour {
            return try await quarantine(
                mail, .rateLimited, detail: "\(settings.senderLimitPerHour)/h", mailbox: mailbox, in: context, on: tx)
        }
        let contacts = try await senderContacts(sender.key, on: tx)
        var note = AuditChanges()
        if Set(contacts.map(\.customerID)).count > 1 { note.note("sharedAddress", String(contacts.count)) }

        if let thread = try await threadMatch(mail, sender: sender.key, contacts: contacts, settings: settings, in: context, on: tx) {
            guard let request = try await RequestModel.load(thread.requestID, on: tx) else {
                return try await quarantine(mail, .rejected, detail: nil, mailbox: mailbox, in: context, on: tx)
            }
            let contact: UUID?
            if let customer = request.customerID {
                guard let match = contacts.first(where: { $0.customerID == customer }) else {
                    return try await quarantine(
                        mail, .threadRefused, detail: "\(RequestNumber.format(Int(request.number))) \(thread.by)",
                        mailbox: mailbox, in: context, on: tx)
                }
                contact = match.contactID
            } else {
                guard try await MailStore.hasWritten(sender.key, on: request.id!, on: tx) else {
                    return try await quarantine(
                        mail, .threadRefused, detail: "\(RequestNumber.format(Int(request.number))) \(thread.by)",
                        mailbox: mailbox, in: context, on: tx)
                }
                contact = nil
            }
            if (RequestStatus(rawValue: request.status) ?? .open) != .closed {
                let message = RequestConversation.NewMessage(
                    visibility: .public, channel: .email, body: body(of: mail), contactID: contact, fromOutside: true,
                    automatic: mail.automatic != nil)
                let added = try await RequestConversation.add(message, to: request, in: context, on: tx)
                try await store(
                    mail, scope: scope, mailbox: mailbox, requestID: request.id!, messageID: added.id,
                    customerID: request.customerID, in: context, on: tx)
                note.note("matchedBy", thread.by)
                try await audit(mail, .mailReceived, request: request.id!, note: note, in: context, on: tx)
                return .init(outcome: .joined(request: request.id!, message: added.id))
            }
            note.note("followUpOf", RequestNumber.format(Int(request.number)))
            if mail.automatic != nil {
                return try await quarantine(
                    mail, .automatic, detail: mail.automatic, mailbox: mailbox, in: context, on: tx)
            }
            // A closed request takes no messages: the reply opens a new request, noted as its follow-up.
            return try await open(
                mail, contact: contacts.first(where: { $0.customerID == request.customerID }), mailbox: mailbox,
                scope: scope, note: note, in: context, on: tx)
        }
        if let reason = mail.automatic {
            return try await quarantine(mail, .automatic, detail: reason, mailbox: mailbox, in: context, on: tx)
        }
        if contacts.count > 1 { note.note("contactChosen", "mostRecentCustomer") }
        return try await open(mail, contact: contacts.first, mailbox: mailbox, scope: scope, note: note, in: context, on: tx)
    }

    public struct Result: Sendable, Equatable {
        public var outcome: MailIntake.Outcome
        /// The quarantine entry an earlier copy of the same bytes waits in.
        public var quarantineID: UUID?

        init(outcome: MailIntake.Outcome, quarantineID: UUID? = nil) {
            self.outcome = outcome
            self.quarantineID = quarantineID
        }
    }

    public typealias Outcome = MailIntakeOutcome

    /// A contact with this address, and its customer.
    struct SenderContact: Sendable, Equatable {
        var contactID: UUID
        var customerID: UUID
    }

    /// The live contacts with this address, the one whose customer was in touch most recently first.
    static func senderContacts(_ address: String, on db: any Database) async throws -> [SenderContact] {
        struct Row: Decodable { var contact_id: UUID; var customer_id: UUID }
        return try await db.sql.raw(
            """
            SELECT i.contact_id, i.customer_id FROM contact_identities i
            JOIN contacts k ON k.id = i.contact_id JOIN customers c ON c.id = i.customer_id
            WHERE i.kind = 'email' AND i.value = \(bind: address) AND k.deleted_at IS NULL AND c.deleted_at IS NULL
            ORDER BY c.last_activity_at DESC, k.created_at ASC, k.id ASC
            """
        ).all(decoding: Row.self).map { SenderContact(contactID: $0.contact_id, customerID: $0.customer_id) }
    }

    struct Thread {
        var requestID: UUID
        /// "inReplyTo", "subjectTag" or "senderSubject".
        var by: String
    }

    static func threadMatch(
        _ mail: InboundMail, sender: String, contacts: [SenderContact], settings: MailIntakeSettings,
        in context: WriteContext, on tx: any Database
    ) async throws -> Thread? {
        let answered = mail.answeredIDs
        if !answered.isEmpty, let request = try await MailStore.request(answering: answered, on: tx) {
            return Thread(requestID: try await surviving(request, on: tx), by: "inReplyTo")
        }
        if let number = mail.subjectNumber, let request = try await requestID(number: number, on: tx) {
            return Thread(requestID: try await surviving(request, on: tx), by: "subjectTag")
        }
        guard !mail.threadSubject.isEmpty else { return nil }
        let since = context.now.addingTimeInterval(-settings.subjectMatchWindow)
        let open: SQLQueryString = "r.status IN ('new', 'open', 'waitingOnCustomer')"
        struct Row: Decodable { var id: UUID }
        let row: Row?
        if contacts.isEmpty {
            row = try await tx.sql.raw(
                """
                SELECT r.id FROM requests r
                WHERE r.customer_id IS NULL AND \(open) AND r.updated_at >= \(bind: since)
                    AND LOWER(r.subject) = \(bind: mail.threadSubject)
                    AND EXISTS (SELECT 1 FROM mail_messages m WHERE m.request_id = r.id AND m.direction = 'inbound'
                        AND m.from_address = \(bind: sender))
                ORDER BY r.updated_at DESC LIMIT 1
                """
            ).first(decoding: Row.self)
        } else {
            row = try await tx.sql.raw(
                """
                SELECT r.id FROM requests r
                WHERE r.customer_id IN (\(binds: Array(Set(contacts.map(\.customerID))))) AND \(open)
                    AND r.updated_at >= \(bind: since) AND LOWER(r.subject) = \(bind: mail.threadSubject)
                ORDER BY r.updated_at DESC LIMIT 1
                """
            ).first(decoding: Row.self)
        }
        return row.map { Thread(requestID: $0.id, by: "senderSubject") }
    }

    private static func requestID(number: Int, on db: any Database) async throws -> UUID? {
        struct Row: Decodable { var id: UUID }
        return try await db.sql.raw("SELECT id FROM requests WHERE number = \(bind: number)").first(decoding: Row.self)?.id
    }

    /// The request a merged one now lives in (a merge keeps a pointer; a few hops at most).
    private static func surviving(_ id: UUID, on db: any Database) async throws -> UUID {
        var current = id
        for _ in 0..<5 {
            guard let request = try await RequestModel.load(current, on: db), let next = request.mergedIntoID else {
                return current
            }
            current = next
        }
        return current
    }

    /// Opens a request with the message: for the contact's customer, or without a customer in the mailbox's queue.
    private static func open(
        _ mail: InboundMail, contact: SenderContact?, mailbox: MailboxRoute?, scope: String, note: AuditChanges,
        in context: WriteContext, on tx: any Database
    ) async throws -> MailIntake.Result {
        let subject = subject(of: mail)
        let text = body(of: mail)
        let opened: (request: RequestModel, messageID: UUID)
        if let contact {
            let input = ValidRequest(
                customerID: contact.customerID, contactID: contact.contactID, kind: .inquiry, priority: .normal,
                channel: .email, subject: subject, body: text, queueID: mailbox?.departmentID, assigneeID: nil)
            let created = try await RequestCommands.create(input, in: context, on: tx)
            guard let model = try await RequestModel.load(created.id, on: tx),
                let first = try await MailStore.openingMessage(of: created.id, on: tx)
            else { throw DataError.notFound }
            opened = (model, first)
        } else {
            opened = try await RequestCommands.openWithoutCustomer(
                subject: subject, body: text, plainBody: Markdown.plainText(text), queueID: mailbox?.departmentID,
                in: context, on: tx)
        }
        let requestID = opened.request.id!
        try await store(
            mail, scope: scope, mailbox: mailbox, requestID: requestID, messageID: opened.messageID,
            customerID: opened.request.customerID, in: context, on: tx)
        try await audit(mail, .mailReceived, request: requestID, note: note, in: context, on: tx)
        return .init(outcome: .opened(request: requestID, message: opened.messageID))
    }

    /// The request's subject: the mail's without reply prefixes, or a stand-in.
    static func subject(of mail: InboundMail) -> String {
        let subject = mail.requestSubject.trimmed()
        let cut = String(subject.prefix(200))
        return cut.isEmpty ? "(无主题 / no subject)" : cut
    }

    /// The message's body on the request: the sender's text shown as written (never as markup), or a stand-in.
    static func body(of mail: InboundMail) -> String {
        var text = mail.text.trimmed()
        if text.count > 90_000 { text = String(text.prefix(90_000)) + "\n…" }
        if text.isEmpty {
            return mail.files.isEmpty ? "(空邮件 / empty message)" : "(见附件 / see the attachments)"
        }
        return Markdown.literal(text)
    }

    /// The mail's own row, with its headers and raw bytes, and its files as the message's attachments.
    static func store(
        _ mail: InboundMail, scope: String, mailbox: MailboxRoute?, requestID: UUID, messageID: UUID,
        customerID: UUID?, in context: WriteContext, on tx: any Database
    ) async throws {
        try await MailStore.insert(
            .init(
                id: UUID.timeOrdered(), mailboxID: mailbox?.id, scope: scope, direction: .inbound, messageID: mail.messageID,
                inReplyTo: mail.inReplyTo.first, references: mail.references, from: mail.from, to: mail.to, cc: mail.cc,
                subject: mail.subject, date: mail.date, requestID: requestID, requestMessageID: messageID,
                automatic: mail.automatic, quoted: mail.quoted, rawSHA256: mail.rawSHA256, rawSize: mail.rawSize,
                state: .received, createdAt: context.now),
            on: tx)
        for file in mail.files {
            _ = try await AttachmentCommands.create(
                customerID: customerID, interactionID: nil, messageID: messageID, filename: file.filename,
                mime: file.mediaType, sha256: file.sha256, size: file.size, by: context.actor, at: context.now, on: tx)
        }
    }

    static func audit(
        _ mail: InboundMail, _ action: AuditAction, request: UUID?, note: AuditChanges, in context: WriteContext,
        on tx: any Database
    ) async throws {
        var changes = note
        changes.set("messageId", mail.messageID)
        changes.set("from", mail.from?.address)
        if let request { changes.set("requestId", request.idText) }
        if let automatic = mail.automatic { changes.note("automatic", automatic) }
        if !mail.defects.isEmpty { changes.note("defects", String(mail.defects.count)) }
        try await AuditLog.append(
            action, recordType: .mail, recordID: mail.rawSHA256, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    static func quarantine(
        _ mail: InboundMail, _ reason: QuarantineReason, detail: String?, mailbox: MailboxRoute?,
        in context: WriteContext, on tx: any Database
    ) async throws -> MailIntake.Result {
        let id = try await MailQuarantine.hold(
            rawSHA256: mail.rawSHA256, rawSize: mail.rawSize, reason: reason, detail: detail, mailbox: mailbox?.id,
            messageID: mail.messageID, from: mail.from?.address, subject: mail.subject, in: context, on: tx)
        return .init(outcome: .quarantined(id: id, reason: reason))
    }
}

extension MailIntake {
    /// Puts a quarantined message on a request chosen by an administrator: a message from the sender (its contact
    /// when the sender is one of the request's customer's), recorded with its mail; the entry is resolved as
    /// assigned. Nothing is refused for the sender's sake: the administrator decided.
    public static func assign(
        _ mail: InboundMail, quarantined entryID: UUID, to requestID: UUID, expectedVersion: Int?, mailbox: MailboxRoute?,
        in context: WriteContext, on tx: any Database
    ) async throws -> RequestMessage {
        guard let request = try await RequestModel.load(requestID, on: tx) else {
            throw ValidationFailure([ValidationIssue("requestId", "invalidReference")])
        }
        guard (RequestStatus(rawValue: request.status) ?? .open) != .closed else {
            throw DataError.conflict(reason: "requestClosed")
        }
        let contacts = try await senderContacts(mail.from?.key ?? "", on: tx)
        let contact = request.customerID.flatMap { customer in contacts.first { $0.customerID == customer }?.contactID }
        let message = RequestConversation.NewMessage(
            visibility: .public, channel: .email, body: body(of: mail), contactID: contact, fromOutside: true,
            automatic: mail.automatic != nil)
        let added = try await RequestConversation.add(message, to: request, in: context, on: tx)
        let scope = MailboxRoute.scope(mailbox)
        let existing = try await MailStore.find(messageID: mail.messageID, scope: scope, on: tx)
        try await store(
            mail, scope: existing == nil ? scope : "quarantine:\(entryID.idText)", mailbox: mailbox, requestID: requestID,
            messageID: added.id, customerID: request.customerID, in: context, on: tx)
        _ = try await MailQuarantine.resolve(
            entryID, as: .assigned, request: requestID, expectedVersion: expectedVersion, in: context, on: tx)
        return added
    }
}

/// Checks on what a message says of itself.
public enum InboundMailChecks {
    /// local@domain, nothing that cannot be in an address.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254 else { return false }
        return !text.unicodeScalars.contains { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0 == "," || $0 == "\u{7F}" }
    }
}
