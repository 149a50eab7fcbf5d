import FluentKit
import Foundation

/// One link of the audit chain. Times are integer milliseconds so that the hashed text survives any engine. The
/// hash is stored as its 32 bytes; the hash it follows is the entry before's (`id - 1`), not stored again.
final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "id", generatedBy: .user) var id: Int64?
    @Field(key: "at_ms") var atMillis: Int64
    @OptionalField(key: "actor_id") var actorID: String?
    @Field(key: "actor_label") var actorLabel: String
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "changes") var changes: String
    @Field(key: "hash") var hash: Data

    init() {}
}
