import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A customer offered by a picker.
public struct CustomerPick: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var nameEn: String?
    public var classification: Classification
}

/// A contact offered by a picker, with the customer it belongs to.
public struct ContactPick: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var title: String?
    public var customerID: UUID
    public var customerName: String
    /// The customer's.
    public var classification: Classification
}

/// Names found as they are typed, for pickers: by any run of their Chinese characters, by pinyin from any syllable
/// (with or without spaces, or just the initials), by the start of any English word (`NameKeys`). Names that are
/// the typed text or start with it come first, then the newest other matches. Only what the viewer may see is
/// offered (need-to-know), and every read goes through an index: a picker asks on each key press.
public enum LookupQueries {
    public static let maximumLimit = 50

    public static func customers(
        _ typed: String, limit: Int, for viewer: CustomerViewer, on db: any Database
    ) async throws -> [CustomerPick] {
        let limit = max(1, min(limit, maximumLimit))
        let columns: SQLQueryString = "c.id, c.name, c.name_en, d.classification"
        let join: SQLQueryString = "JOIN customers c ON c.id = d.ref_id AND c.deleted_at IS NULL"
        let rows = try await names(
            typed, kind: .customer, columns: columns, join: join, within: nil, limit: limit, for: viewer, on: db)
        return try rows.map { row in
            CustomerPick(
                id: try row.uuid("id"), name: try row.decode(column: "name", as: String.self),
                nameEn: try row.optional("name_en", String.self), classification: try classification(row))
        }
    }

    /// Contacts, of one customer when `customerID` is given.
    public static func contacts(
        _ typed: String, of customerID: UUID?, limit: Int, for viewer: CustomerViewer, on db: any Database
    ) async throws -> [ContactPick] {
        let limit = max(1, min(limit, maximumLimit))
        let columns: SQLQueryString = "p.id, p.name, p.title, p.customer_id, c.name AS customer_name, d.classification"
        let join: SQLQueryString = """
            JOIN contacts p ON p.id = d.ref_id JOIN customers c ON c.id = p.customer_id AND c.deleted_at IS NULL
            """
        let rows = try await names(
            typed, kind: .contact, columns: columns, join: join, within: customerID, limit: limit, for: viewer, on: db)
        return try rows.map { row in
            ContactPick(
                id: try row.uuid("id"), name: try row.decode(column: "name", as: String.self),
                title: try row.optional("title", String.self).flatMap { $0.trimmed().isEmpty ? nil : $0 }, customerID: try row.uuid("customer_id"),
                customerName: try row.decode(column: "customer_name", as: String.self),
                classification: try classification(row))
        }
    }

    /// The rows of `kind`'s names matching `typed`: prefix matches of the title key (in key order, so the name that
    /// is exactly what was typed comes first), then key-index matches newest first, each record once.
    private static func names(
        _ typed: String, kind: SearchIndex.Kind, columns: SQLQueryString, join: SQLQueryString, within customerID: UUID?,
        limit: Int, for viewer: CustomerViewer, on db: any Database
    ) async throws -> [any SQLRow] {
        let sql = db.sql
        var conditions: [SQLQueryString] = [
            "d.\(unsafeRaw: SearchQueries.nameKinds)", "d.kind = \(bind: kind.rawValue)", "d.part = 0",
            viewer.visibility(customerColumn: "d.customer_id", classificationColumn: "d.classification"),
        ]
        if let customerID { conditions.append("d.customer_id = \(bind: customerID)") }
        let key = SearchText.normalise(typed.trimmed())
        guard !key.isEmpty else {
            // Nothing typed yet: the newest names, for a picker opened empty.
            return try await sql.raw(
                "SELECT \(columns) FROM search_docs d \(join) WHERE \(joined(conditions)) ORDER BY d.id DESC LIMIT \(literal: limit)"
            ).all()
        }
        var rows = try await sql.raw(
            """
            SELECT \(columns), d.id AS doc_id FROM search_docs d \(join)
            WHERE d.title_key >= \(bind: key) AND d.title_key < \(bind: key + "\u{10FFFF}") AND \(joined(conditions))
            ORDER BY d.title_key LIMIT \(literal: limit)
            """
        ).all()
        guard rows.count < limit, let query = NameKeys.query(typed) else { return rows }
        var seen = Set(try rows.map { try $0.decode(column: "doc_id", as: Int64.self) })
        let wanted = limit + seen.count
        let more: [any SQLRow]
        switch Engine(db) {
        case .sqlite:
            guard let table = kind.nameTable else { return rows }
            more = try await sql.raw(
                """
                SELECT \(columns), d.id AS doc_id FROM \(ident: table) n CROSS JOIN search_docs d ON d.id = n.rowid \(join)
                WHERE n.\(ident: table) MATCH \(bind: query.fts5) AND \(joined(conditions))
                ORDER BY n.rowid DESC LIMIT \(literal: wanted)
                """
            ).all()
        case .postgres:
            more = try await sql.raw(
                """
                SELECT \(columns), d.id AS doc_id FROM search_docs d \(join)
                WHERE d.name_keys IS NOT NULL AND d.name_keys @@ to_tsquery('simple', \(bind: query.tsquery))
                    AND \(joined(conditions))
                ORDER BY d.id DESC LIMIT \(literal: wanted)
                """
            ).all()
        }
        for row in more where rows.count < limit {
            if seen.insert(try row.decode(column: "doc_id", as: Int64.self)).inserted { rows.append(row) }
        }
        return rows
    }

    /// An unknown word is read as the strictest.
    private static func classification(_ row: any SQLRow) throws -> Classification {
        Classification(rawValue: try row.decode(column: "classification", as: String.self)) ?? .secret
    }

    private static func joined(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
    }
}
