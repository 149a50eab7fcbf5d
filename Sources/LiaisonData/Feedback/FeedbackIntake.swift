import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The public feedback form's one write: a `feedback` request on the web-form channel in the settings' queue, for
/// the contact (and its customer) whose email or phone it gives, else without a customer; the optional file on its
/// opening message; and, when an address was given, the acknowledgment mail's job.
public enum FeedbackIntake {
    public static let acknowledgementJobKind = "feedback.acknowledge"

    /// A file already in the blob store, to be recorded on the request's opening message.
    public struct StoredFile: Sendable {
        public var filename: String
        public var mime: String
        public var sha256: String
        public var size: Int

        public init(filename: String, mime: String, sha256: String, size: Int) {
            self.filename = filename
            self.mime = mime
            self.sha256 = sha256
            self.size = size
        }
    }

    public struct Accepted: Sendable, Equatable {
        public var requestID: UUID
        public var number: Int64
        /// Whether the request is linked to a known contact (never shown to the sender).
        public var linked: Bool
        /// The form's stamp had opened this request already: nothing new was stored.
        public var repeated: Bool = false
    }

    /// How long a posted stamp is kept (a stamp is good for a day).
    public static let stampRetention: TimeInterval = 2 * 86_400

    /// The acknowledgment job's payload.
    public struct Acknowledgement: Codable, Sendable, Equatable {
        public var requestId: UUID
        public var email: String
        public var name: String
        public var locale: String
    }

    /// The live contact whose email (else phone) this is: the one whose customer was in touch most recently.
    public static func contact(email: EmailAddress?, phone: String?, on db: any Database) async throws
        -> (contactID: UUID, customerID: UUID)?
    {
        var keys: [(String, String)] = []
        if let email { keys.append(("email", email.value.lowercased())) }
        if let phone {
            let digits = ContactIdentity.normalisePhone(phone)
            if !digits.isEmpty { keys.append(("phone", digits)) }
        }
        struct Row: Decodable { var contact_id: UUID; var customer_id: UUID }
        for (kind, value) in keys {
            if let row = try await db.sql.raw(
                """
                SELECT i.contact_id, i.customer_id FROM contact_identities i
                JOIN contacts k ON k.id = i.contact_id JOIN customers c ON c.id = i.customer_id
                WHERE i.kind = \(bind: kind) AND i.value = \(bind: value) AND k.deleted_at IS NULL AND c.deleted_at IS NULL
                ORDER BY c.last_activity_at DESC, k.created_at ASC, k.id ASC LIMIT 1
                """
            ).first(decoding: Row.self) {
                return (row.contact_id, row.customer_id)
            }
        }
        return nil
    }

    /// The request's SLA clocks worked out before the write (off SQLite's one writer thread), for the tier of the
    /// contact's customer as read then; the write uses them while that tier still holds.
    public struct Prepared: Sendable {
        let tier: String
        let clocks: RequestCommands.Clocks
    }

    public static func prepare(
        contact: (contactID: UUID, customerID: UUID)?, in context: WriteContext, on db: any Database
    ) async -> Prepared? {
        do {
            var tier = CustomerTier.standard.rawValue
            if let contact, let customer = try await CustomerRow.find(contact.customerID, on: db) { tier = customer.tier }
            let slaContext = try await SLAContext.load(
                policyID: nil, by: context.actor, at: context.now, on: db, creatingDefault: false)
            let clocks = try RequestCommands.Clocks(
                kind: .feedback, priority: .normal, tier: tier, slaContext: slaContext, in: context)
            return Prepared(tier: tier, clocks: clocks)
        } catch {
            return nil
        }
    }

    /// Opens the request. `contact` comes from `contact(email:phone:)`, read before the write; a contact deleted
    /// since is ignored. `stamp`, the form's nonce, is recorded with the request: a second post of the same form
    /// answers the first one's request and stores nothing (`repeated`), whichever server it reaches.
    public static func take(
        _ feedback: ValidFeedback, stamp: String?, contact: (contactID: UUID, customerID: UUID)?, queueID: UUID?,
        file: StoredFile?, locale: AppLocale, prepared: Prepared? = nil, in context: WriteContext, on tx: any Database
    ) async throws -> Accepted {
        if let stamp {
            // Claimed in this transaction; on PostgreSQL a concurrent claim of the same stamp waits for this one.
            let claimed = try await tx.sql.raw(
                """
                INSERT INTO feedback_stamps (nonce, created_at) VALUES (\(bind: stamp), \(bind: context.now))
                ON CONFLICT (nonce) DO NOTHING RETURNING nonce
                """
            ).first()
            if claimed == nil {
                struct Row: Decodable { var request_id: UUID?; var number: Int64? }
                let first = try await tx.sql.raw(
                    "SELECT request_id, number FROM feedback_stamps WHERE nonce = \(bind: stamp)"
                ).first(decoding: Row.self)
                guard let requestID = first?.request_id, let number = first?.number else {
                    throw DataError.conflict(reason: "feedbackInFlight")
                }
                return Accepted(requestID: requestID, number: number, linked: false, repeated: true)
            }
        }
        let accepted = try await open(
            feedback, contact: contact, queueID: queueID, file: file, locale: locale, prepared: prepared, in: context,
            on: tx)
        if let stamp {
            try await tx.sql.raw(
                """
                UPDATE feedback_stamps SET request_id = \(bind: accepted.requestID), number = \(bind: accepted.number)
                WHERE nonce = \(bind: stamp)
                """
            ).run()
        }
        return accepted
    }

