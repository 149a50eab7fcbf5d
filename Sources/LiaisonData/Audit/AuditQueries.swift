import FluentKit
import Foundation
import LiaisonCore

/// An audit entry as read back for people and the API.
public struct AuditRecord: Sendable, Equatable {
    public var id: Int64
    public var occurredAt: Date
    public var actorID: String?
    public var actorLabel: String
    public var action: String
    public var recordType: String
    public var recordID: String?
    public var address: String?
    public var changes: String
    public var previousHash: String
    public var hash: String
}

public struct AuditFilter: Sendable, Equatable {
    public var actorID: UUID?
    public var recordType: String?
    public var recordID: String?
    public var action: String?
    public var from: Date?
    public var to: Date?

    public init(
        actorID: UUID? = nil, recordType: String? = nil, recordID: String? = nil, action: String? = nil,
        from: Date? = nil, to: Date? = nil
    ) {
        self.actorID = actorID
        self.recordType = recordType
        self.recordID = recordID
        self.action = action
        self.from = from
        self.to = to
    }
}

extension AuditFilter {
    /// Whether one index serves the list in order: no filter, or only the actor, only the record, or only an
    /// exact action (`audit_actor`, `audit_record`, `audit_action`, each ending in the sequence number).
    var readsOneIndex: Bool {
        let record = recordType != nil || recordID != nil
        let exactAction = action.map { !$0.hasSuffix(".") }
        // `audit_record` starts with the record type: an id without a type cannot use it.
        guard from == nil, to == nil, exactAction != false, recordID == nil || recordType != nil else { return false }
        return [actorID != nil, record, action != nil].filter { $0 }.count <= 1
    }
}

public enum AuditQueries {
    /// Entries newest first, keyset-paged on the sequence number.
    ///
    /// The whole trail, or the entries of one actor, one record or one action, are read in order from an index
    /// and stop after a page. Other filters (a time span, an action prefix, several at once) may read a large share
    /// of the trail to fill a page: a costly read (`Database.costlyRead`).
    public static func list(_ filter: AuditFilter, page: PageQuery, on db: any Database) async throws
        -> CursorPage<AuditRecord>
    {
        if filter.readsOneIndex { return try await listed(filter, page: page, on: db) }
        return try await db.costlyRead { db in try await listed(filter, page: page, on: db) }
    }

    private static func listed(_ filter: AuditFilter, page: PageQuery, on db: any Database) async throws
        -> CursorPage<AuditRecord>
    {
        let query = AuditEntryModel.query(on: db)
        if let actor = filter.actorID { query.filter(\.$actorID == actor.uuidString) }
        if let type = filter.recordType { query.filter(\.$recordType == type) }
        if let id = filter.recordID { query.filter(\.$recordID == id) }
        if let action = filter.action {
            if action.hasSuffix(".") {
                query.filter(\.$action, .custom("LIKE"), action + "%")
            } else {
                query.filter(\.$action == action)
            }
        }
        if let from = filter.from { query.filter(\.$atMillis >= AuditContent.millis(from)) }
        if let to = filter.to { query.filter(\.$atMillis < AuditContent.millis(to)) }
        if let after = page.after, let sequence = Int64(after.id) {
            query.filter(\.$id < sequence)
        }
        let models = try await query.sort(\.$id, .descending).limit(page.limit + 1).all()
        let shown = models.prefix(page.limit)
        let next = models.count > page.limit ? shown.last.map { Cursor(key: "", id: String($0.id!)) } : nil
        return CursorPage(items: shown.map(\.record), nextCursor: next?.encoded)
    }

    public static func count(on db: any Database) async throws -> Int {
        try await AuditEntryModel.query(on: db).count()
    }
}

extension AuditEntryModel {
    var record: AuditRecord {
        AuditRecord(
            id: id!, occurredAt: Date(timeIntervalSince1970: Double(atMillis) / 1000), actorID: actorID,
            actorLabel: actorLabel, action: action, recordType: recordType, recordID: recordID, address: address,
            changes: changes, previousHash: previousHash, hash: hash)
    }
}
