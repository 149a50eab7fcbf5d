import FluentKit
import Foundation
import LiaisonCore
import SQLKit

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
    /// The hash of the entry before (64 zeros before the first); empty when that entry is missing.
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
        let exactAction = action.map { !$0.hasSuffix(".") }
        // `audit_record` is keyed by the record's id: a type without an id cannot use it.
        guard from == nil, to == nil, exactAction != false, recordType == nil || recordID != nil else { return false }
        return [actorID != nil, recordID != nil, action != nil].filter { $0 }.count <= 1
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
        let hashes = try await previousHashes(of: Array(shown), known: models, on: db)
        return CursorPage(
            items: shown.map { $0.record(previousHash: hashes[$0.id! - 1] ?? "") }, nextCursor: next?.encoded)
    }

    /// The hash each entry follows, by sequence number: the entry before's, read where the page does not hold it.
    private static func previousHashes(of entries: [AuditEntryModel], known: [AuditEntryModel], on db: any Database)
        async throws -> [Int64: String]
    {
        var hashes: [Int64: String] = [0: AuditContent.genesisHash]
        for entry in known { hashes[entry.id!] = Hex.encode(entry.hash) }
        let missing = entries.map { $0.id! - 1 }.filter { hashes[$0] == nil }
        if !missing.isEmpty {
            for entry in try await AuditEntryModel.query(on: db).filter(\.$id ~~ missing).all() {
                hashes[entry.id!] = Hex.encode(entry.hash)
            }
        }
        return hashes
    }

    public static func count(on db: any Database) async throws -> Int {
        try await AuditEntryModel.query(on: db).count()
    }
}

extension AuditEntryModel {
    func record(previousHash: String) -> AuditRecord {
        AuditRecord(
            id: id!, occurredAt: Date(timeIntervalSince1970: Double(atMillis) / 1000), actorID: actorID,
            actorLabel: actorLabel, action: action, recordType: recordType, recordID: recordID, address: address,
            changes: changes, previousHash: previousHash, hash: Hex.encode(hash))
    }
}

/// What the audit page shows for the records and people its entries name.
public enum AuditNames {
    /// A name for each known record, by type and id text (upper case): a customer's or person's name, a request's
    /// number, an interaction's subject. Records since deleted have none. One read per type.
    public static func records(_ refs: [(type: AuditRecordType, id: UUID)], on db: any Database) async throws
        -> [String: String]
    {
        var names: [String: String] = [:]
        let byType = Dictionary(grouping: refs, by: \.type).mapValues { Set($0.map(\.id)) }
        for (type, ids) in byType {
            let query: (table: String, column: String)
            switch type {
            case .customer: query = ("customers", "name")
            case .contact: query = ("contacts", "name")
            case .user: query = ("users", "name")
            case .department: query = ("departments", "name")
            case .mailbox: query = ("mailboxes", "address")
            case .interaction: query = ("interactions", "subject")
            case .request: query = ("requests", "number")
            case .project: query = ("projects", "name")
            default: continue
            }
            let list = SQLList(ids.sorted { $0.uuidString < $1.uuidString }.map { SQLBind($0) })
            let rows = try await db.sql.raw(
                "SELECT id, \(ident: query.column) AS label FROM \(ident: query.table) WHERE id IN (\(list))"
            ).all()
            for row in rows {
                let id = try row.uuid("id")
                let label = type == .request
                    ? RequestNumber.format(try row.decode(column: "label", as: Int.self))
                    : try row.decode(column: "label", as: String.self)
                names[type.rawValue + ":" + id.idText] = label
            }
        }
        return names
    }
}
