import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A customer row read column by column: customers are read before every timeline, contact and interaction
/// request and in every new request, and a Fluent model (reflection) or `Decodable` row costs more than the query.
struct CustomerRow {
    static let columns = """
        id, kind, name, name_en, sort_key, industry, tier, region, status, classification, tags, owner_id, website, \
        phone, address, notes, contact_count, last_activity_at, version, created_at, updated_at
        """

    var id: UUID
    var kind: String
    var name: String
    var name_en: String?
    var sort_key: String
    var industry: String?
    var tier: String
    var region: String?
    var status: String
    var classification: String
    var tags: String
    var owner_id: UUID?
    var website: String?
    var phone: String?
    var address: String?
    var notes: String?
    var contact_count: Int
    var last_activity_at: Date
    var version: Int
    var created_at: Date
    var updated_at: Date

    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        kind = try row.decode(column: "kind", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        name_en = try row.optional("name_en", String.self)
        sort_key = try row.decode(column: "sort_key", as: String.self)
        industry = try row.optional("industry", String.self)
        tier = try row.decode(column: "tier", as: String.self)
        region = try row.optional("region", String.self)
        status = try row.decode(column: "status", as: String.self)
        classification = try row.decode(column: "classification", as: String.self)
        tags = try row.decode(column: "tags", as: String.self)
        owner_id = try row.optionalUUID("owner_id")
        website = try row.optional("website", String.self)
        phone = try row.optional("phone", String.self)
        address = try row.optional("address", String.self)
        notes = try row.optional("notes", String.self)
        contact_count = try row.decode(column: "contact_count", as: Int.self)
        last_activity_at = try row.decode(column: "last_activity_at", as: Date.self)
        version = try row.decode(column: "version", as: Int.self)
        created_at = try row.decode(column: "created_at", as: Date.self)
        updated_at = try row.decode(column: "updated_at", as: Date.self)
    }

    /// The customer; stored JSON that does not decode is thrown (`JSONColumn.Undecodable`).
    var value: Customer {
        get throws { try valueOrThrow() }
    }

    private func valueOrThrow() throws -> Customer {
        Customer(
            id: id, kind: CustomerKind(rawValue: kind) ?? .organization, name: name, nameEn: name_en,
            industry: industry, tier: CustomerTier(rawValue: tier) ?? .standard, region: region,
            status: CustomerStatus(rawValue: status) ?? .prospect,
            classification: Classification(rawValue: classification) ?? .secret,
            tags: try JSONColumn.decode([String].self, tags, column: "customers.tags", row: id), ownerID: owner_id,
            website: website, phone: phone, address: address, notes: notes, contactCount: contact_count,
            lastActivityAt: last_activity_at, version: version, createdAt: created_at, updatedAt: updated_at)
    }
}

extension CustomerRow {
    /// A customer that is not deleted, whoever asks (callers check access first).
    static func find(_ id: UUID, on db: any Database) async throws -> CustomerRow? {
        try await db.first(findStatement, [.uuid(id)]).map(CustomerRow.init(row:))
    }

    private static let findStatement = FixedStatement(
        "SELECT \(columns) FROM customers WHERE id = ? AND deleted_at IS NULL")

    /// A customer's classification; nil for an unknown or deleted customer (whose records are no longer searched).
    static func classification(of id: UUID, on db: any Database) async throws -> Classification? {
        try await db.first(classificationStatement, [.uuid(id)])
            .map { Classification(rawValue: try $0.decode(column: "classification", as: String.self)) ?? .secret }
    }

    /// The customer a contact (not deleted) belongs to.
    static func customerID(ofContact id: UUID, on db: any Database) async throws -> UUID? {
        try await db.first(contactCustomerStatement, [.uuid(id)]).map { try $0.uuid("customer_id") }
    }

    private static let classificationStatement = FixedStatement(
        "SELECT classification FROM customers WHERE id = ? AND deleted_at IS NULL")
    private static let contactCustomerStatement = FixedStatement(
        "SELECT customer_id FROM contacts WHERE id = ? AND deleted_at IS NULL")
}
