import FluentKit
import Foundation

/// A unit of background work. Times are integer milliseconds so claims compare the same on every engine.
final class JobModel: Model, @unchecked Sendable {
    static let schema = "jobs"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "payload") var payload: String
    @OptionalField(key: "unique_key") var uniqueKey: String?
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @Field(key: "run_at_ms") var runAtMillis: Int64
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "locked_until_ms") var lockedUntilMillis: Int64?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at_ms") var createdAtMillis: Int64
    @OptionalField(key: "finished_at_ms") var finishedAtMillis: Int64?

    init() {}
}
