import Foundation

/// A time promised in a text ("明天下午三点前", "within 2 business days"), resolved on the sender's calendar.
public struct CommitmentCandidate: Equatable, Codable, Sendable {
    /// The original text of the expression, with its 前 / by / within.
    public var text: String
    /// Offsets in Unicode scalars of the original text, end exclusive.
    public var start: Int
    public var end: Int
    /// The moment the promise falls due.
    public var dueAt: Date

    /// A candidate from its parts.
    public init(text: String, start: Int, end: Int, dueAt: Date) {
        self.text = text
        self.start = start
        self.end = end
        self.dueAt = dueAt
    }
}

/// A problem with a time expression: a date that does not exist, a due time already past, or a day off that was
/// moved to the next working day. Becomes a `date` finding of the message check.
struct CommitmentIssue: Equatable, Sendable {
    enum Code: String, Sendable {
        case invalid = "date.invalid"
        case past = "date.past"
        case holiday = "date.holiday"
    }

    var code: Code
    var start: Int
    var end: Int
    /// The date as written (invalid) or the resolved due time as "2026-10-08 18:00" (past, holiday).
    var argument: String
}
