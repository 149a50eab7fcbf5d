import Crypto
import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Appends to and checks the hash-chained audit trail.
public enum AuditLog {
    /// Appends one entry. Call it inside the transaction of the change it describes, so both commit or neither does.
    public static func append(
        _ action: AuditAction, recordType: String, recordID: String?, changes: AuditChanges = AuditChanges(),
        by actor: AuditActor, at date: Date, on tx: any Database
    ) async throws {
        try await append(
            action: action.rawValue, recordType: recordType, recordID: recordID, changes: changes, by: actor,
            at: date, on: tx)
    }

    public static func append(
        action: String, recordType: String, recordID: String?, changes: AuditChanges, by actor: AuditActor,
        at date: Date, on tx: any Database
    ) async throws {
        if Engine(tx) == .postgres {
            // Entries form one chain; concurrent writers take turns at its end.
            try await (tx as! any SQLDatabase).raw("SELECT pg_advisory_xact_lock(\(literal: lockKey))").run()
        }
        let last = try await AuditEntryModel.query(on: tx).sort(\.$id, .descending).field(\.$id).field(\.$hash)
            .first()
        let content = AuditContent(
            sequence: (last?.id ?? 0) + 1, occurredAtMillis: AuditContent.millis(date), actorID: actor.userID?.uuidString,
            actorLabel: actor.label, action: action, recordType: recordType, recordID: recordID,
            address: actor.address, changes: encode(changes))
        let previous = last?.hash ?? AuditContent.genesisHash
        let entry = AuditEntryModel()
        entry.id = content.sequence
        entry.atMillis = content.occurredAtMillis
        entry.actorID = content.actorID
        entry.actorLabel = content.actorLabel
        entry.action = content.action
        entry.recordType = content.recordType
        entry.recordID = content.recordID
        entry.address = content.address
        entry.changes = content.changes
        entry.previousHash = previous
        entry.hash = hash(content.chainedText(previousHash: previous))
        try await entry.create(on: tx)
    }

    static let lockKey: Int64 = 0x4C49_4155_4449_54

    static func hash(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }

    static func encode(_ changes: AuditChanges) -> String {
        guard !changes.isEmpty else { return "{}" }
        struct Body: Encodable {
            var fields: [String: AuditChanges.Change]?
            var notes: [String: String]?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(
            fields: changes.fields.isEmpty ? nil : changes.fields, notes: changes.notes.isEmpty ? nil : changes.notes)
        return String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
