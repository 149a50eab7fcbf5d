import Crypto
import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Appends to and checks the hash-chained audit trail.
public enum AuditLog {
    /// Appends one entry. Call it inside the transaction of the change it describes, so both commit or neither does.
    public static func append(
        _ action: AuditAction, recordType: AuditRecordType, recordID: String?, changes: AuditChanges = AuditChanges(),
        by actor: AuditActor, at date: Date, on tx: any Database
    ) async throws {
        try await append(
            action: action.rawValue, recordType: recordType.rawValue, recordID: recordID, changes: changes, by: actor,
            at: date, on: tx)
    }

    public static func append(
        action: String, recordType: String, recordID: String?, changes: AuditChanges, by actor: AuditActor,
        at date: Date, on tx: any Database
    ) async throws {
        try await append(
            action: action, recordType: recordType, recordID: recordID, encodedChanges: encode(changes), by: actor,
            at: date, on: tx)
    }

    /// `append` with the changes already encoded (`encode`), for writes that work them out before the write.
    static func append(
        action: String, recordType: String, recordID: String?, encodedChanges: String, by actor: AuditActor,
        at date: Date, on tx: any Database
    ) async throws {
        if Engine(tx) == .postgres {
            // Entries form one chain; concurrent writers take turns at its end.
            try await tx.sql.raw("SELECT pg_advisory_xact_lock(\(literal: lockKey))").run()
        }
        // Fixed statements: this runs in every write, and model reflection would cost more than the statements.
        let last = try await tx.first(Self.chainEnd, []).map(ChainEnd.init(row:))
        let content = AuditContent(
            sequence: (last?.id ?? 0) + 1, occurredAtMillis: AuditContent.millis(date), actorID: actor.userID?.idText,
            actorLabel: actor.label, action: action, recordType: recordType, recordID: recordID,
            address: actor.address, changes: encodedChanges)
        let previous = last.map { Hex.encode($0.hash) } ?? AuditContent.genesisHash
        try await tx.run(
            Self.insert,
            [
                SQLValue(content.sequence), SQLValue(content.occurredAtMillis), SQLValue(content.actorID),
                .text(content.actorLabel), .text(content.action), .text(content.recordType), SQLValue(content.recordID),
                SQLValue(content.address), .text(content.changes),
                .blob(digest(content.chainedText(previousHash: previous))),
            ])
    }

    private static let chainEnd = FixedStatement("SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1")
    private static let insert = FixedStatement(
        """
        INSERT INTO audit_entries (id, at_ms, actor_id, actor_label, action, record_type, record_id, address, changes,
            hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)

    private struct ChainEnd {
        var id: Int64
        var hash: Data

        init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            hash = try row.decode(column: "hash", as: Data.self)
        }
    }

    static let lockKey: Int64 = 0x4C49_4155_4449_54

    /// The SHA-256 hash of an entry's chained text, as stored.
    static func digest(_ text: String) -> Data {
        Data(SHA256.hash(data: Data(text.utf8)))
    }

    static func encode(_ changes: AuditChanges) -> String {
        guard !changes.isEmpty else { return "{}" }
        struct Body: Encodable {
            var fields: [String: AuditChanges.Change]?
            var notes: [String: String]?
        }
        let body = Body(
            fields: changes.fields.isEmpty ? nil : changes.fields, notes: changes.notes.isEmpty ? nil : changes.notes)
        // The same bytes as Foundation's `JSONEncoder` with sorted keys and unescaped slashes (the text is hashed
        // into the chain as stored, so only its stability matters).
        return String(decoding: (try? JSONColumn.encoder.encode(body)) ?? Array("{}".utf8), as: UTF8.self)
    }
}
