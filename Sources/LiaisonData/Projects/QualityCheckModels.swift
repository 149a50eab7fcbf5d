import FluentKit
import Foundation
import LiaisonCore

final class QualityCheckModel: Model, @unchecked Sendable {
    static let schema = "project_quality_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "criterion") var criterion: String
    @Field(key: "result") var result: String
    @OptionalField(key: "evidence") var evidence: String?
    @OptionalField(key: "evidence_link") var evidenceLink: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "reviewer_id") var reviewerID: UUID?
    @Field(key: "checked_at") var checkedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var value: QualityCheck {
        QualityCheck(
            id: id ?? UUID(), projectID: projectID, taskID: taskID, criterion: criterion,
            result: QualityCheckResult(rawValue: result) ?? .fail, evidence: evidence, evidenceLink: evidenceLink,
            note: note, reviewerID: reviewerID, checkedAt: checkedAt, createdAt: createdAt)
    }
}

final class DeliverableAcceptanceModel: Model, @unchecked Sendable {
    static let schema = "project_deliverable_acceptances"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "decision") var decision: String
    @OptionalField(key: "contact_id") var contactID: UUID?
    @Field(key: "channel") var channel: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "decided_at") var decidedAt: Date

    init() {}

    var value: DeliverableAcceptance {
        DeliverableAcceptance(
            id: id ?? UUID(), taskID: taskID, decision: DeliverableDecision(rawValue: decision) ?? .rejected,
            contactID: contactID, channel: channel, note: note, recordedBy: recordedBy, decidedAt: decidedAt)
    }
}
