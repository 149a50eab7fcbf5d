import FluentKit
import Foundation
import LiaisonCore

/// The outcome of walking the audit chain from its first entry to its last.
public enum AuditVerification: Sendable, Equatable {
    case intact(count: Int)
    /// The first entry that does not fit the chain, and why.
    case broken(entryID: Int64, reason: Reason, checked: Int)

    public enum Reason: String, Sendable {
        /// The entry's content, chained to the entry before, no longer produces its stored hash: the row was
        /// altered, or the entry before was altered and given a hash to match (which breaks this link).
        case hashMismatch
        /// Sequence numbers skip (a row was deleted).
        case missingEntry
        /// The trail ends before the entry the audit anchor recorded (entries at the end were removed).
        case truncated
        /// The entry differs from the one the audit anchor recorded (the trail was rewritten from here or earlier).
        case anchorMismatch
    }
}

extension AuditLog {
    /// Recomputes every hash in order, reading in pages so memory stays flat on long trails.
    public static func verify(on db: any Database, pageSize: Int = 2000) async throws -> AuditVerification {
        var previousHash = AuditContent.genesisHash
        var expectedID: Int64 = 1
        var checked = 0
        while true {
            let page = try await AuditEntryModel.query(on: db).filter(\.$id >= expectedID).sort(\.$id)
                .limit(pageSize).all()
            if page.isEmpty { return .intact(count: checked) }
            for entry in page {
                let id = entry.id ?? 0
                if id != expectedID {
                    return .broken(entryID: id, reason: .missingEntry, checked: checked)
                }
                let content = AuditContent(
                    sequence: id, occurredAtMillis: entry.atMillis, actorID: entry.actorID,
                    actorLabel: entry.actorLabel, action: entry.action, recordType: entry.recordType,
                    recordID: entry.recordID, address: entry.address, changes: entry.changes)
                if digest(content.chainedText(previousHash: previousHash)) != entry.hash {
                    return .broken(entryID: id, reason: .hashMismatch, checked: checked)
                }
                previousHash = Hex.encode(entry.hash)
                expectedID += 1
                checked += 1
            }
        }
    }
}