    /// Forgets the stamps posted before `cutoff`; answers how many.
    public static func purgeStamps(before cutoff: Date, on tx: any Database) async throws -> Int {
        struct Row: Decodable { var count: Int }
        let count = try await tx.sql.raw("SELECT COUNT(*) AS count FROM feedback_stamps WHERE created_at < \(bind: cutoff)")
            .first(decoding: Row.self)?.count ?? 0
        if count > 0 {
            try await tx.sql.raw("DELETE FROM feedback_stamps WHERE created_at < \(bind: cutoff)").run()
        }
        return count
    }

    private static func open(
        _ feedback: ValidFeedback, contact: (contactID: UUID, customerID: UUID)?, queueID: UUID?, file: StoredFile?,
        locale: AppLocale, prepared: Prepared?, in context: WriteContext, on tx: any Database
    ) async throws -> Accepted {
        var queue = queueID
        if let id = queue, try await DepartmentModel.find(id, on: tx) == nil { queue = nil }
        var customer: CustomerRow?
        var contactID: UUID?
        if let contact, try await CustomerRow.customerID(ofContact: contact.contactID, on: tx) == contact.customerID {
            customer = try await CustomerRow.find(contact.customerID, on: tx)
            contactID = customer == nil ? nil : contact.contactID
        }
        let tier = customer?.tier ?? CustomerTier.standard.rawValue
        let clocks: RequestCommands.Clocks
        if let prepared, prepared.tier == tier {
            clocks = prepared.clocks
        } else {
            let slaContext = try await SLAContext.load(policyID: nil, by: context.actor, at: context.now, on: tx)
            clocks = try RequestCommands.Clocks(
                kind: .feedback, priority: .normal, tier: tier, slaContext: slaContext, in: context)
        }
        let model = RequestModel()
        model.customerID = customer?.id
        model.contactID = contactID
        model.kind = RequestKind.feedback.rawValue
        model.priority = Priority.normal.rawValue
        model.channel = Channel.webForm.rawValue
        model.subject = feedback.subject
        model.queueID = queue
        let body = body(of: feedback)
        let (request, messageID) = try await RequestCommands.open(
            model, clocks: clocks, body: body, plainBody: Markdown.plainText(body), fromOutside: true,
            customer: customer, document: nil, in: context, on: tx)
        guard let requestID = request.id else { throw DataError.notFound }
        if let file {
            _ = try await AttachmentCommands.create(
                customerID: customer?.id, interactionID: nil, messageID: messageID, filename: file.filename,
                mime: file.mime, sha256: file.sha256, size: file.size, by: context.actor, at: context.now, on: tx)
        }
        if let email = feedback.email {
            let payload = Acknowledgement(
                requestId: requestID, email: email.value, name: feedback.name, locale: locale.rawValue)
            try await JobQueue.enqueue(
                kind: acknowledgementJobKind, payload: JSONColumn.encode(payload), runAt: context.now,
                uniqueKey: requestID.idText, maxAttempts: 6, now: context.now, on: tx)
        }
        return Accepted(requestID: requestID, number: request.number, linked: customer != nil)
    }

    /// The opening message: who wrote and how to reach them, then their words, all as literal text (nothing they
    /// typed becomes a link, a heading or markup).
    static func body(of feedback: ValidFeedback) -> String {
        var lines = [Markdown.literal(feedback.name) + (feedback.company.map { " · " + Markdown.literal($0) } ?? "")]
        if let email = feedback.email { lines.append(Markdown.literal(email.value)) }
        if let phone = feedback.phone { lines.append(Markdown.literal(phone)) }
        return lines.joined(separator: "  \n") + "\n\n" + Markdown.literal(feedback.message)
    }
}

extension RequestQueries {
    /// A request's human number, whoever asks (for mail to the person who opened it).
    public static func number(of id: UUID, on db: any Database) async throws -> Int? {
        try await RequestModel.load(id, on: db).map { Int($0.number) }
    }
}
