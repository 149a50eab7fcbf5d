import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A record, kept outside the database, of how far the audit trail reached and the hash of its last entry then.
/// The hash chain shows any altered or removed entry *between* others, but not entries cut off at the end, nor a
/// trail rewritten from some point on with fresh hashes; comparing with an anchor taken earlier shows both.
public struct AuditAnchor: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var hash: String
    public var recordedAt: Date

    public init(sequence: Int64, hash: String, recordedAt: Date) {
        self.sequence = sequence
        self.hash = hash
        self.recordedAt = recordedAt
    }
}

extension AuditAnchor {
    /// An anchor copied elsewhere, as the log line gives it (`audit.anchor seq=1532 hash=9f86…`, with or without
    /// the first word) or as `1532:9f86…`; nil when the text holds no sequence number and SHA-256 hash.
    public init?(copy text: String, recordedAt: Date = Date(timeIntervalSince1970: 0)) {
        var sequence: Int64?
        var hash: String?
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        for word in words {
            if word.hasPrefix("seq=") {
                sequence = Int64(word.dropFirst(4))
            } else if word.hasPrefix("hash=") {
                hash = String(word.dropFirst(5))
            } else if word != "audit.anchor", sequence == nil, hash == nil, words.count == 1 {
                let parts = word.split(separator: ":", maxSplits: 1).map(String.init)
                if parts.count == 2 { (sequence, hash) = (Int64(parts[0]), parts[1]) }
            }
        }
        guard let sequence, sequence > 0, let hash = hash?.lowercased(), hash.count == 64,
            hash.allSatisfy({ $0.isASCII && $0.isHexDigit })
        else { return nil }
        self.init(sequence: sequence, hash: hash, recordedAt: recordedAt)
    }
}

extension AuditLog {
    /// The last entry now, as an anchor; nil while the trail is empty.
    public static func head(at now: Date, on db: any Database) async throws -> AuditAnchor? {
        try await db.sql.raw("SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1")
            .first(decoding: AnchorRow.self)
            .map { AuditAnchor(sequence: $0.id, hash: Hex.encode($0.hash), recordedAt: now) }
    }

    /// Whether the entry the anchor names is still there with the same hash (one indexed read: the check made
    /// before moving an anchor on).
    public static func contains(_ anchor: AuditAnchor, on db: any Database) async throws -> Bool {
        let row = try await db.sql.raw(
            "SELECT id, hash FROM audit_entries WHERE id = \(bind: anchor.sequence)"
        ).first(decoding: AnchorRow.self)
        return row.map { Hex.encode($0.hash) } == anchor.hash
    }

    /// The whole chain, then the anchor: entries it saw must still be there, unchanged.
    public static func verify(on db: any Database, anchor: AuditAnchor?, pageSize: Int = 2000) async throws
        -> AuditVerification
    {
        let chain = try await verify(on: db, pageSize: pageSize)
        guard case .intact(let count) = chain, let anchor else { return chain }
        return try await check(anchor, intactCount: count, on: db) ?? chain
    }

    /// Whether an intact trail of `intactCount` entries still holds the entry an anchor recorded; nil when it
    /// does. An anchor behind the trail's end is no fault: entries after it are covered by the chain alone.
    public static func check(_ anchor: AuditAnchor, intactCount count: Int, on db: any Database) async throws
        -> AuditVerification?
    {
        if Int64(count) < anchor.sequence {
            return .broken(entryID: Int64(count) + 1, reason: .truncated, checked: count)
        }
        if try await !contains(anchor, on: db) {
            return .broken(entryID: anchor.sequence, reason: .anchorMismatch, checked: Int(anchor.sequence) - 1)
        }
        return nil
    }

    private struct AnchorRow: Decodable {
        var id: Int64
        var hash: Data
    }
}
