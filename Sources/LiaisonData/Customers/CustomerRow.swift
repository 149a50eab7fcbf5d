import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A customer row decoded directly: customers are read before every timeline, contact and interaction request,
/// and a Fluent model per row costs reflection.
struct CustomerRow: Decodable {
    static let columns = """
        id, kind, name, name_en, sort_key, industry, tier, region, status, classification, tags, owner_id, website, \
        phone, address, notes, contact_count, last_activity_at, version, created_at, updated_at
        """

    @RowUUID var id: UUID
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
    @OptionalRowUUID var owner_id: UUID?
    var website: String?
    var phone: String?
    var address: String?
    var notes: String?
    var contact_count: Int
    var last_activity_at: Date
    var version: Int
    var created_at: Date
    var updated_at: Date

    var value: Customer {
        Customer(
            id: id, kind: CustomerKind(rawValue: kind) ?? .organization, name: name, nameEn: name_en,
            industry: industry, tier: CustomerTier(rawValue: tier) ?? .standard, region: region,
            status: CustomerStatus(rawValue: status) ?? .prospect,
            classification: Classification(rawValue: classification) ?? .secret,
            tags: JSONColumn.decode([String].self, tags, default: []), ownerID: owner_id, website: website,
            phone: phone, address: address, notes: notes, contactCount: contact_count,
            lastActivityAt: last_activity_at, version: version, createdAt: created_at, updatedAt: updated_at)
    }
}

extension CustomerRow {
    /// A customer that is not deleted, whoever asks (callers check access first).
    static func find(_ id: UUID, on db: any Database) async throws -> CustomerRow? {
        try await (db as! any SQLDatabase).raw(
            "SELECT \(unsafeRaw: columns) FROM customers WHERE id = \(bind: id) AND deleted_at IS NULL"
        ).first(decoding: CustomerRow.self)
    }

    /// The customer a contact (not deleted) belongs to.
    static func customerID(ofContact id: UUID, on db: any Database) async throws -> UUID? {
        try await (db as! any SQLDatabase).raw(
            "SELECT customer_id FROM contacts WHERE id = \(bind: id) AND deleted_at IS NULL"
        ).first(decoding: OwnerRow.self)?.customer_id
    }

    private struct OwnerRow: Decodable { var customer_id: UUID }
}
