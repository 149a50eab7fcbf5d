import Foundation

/// Where a requirement (需求) stands on its way from sales to R&D to a project:
/// `captured → inReview → accepted | rejected | deferred`, then `accepted → specified → planned → delivered`.
/// Each move is allowed to the holders of one capability (`RequirementStatus.capability(toMove:)`).
public enum RequirementStatus: String, CaseIterable, Codable, Sendable {
    case captured
    case inReview
    case accepted
    case rejected
    case deferred
    case specified
    case planned
    case delivered

    public var labelKey: String { "requirementStatus.\(rawValue)" }

    /// The states a requirement may move to from this one. R&D may return a requirement under review to sales
    /// (`inReview → captured`) for more information; a deferred requirement may be handed to R&D again. Rejected
    /// and delivered requirements are final.
    public var allowedNext: Set<RequirementStatus> {
        switch self {
        case .captured: [.inReview]
        case .inReview: [.captured, .accepted, .rejected, .deferred]
        case .accepted: [.specified]
        case .rejected: []
        case .deferred: [.inReview]
        case .specified: [.planned]
        case .planned: [.delivered]
        case .delivered: []
        }
    }

    public func canMove(to next: RequirementStatus) -> Bool { allowedNext.contains(next) }

    /// The states that an assessment's decision leads to (reached only by recording the decision).
    public static let decided: Set<RequirementStatus> = [.accepted, .rejected, .deferred]

    /// Waiting for R&D: handed off and not yet decided.
    public var awaitsAssessment: Bool { self == .inReview }

    /// The capability a move to `next` needs: sales hand requirements off (and again after a deferral); R&D
    /// returns, decides and specifies; the project manager plans and delivers. Nil when the move is not allowed.
    public func capability(toMove next: RequirementStatus) -> Capability? {
        guard canMove(to: next) else { return nil }
        switch (self, next) {
        case (.captured, .inReview), (.deferred, .inReview): return .requirementsCapture
        case (.inReview, _), (.accepted, .specified): return .requirementsAssess
        case (.specified, .planned), (.planned, .delivered): return .projectsManage
        default: return nil
        }
    }

    /// Why a person holding `capabilities` may not make the move to `next`, or nil when they may:
    /// `illegalTransition` (no such move), `forbiddenTransition` (a move for another role).
    public func refusal(toMove next: RequirementStatus, with capabilities: Set<Capability>) -> RequirementMoveRefusal? {
        guard let needed = capability(toMove: next) else { return .illegal(from: self, to: next) }
        guard capabilities.contains(needed) else { return .forbidden(needs: needed) }
        return nil
    }
}

/// Why a status move is refused.
public enum RequirementMoveRefusal: Error, Sendable, Equatable {
    /// The state machine has no such move.
    case illegal(from: RequirementStatus, to: RequirementStatus)
    /// The move belongs to the holders of another capability.
    case forbidden(needs: Capability)
}
