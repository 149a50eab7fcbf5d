import FluentKit
import Foundation
import LiaisonCore

final class CommitmentModel: Model, @unchecked Sendable {
    static let schema = "commitments"

    @ID(key: .id) var id: UUID?
    @Field(key: "text") var text: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "status") var status: String
    @Field(key: "source") var source: String
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "request_id") var requestID: UUID?
    @OptionalField(key: "interaction_id") var interactionID: UUID?
    @OptionalField(key: "message_id") var messageID: UUID?
    /// When the owner was reminded that it is coming due.
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    /// When its due time passed while it was open (the owner told and the breach escalated then).
    @OptionalField(key: "breached_at") var breachedAt: Date?
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "next_check_at") var nextCheckAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: CommitmentStatus { CommitmentStatus(rawValue: status) ?? .open }
    var sourceValue: CommitmentSource { CommitmentSource(rawValue: source) ?? .manual }

    var value: Commitment {
        Commitment(
            id: id ?? UUID(), text: text, ownerID: ownerID, dueAt: dueAt, status: statusValue, source: sourceValue,
            customerID: customerID, requestID: requestID, interactionID: interactionID, messageID: messageID,
            remindedAt: remindedAt, breachedAt: breachedAt, doneAt: doneAt, doneBy: doneBy, createdBy: createdBy,
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets where the sweep next looks, from the commitment as it now stands.
    func schedule(leadHours: Int, now: Date) {
        let decision = CommitmentReminder.decide(
            status: statusValue, dueAt: dueAt, leadHours: leadHours, reminded: remindedAt != nil,
            breached: breachedAt != nil, now: now)
        nextCheckAt = decision.notice != nil ? now : decision.nextCheck
    }
}
