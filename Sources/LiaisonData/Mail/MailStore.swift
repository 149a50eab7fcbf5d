import FluentKit
import Foundation
import LiaisonCore
import SQLKit

public enum MailDirection: String, Sendable, Codable {
    case inbound
    case outbound
}

/// A message as mail, beside the request message it became (or, for our own, came from).
public struct MailRecord: Sendable, Equatable {
    public var id: UUID
    public var mailboxID: UUID?
    public var scope: String
    public var direction: MailDirection
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var from: InboundMail.Address?
    public var to: [InboundMail.Address]
    public var cc: [InboundMail.Address]
    public var subject: String
    public var date: Date?
    public var requestID: UUID?
    public var requestMessageID: UUID?
    public var automatic: String?
    public var quoted: String?
    public var rawSHA256: String?
    public var rawSize: Int
    public var state: MailDeliveryState
    public var attempts: Int = 0
    public var lastError: String?
    public var sentAt: Date?
    public var createdAt: Date
}

/// The `mail_messages` table.
public enum MailStore {
    static func insert(_ record: MailRecord, on tx: any Database) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO mail_messages (id, mailbox_id, scope, direction, message_id, in_reply_to, reference_ids,
                from_address, from_name, to_addresses, cc_addresses, subject, sent_date, request_id, request_message_id,
                automatic, quoted, raw_sha256, raw_size, state, attempts, last_error, sent_at, created_at)
            VALUES (\(bind: record.id), \(bind: record.mailboxID), \(bind: record.scope), \(bind: record.direction.rawValue),
                \(bind: record.messageID), \(bind: record.inReplyTo), \(bind: record.references.joined(separator: " ")),
                \(bind: record.from?.key), \(bind: record.from?.name), \(bind: encode(record.to)), \(bind: encode(record.cc)),
                \(bind: record.subject), \(bind: record.date), \(bind: record.requestID), \(bind: record.requestMessageID),
                \(bind: record.automatic), \(bind: record.quoted), \(bind: record.rawSHA256), \(bind: record.rawSize),
                \(bind: record.state.rawValue), \(bind: record.attempts), \(bind: record.lastError), \(bind: record.sentAt),
                \(bind: record.createdAt))
            """
        ).run()
    }

    /// The message with this Message-ID in this mailbox.
    static func find(messageID: String, scope: String, on db: any Database) async throws -> MailRecord? {
        try await db.sql.raw(
            "SELECT * FROM mail_messages WHERE scope = \(bind: scope) AND message_id = \(bind: messageID)"
        ).first().map(record(_:))
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> MailRecord? {
        try await db.sql.raw("SELECT * FROM mail_messages WHERE id = \(bind: id)").first().map(record(_:))
    }

    /// Whether we sent a message with this id (from any mailbox): it must never come back in as new mail.
    static func isOutbound(messageID: String, on db: any Database) async throws -> Bool {
        try await db.sql.raw(
            "SELECT 1 AS found FROM mail_messages WHERE message_id = \(bind: messageID) AND direction = 'outbound'"
        ).first() != nil
    }

    /// The request of the first of `ids` (nearest first) that names a stored message on a request.
    static func request(answering ids: [String], on db: any Database) async throws -> UUID? {
        struct Row: Decodable { var message_id: String; var request_id: UUID }
        let wanted = Array(ids.prefix(50))
        let rows = try await db.sql.raw(
            """
            SELECT message_id, request_id FROM mail_messages
            WHERE message_id IN (\(binds: wanted)) AND request_id IS NOT NULL
            """
        ).all(decoding: Row.self)
        let byID = Dictionary(rows.map { ($0.message_id, $0.request_id) }, uniquingKeysWith: { first, _ in first })
        return wanted.lazy.compactMap { byID[$0] }.first
    }

    /// Messages received from a sender since a moment (the rate limit).
    static func countReceived(from sender: String, since: Date, on db: any Database) async throws -> Int {
        struct Row: Decodable { var n: Int }
        return try await db.sql.raw(
            """
            SELECT COUNT(*) AS n FROM mail_messages
            WHERE from_address = \(bind: sender) AND direction = 'inbound' AND created_at >= \(bind: since)
            """
        ).first(decoding: Row.self)?.n ?? 0
    }

    /// Whether an address wrote on a request before (who may go on writing on a request without a customer).
    static func hasWritten(_ sender: String, on requestID: UUID, on db: any Database) async throws -> Bool {
        try await db.sql.raw(
            """
            SELECT 1 AS found FROM mail_messages
            WHERE request_id = \(bind: requestID) AND direction = 'inbound' AND from_address = \(bind: sender)
            """
        ).first() != nil
    }

    /// The address that first wrote on a request (where replies on a request without a customer go).
    public static func firstSender(of requestID: UUID, on db: any Database) async throws -> InboundMail.Address? {
        struct Row: Decodable { var from_address: String; var from_name: String? }
        return try await db.sql.raw(
            """
            SELECT from_address, from_name FROM mail_messages
            WHERE request_id = \(bind: requestID) AND direction = 'inbound' AND from_address IS NOT NULL
            ORDER BY created_at, id LIMIT 1
            """
        ).first(decoding: Row.self).map { InboundMail.Address(name: $0.from_name, address: $0.from_address) }
    }

    /// The message a request was opened with.
    static func openingMessage(of requestID: UUID, on db: any Database) async throws -> UUID? {
        struct Row: Decodable { var id: UUID }
        return try await db.sql.raw(
            "SELECT id FROM request_messages WHERE request_id = \(bind: requestID) AND opening = 1"
        ).first(decoding: Row.self)?.id
    }

    /// An entry in quarantine that still holds these bytes.
    static func heldQuarantine(rawSHA256: String, on db: any Database) async throws -> UUID? {
        struct Row: Decodable { var id: UUID }
        return try await db.sql.raw(
            "SELECT id FROM mail_quarantine WHERE raw_sha256 = \(bind: rawSHA256) AND state = 'held'"
        ).first(decoding: Row.self)?.id
    }

    /// The mail of one request message.
    public static func find(requestMessage id: UUID, on db: any Database) async throws -> MailRecord? {
        try await db.sql.raw("SELECT * FROM mail_messages WHERE request_message_id = \(bind: id)").first().map(record(_:))
    }

    /// The mail rows of a request's messages, by request message.
    public static func byMessage(of requestID: UUID, on db: any Database) async throws -> [UUID: MailRecord] {
        let rows = try await db.sql.raw(
            "SELECT * FROM mail_messages WHERE request_id = \(bind: requestID) AND request_message_id IS NOT NULL"
        ).all().map(record(_:))
        return Dictionary(rows.compactMap { row in row.requestMessageID.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    }

    /// The newest mail of a request that a person wrote (else the newest of any), for a reply's In-Reply-To and
    /// References and the mailbox it came through: a reply answers the customer, not an acknowledgement or an
    /// out-of-office.
    static func latest(of requestID: UUID, on db: any Database) async throws -> MailRecord? {
        try await db.sql.raw(
            """
            SELECT * FROM mail_messages WHERE request_id = \(bind: requestID) AND state <> 'failed'
            ORDER BY CASE WHEN automatic IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT 1
            """
        ).first().map(record(_:))
    }

    static func encode(_ addresses: [InboundMail.Address]) -> String {
        JSONColumn.encode(addresses.map { [$0.name ?? "", $0.address] })
    }

    static func decodeAddresses(_ text: String) -> [InboundMail.Address] {
        guard let pairs = try? JSONDecoder().decode([[String]].self, from: Data(text.utf8)) else { return [] }
        return pairs.compactMap { pair in
            guard pair.count == 2 else { return nil }
            return InboundMail.Address(name: pair[0].isEmpty ? nil : pair[0], address: pair[1])
        }
    }

    static func record(_ row: any SQLRow) throws -> MailRecord {
        let fromAddress = try row.optional("from_address", String.self)
        let fromName = try row.optional("from_name", String.self)
        let references = try row.decode(column: "reference_ids", as: String.self)
        return MailRecord(
            id: try row.uuid("id"), mailboxID: try row.optionalUUID("mailbox_id"),
            scope: try row.decode(column: "scope", as: String.self),
            direction: MailDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound,
            messageID: try row.decode(column: "message_id", as: String.self),
            inReplyTo: try row.optional("in_reply_to", String.self),
            references: references.split(separator: " ").map(String.init),
            from: fromAddress.map { InboundMail.Address(name: fromName, address: $0) },
            to: decodeAddresses(try row.decode(column: "to_addresses", as: String.self)),
            cc: decodeAddresses(try row.decode(column: "cc_addresses", as: String.self)),
            subject: try row.decode(column: "subject", as: String.self), date: try row.optional("sent_date", Date.self),
            requestID: try row.optionalUUID("request_id"), requestMessageID: try row.optionalUUID("request_message_id"),
            automatic: try row.optional("automatic", String.self), quoted: try row.optional("quoted", String.self),
            rawSHA256: try row.optional("raw_sha256", String.self),
            rawSize: Int(try row.decode(column: "raw_size", as: Int64.self)),
            state: MailDeliveryState(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed,
            attempts: try row.decode(column: "attempts", as: Int.self), lastError: try row.optional("last_error", String.self),
            sentAt: try row.optional("sent_at", Date.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
