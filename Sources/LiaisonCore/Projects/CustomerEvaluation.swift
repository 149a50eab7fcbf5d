import Foundation

/// The customer's own evaluation of a project (客户评价): a contact scores it from 1 (poor) to 5 (excellent) on a
/// few points and may add a comment. One per contact and project; once submitted it stays as given.
public struct CustomerEvaluation: Sendable, Equatable {
    /// The points a contact scores, in the order the form shows them.
    public enum Point: String, CaseIterable, Codable, Sendable {
        case overall
        case communication
        case quality
        case timeliness

        public var labelKey: String { "evaluation.point.\(rawValue)" }
    }

    public var id: UUID
    public var projectID: UUID
    public var contactID: UUID
    public var contactName: String
    /// When the contact was asked (by mail or in the portal); nil when they gave it unasked in the portal.
    public var askedAt: Date?
    /// The scores by point; empty until submitted.
    public var scores: [Point: Int]
    public var comment: String?
    public var submittedAt: Date?

    public init(
        id: UUID, projectID: UUID, contactID: UUID, contactName: String, askedAt: Date?, scores: [Point: Int],
        comment: String?, submittedAt: Date?
    ) {
        self.id = id
        self.projectID = projectID
        self.contactID = contactID
        self.contactName = contactName
        self.askedAt = askedAt
        self.scores = scores
        self.comment = comment
        self.submittedAt = submittedAt
    }

    public static let scale = 1...5
}

/// An evaluation as the form or the API sends it: each point's score as typed, and the comment.
public struct CustomerEvaluationInput: Sendable, Equatable {
    public var scores: [String: String?]
    public var comment: String?

    public init(scores: [String: String?], comment: String?) {
        self.scores = scores
        self.comment = comment
    }

    public static let maxComment = 5_000

    /// Every point required, a whole number from 1 to 5; the comment optional.
    public func validated() throws(ValidationFailure) -> ValidEvaluation {
        var v = FieldValidator()
        var scores: [CustomerEvaluation.Point: Int] = [:]
        for point in CustomerEvaluation.Point.allCases {
            guard let raw = self.scores[point.rawValue] ?? nil, !raw.trimmedSpaces().isEmpty else {
                v.add(point.rawValue, "required")
                continue
            }
            guard let value = Int(raw.trimmedSpaces()), CustomerEvaluation.scale.contains(value) else {
                v.add(point.rawValue, "outOfRange", ["1", "5"])
                continue
            }
            scores[point] = value
        }
        let comment = v.optionalText("comment", comment, max: Self.maxComment, multiline: true)
        try v.check()
        return ValidEvaluation(scores: scores, comment: comment)
    }
}

public struct ValidEvaluation: Sendable, Equatable {
    public var scores: [CustomerEvaluation.Point: Int]
    public var comment: String?

    public init(scores: [CustomerEvaluation.Point: Int], comment: String?) {
        self.scores = scores
        self.comment = comment
    }
}
