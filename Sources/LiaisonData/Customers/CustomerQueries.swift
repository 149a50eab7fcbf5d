import FluentKit
import FluentSQL
import Foundation
import LiaisonCore
import SQLKit

/// What a customer list may be narrowed by and how it is ordered.
public struct CustomerFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case name
        case recent
        case newest
    }

    public var text: String?
    public var status: CustomerStatus?
    public var tier: CustomerTier?
    public var classification: Classification?
    public var ownerID: UUID?
    public var tag: String?
    /// Only customers whose account team includes the viewer.
    public var mine: Bool
    public var sort: Sort

    public init(
        text: String? = nil, status: CustomerStatus? = nil, tier: CustomerTier? = nil,
        classification: Classification? = nil, ownerID: UUID? = nil, tag: String? = nil, mine: Bool = false,
        sort: Sort = .name
    ) {
        self.text = text
        self.status = status
        self.tier = tier
        self.classification = classification
        self.ownerID = ownerID
        self.tag = tag
        self.mine = mine
        self.sort = sort
    }
}

extension CustomerFilter {
    /// Whether the list matches text inside names or tags, which no index serves.
    var matchesInside: Bool {
        filter(text) || filter(tag)
    }

    private func filter(_ value: String?) -> Bool {
        value.map { !$0.trimmedSpaces().isEmpty } ?? false
    }
}

public enum CustomerQueries {
    /// A customer the viewer may see, or nil (also when it does not exist or was deleted).
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws -> Customer? {
        // The record first; the account team is asked only when it decides (a restricted customer, a viewer
        // who does not see everything).
        guard let row = try await CustomerRow.find(id, on: db) else { return nil }
        let customer = try row.value
        if !NeedToKnow.canSee(customer.classification, onTeam: false, roles: viewer.roles) {
            guard try await access(id, for: viewer, on: db) != nil else { return nil }
        }
        return customer
    }

    /// Customers the viewer may see, keyset-paged in the chosen order. Restricted customers of other teams are
    /// left out entirely, so lists and counts never reveal them.
    ///
    /// A text or tag filter matches inside names and tags (`LIKE '%…%'`), which reads every customer: such a list
    /// is a costly read (`Database.costlyRead`); the others read an index in order.
    public static func list(
        _ filter: CustomerFilter, page: PageQuery, for viewer: CustomerViewer, on db: any Database
    ) async throws -> CursorPage<Customer> {
        if !filter.matchesInside { return try await listed(filter, page: page, for: viewer, on: db) }
        return try await db.costlyRead { db in try await listed(filter, page: page, for: viewer, on: db) }
    }

