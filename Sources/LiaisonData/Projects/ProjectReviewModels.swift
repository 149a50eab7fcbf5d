import FluentKit
import Foundation
import LiaisonCore

final class ProjectReviewModel: Model, @unchecked Sendable {
    static let schema = "project_reviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "went_well") var wentWell: String
    @Field(key: "fell_short") var fellShort: String
    @Field(key: "lessons") var lessons: String
    @Field(key: "status") var status: String
    @OptionalField(key: "facts") var facts: String?
    @OptionalField(key: "finalised_by") var finalisedBy: UUID?
    @OptionalField(key: "finalised_at") var finalisedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: ReviewStatus { ReviewStatus(rawValue: status) ?? .draft }

    func value() throws -> ProjectReview {
        ProjectReview(
            projectID: projectID, wentWell: wentWell, fellShort: fellShort, lessons: lessons, status: statusValue,
            frozenFacts: try facts.map {
                try JSONColumn.decode(ClosureReviewFacts.self, $0, column: "project_reviews.facts", row: id)
            },
            finalisedBy: finalisedBy, finalisedAt: finalisedAt, version: version, updatedAt: updatedAt)
    }
}

final class CustomerEvaluationModel: Model, @unchecked Sendable {
    static let schema = "customer_evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "locale") var locale: String
    @OptionalField(key: "token_hash") var tokenHash: String?
    @OptionalField(key: "asked_at") var askedAt: Date?
    @OptionalField(key: "asked_by") var askedBy: UUID?
    @OptionalField(key: "mailed_at") var mailedAt: Date?
    @OptionalField(key: "score_overall") var overall: Int?
    @OptionalField(key: "score_communication") var communication: Int?
    @OptionalField(key: "score_quality") var quality: Int?
    @OptionalField(key: "score_timeliness") var timeliness: Int?
    @OptionalField(key: "comment") var comment: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "submitted_user_id") var submittedUserID: UUID?
    @OptionalField(key: "submitted_address") var submittedAddress: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var scores: [CustomerEvaluation.Point: Int] {
        var scores: [CustomerEvaluation.Point: Int] = [:]
        scores[.overall] = overall
        scores[.communication] = communication
        scores[.quality] = quality
        scores[.timeliness] = timeliness
        return scores
    }

    func set(_ scores: [CustomerEvaluation.Point: Int]) {
        overall = scores[.overall]
        communication = scores[.communication]
        quality = scores[.quality]
        timeliness = scores[.timeliness]
    }

    var value: CustomerEvaluation {
        CustomerEvaluation(
            id: id ?? UUID(), projectID: projectID, contactID: contactID, contactName: name, askedAt: askedAt,
            scores: scores, comment: comment, submittedAt: submittedAt)
    }
}
