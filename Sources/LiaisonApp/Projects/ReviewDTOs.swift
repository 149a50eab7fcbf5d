import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A project's closure review as the API answers it: the notes, the status, the facts (live for a draft, frozen
/// for a final review), the customer's evaluations and the project's improvement actions.
struct ReviewDTO: Content {
    struct EvaluationDTO: Content {
        var id: UUID
        var contactId: UUID
        var contactName: String
        var askedAt: Date?
        var submittedAt: Date?
        var scores: [String: Int]
        var comment: String?

        init(_ e: CustomerEvaluation) {
            id = e.id
            contactId = e.contactID
            contactName = e.contactName
            askedAt = e.askedAt
            submittedAt = e.submittedAt
            scores = Dictionary(uniqueKeysWithValues: e.scores.map { ($0.key.rawValue, $0.value) })
            comment = e.comment
        }
    }

    var projectId: UUID
    var status: String
    var wentWell: String
    var fellShort: String
    var lessons: String
    var facts: ClosureReviewFacts
    var evaluations: [EvaluationDTO]
    var improvementActions: [ImprovementDTO]
    var finalisedBy: UUID?
    var finalisedAt: Date?
    var version: Int

    init(
        _ review: ProjectReview, facts: ClosureReviewFacts, evaluations: [CustomerEvaluation],
        actions: [ImprovementSummary]
    ) {
        projectId = review.projectID
        status = review.status.rawValue
        wentWell = review.wentWell
        fellShort = review.fellShort
        lessons = review.lessons
        self.facts = facts
        self.evaluations = evaluations.map(EvaluationDTO.init)
        improvementActions = actions.map(ImprovementDTO.init)
        finalisedBy = review.finalisedBy
        finalisedAt = review.finalisedAt
        version = review.version
    }
}

/// The review's notes as the API takes them; a field left out keeps its value.
struct ReviewBody: Decodable {
    var wentWell: String?
    var fellShort: String?
    var lessons: String?

    func input(over current: ProjectReview) -> ProjectReviewInput {
        ProjectReviewInput(
            wentWell: wentWell ?? current.wentWell, fellShort: fellShort ?? current.fellShort,
            lessons: lessons ?? current.lessons)
    }
}

/// Whom to ask for an evaluation.
struct EvaluationAskBody: Decodable {
    var contactIds: [String]?
}

/// What asking answers: each contact asked, and their link when no mail carries it.
struct EvaluationAskedDTO: Content {
    struct Link: Content {
        var contactId: UUID
        var name: String
        var email: String?
        var link: String?
        var mailed: Bool
    }

    var asked: [Link]
}