    private static func listed(
        _ filter: CustomerFilter, page: PageQuery, for viewer: CustomerViewer, on db: any Database
    ) async throws -> CursorPage<Customer> {
        let sql = db.sql
        var conditions: [SQLQueryString] = [
            "deleted_at IS NULL", viewer.visibility(customerColumn: "id", classificationColumn: "classification"),
        ]
        if let text = filter.text?.trimmedSpaces(), !text.isEmpty {
            let pattern = "%" + LikePattern.escape(text.lowercased()) + "%"
            let like: SQLQueryString = Engine(db) == .postgres ? "ILIKE" : "LIKE"
            conditions.append(
                "(name \(like) \(bind: pattern) ESCAPE '\\' OR name_en \(like) \(bind: pattern) ESCAPE '\\' OR sort_key LIKE \(bind: "%" + LikePattern.escape(SortKey.make(text)) + "%") ESCAPE '\\')"
            )
        }
        if let status = filter.status { conditions.append("status = \(bind: status.rawValue)") }
        if let tier = filter.tier { conditions.append("tier = \(bind: tier.rawValue)") }
        if let classification = filter.classification {
            conditions.append("classification = \(bind: classification.rawValue)")
        }
        if let owner = filter.ownerID { conditions.append("owner_id = \(bind: owner)") }
        if let tag = filter.tag?.trimmedSpaces(), !tag.isEmpty {
            conditions.append("tags LIKE \(bind: "%" + LikePattern.escape(JSONColumn.encode(tag)) + "%") ESCAPE '\\'")
        }
        if filter.mine {
            conditions.append("id IN (SELECT customer_id FROM customer_team WHERE user_id = \(bind: viewer.userID))")
        }
        let order: SQLQueryString
        switch filter.sort {
        case .name:
            if let after = page.after, let id = UUIDText.parse(after.id) {
                conditions.append("(sort_key > \(bind: after.key) OR (sort_key = \(bind: after.key) AND id > \(bind: id)))")
            }
            order = "sort_key ASC, id ASC"
        case .recent, .newest:
            let column: SQLQueryString = filter.sort == .recent ? "last_activity_at" : "created_at"
            if let after = page.after, let id = UUIDText.parse(after.id), let seconds = Double(after.key) {
                let date = Date(timeIntervalSince1970: seconds)
                conditions.append("(\(column) < \(bind: date) OR (\(column) = \(bind: date) AND id > \(bind: id)))")
            }
            order = "\(column) DESC, id ASC"
        }
        let whereClause = conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: CustomerRow.columns) FROM customers WHERE \(whereClause) ORDER BY \(order)
            LIMIT \(literal: page.limit + 1)
            """
        ).all().map(CustomerRow.init(row:))
        let shown = Array(rows.prefix(page.limit))
        var next: Cursor?
        if rows.count > page.limit, let last = shown.last {
            switch filter.sort {
            case .name: next = Cursor(key: last.sort_key, id: last.id.uuidString)
            case .recent: next = Cursor(key: String(last.last_activity_at.timeIntervalSince1970), id: last.id.uuidString)
            case .newest: next = Cursor(key: String(last.created_at.timeIntervalSince1970), id: last.id.uuidString)
            }
        }
        return CursorPage(items: try shown.map { try $0.value }, nextCursor: next?.encoded)
    }

    /// How many customers the viewer may see: a costly read (`Database.costlyRead`), it reads every customer.
    public static func count(for viewer: CustomerViewer, on db: any Database) async throws -> Int {
        try await db.costlyRead { db in
            let sql = db.sql
            let visible = viewer.visibility(customerColumn: "id", classificationColumn: "classification")
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM customers WHERE deleted_at IS NULL AND \(visible)")
                .first(decoding: CountRow.self)
            return row?.n ?? 0
        }
    }

    public static func team(_ customerID: UUID, on db: any Database) async throws -> [TeamMember] {
        let members = try await TeamMemberModel.query(on: db).filter(\.$customerID == customerID).all()
        let people = try await UserModel.query(on: db).filter(\.$id ~~ members.map(\.userID)).all()
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        return members.compactMap { member in
            guard let person = byID[member.userID] else { return nil }
            return TeamMember(
                userID: member.userID, name: person.name, email: person.email,
                role: TeamRole(rawValue: member.role) ?? .member, addedAt: member.addedAt)
        }.sorted { ($0.role == .owner ? 0 : 1, SortKey.make($0.name)) < ($1.role == .owner ? 0 : 1, SortKey.make($1.name)) }
    }

    /// Names of customers by id (for labels; the caller has already checked visibility).
    public static func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let models = try await CustomerModel.query(on: db).filter(\.$id ~~ Array(ids)).field(\.$id).field(\.$name).all()
        return Dictionary(uniqueKeysWithValues: models.map { ($0.id!, $0.name) })
    }

    /// Ids of the customers whose team includes the person.
    public static func teamCustomerIDs(of userID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await TeamMemberModel.query(on: db).filter(\.$userID == userID).all().map(\.customerID))
    }
}

struct CountRow: Decodable {
    var n: Int
}

/// Escapes `%`, `_` and `\` so user text is matched literally by `LIKE … ESCAPE '\'`.
enum LikePattern {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
