import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A message that could not be put on a request, kept raw for an administrator.
public struct QuarantinedMail: Sendable, Equatable {
    public var id: UUID
    public var mailboxID: UUID?
    public var reason: QuarantineReason
    public var detail: String?
    public var messageID: String?
    public var from: String?
    public var subject: String
    public var rawSHA256: String
    public var rawSize: Int
    public var state: QuarantineState
    public var requestID: UUID?
    public var resolvedByID: UUID?
    public var resolvedAt: Date?
    public var version: Int
    public var createdAt: Date
}

/// The quarantine: mail that waits for an administrator, who takes it in again (after adding the sender as a
/// contact, say), puts it on a request, or discards it. Nothing in it is ever answered.
public enum MailQuarantine {
    /// Keeps a message's raw bytes (already in the blob store) with the reason it waits. Returns its id.
    public static func hold(
        rawSHA256: String, rawSize: Int, reason: QuarantineReason, detail: String?, mailbox: UUID?, messageID: String?,
        from: String?, subject: String, in context: WriteContext, on tx: any Database
    ) async throws -> UUID {
        let id = UUID.timeOrdered()
        try await tx.sql.raw(
            """
            INSERT INTO mail_quarantine (id, mailbox_id, reason, detail, message_id, from_address, subject, raw_sha256,
                raw_size, state, version, created_at)
            VALUES (\(bind: id), \(bind: mailbox), \(bind: reason.rawValue), \(bind: detail.map { String($0.prefix(500)) }),
                \(bind: messageID.map { String($0.prefix(500)) }), \(bind: from.map { String($0.prefix(320)) }),
                \(bind: String(subject.prefix(500))), \(bind: rawSHA256), \(bind: rawSize),
                \(bind: QuarantineState.held.rawValue), 1, \(bind: context.now))
            """
        ).run()
        var changes = AuditChanges()
        changes.set("reason", reason.rawValue)
        changes.set("messageId", messageID)
        changes.set("from", from)
        changes.note("sha256", rawSHA256)
        if let detail { changes.note("detail", String(detail.prefix(200))) }
        try await AuditLog.append(
            .mailQuarantined, recordType: .mailQuarantine, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return id
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> QuarantinedMail? {
        try await db.sql.raw("SELECT * FROM mail_quarantine WHERE id = \(bind: id)").first().map(entry(_:))
    }

    /// Entries in a state, newest first, keyset-paged by id.
    public static func list(state: QuarantineState?, page: PageQuery, on db: any Database) async throws
        -> CursorPage<QuarantinedMail>
    {
        var conditions: [SQLQueryString] = []
        if let state { conditions.append("state = \(bind: state.rawValue)") }
        if let after = page.after, let id = UUIDText.parse(after.id) { conditions.append("id < \(bind: id)") }
        let filter: SQLQueryString = conditions.isEmpty
            ? "" : "WHERE " + conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
        let rows = try await db.sql.raw(
            "SELECT * FROM mail_quarantine \(filter) ORDER BY id DESC LIMIT \(literal: page.limit + 1)"
        ).all().map(entry(_:))
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? shown.last.map { Cursor(key: "", id: $0.id.uuidString).encoded } : nil
        return CursorPage(items: shown, nextCursor: next)
    }

    /// How many entries wait.
    public static func heldCount(on db: any Database) async throws -> Int {
        struct Row: Decodable { var n: Int }
        return try await db.sql.raw("SELECT COUNT(*) AS n FROM mail_quarantine WHERE state = 'held'")
            .first(decoding: Row.self)?.n ?? 0
    }

    /// Marks a held entry resolved (released, assigned or discarded), checking its version; audited.
    public static func resolve(
        _ id: UUID, as state: QuarantineState, request: UUID?, expectedVersion: Int?, note: AuditChanges = AuditChanges(),
        in context: WriteContext, on tx: any Database
    ) async throws -> QuarantinedMail {
        guard let entry = try await find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != entry.version {
            throw DataError.staleVersion(current: entry.version)
        }
        guard entry.state == .held else { throw DataError.conflict(reason: "notHeld") }
        try await tx.sql.raw(
            """
            UPDATE mail_quarantine SET state = \(bind: state.rawValue), request_id = \(bind: request),
                resolved_by = \(bind: context.actor.userID), resolved_at = \(bind: context.now), version = version + 1
            WHERE id = \(bind: id)
            """
        ).run()
        var changes = note
        changes.field("state", from: entry.state.rawValue, to: state.rawValue)
        if let request { changes.set("requestId", request.idText) }
        let action: AuditAction = switch state {
        case .released: .quarantineReleased
        case .assigned: .quarantineAssigned
        case .discarded, .held: .quarantineDiscarded
        }
        try await AuditLog.append(
            action, recordType: .mailQuarantine, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        guard let resolved = try await find(id, on: tx) else { throw DataError.notFound }
        return resolved
    }

    static func entry(_ row: any SQLRow) throws -> QuarantinedMail {
        QuarantinedMail(
            id: try row.uuid("id"), mailboxID: try row.optionalUUID("mailbox_id"),
            reason: QuarantineReason(rawValue: try row.decode(column: "reason", as: String.self)) ?? .unreadable,
            detail: try row.optional("detail", String.self), messageID: try row.optional("message_id", String.self),
            from: try row.optional("from_address", String.self), subject: try row.decode(column: "subject", as: String.self),
            rawSHA256: try row.decode(column: "raw_sha256", as: String.self),
            rawSize: Int(try row.decode(column: "raw_size", as: Int64.self)),
            state: QuarantineState(rawValue: try row.decode(column: "state", as: String.self)) ?? .held,
            requestID: try row.optionalUUID("request_id"), resolvedByID: try row.optionalUUID("resolved_by"),
            resolvedAt: try row.optional("resolved_at", Date.self), version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
