import Foundation

/// Where a task of a work plan stands. The allowed moves are `TaskStatus.canMove(to:)`:
///
/// - `notStarted` → `inProgress`, `blocked`, `done` (a small task finished at one go), `cancelled`
/// - `inProgress` → `blocked`, `done`, `cancelled` (work begun is not "not started" again)
/// - `blocked` → `notStarted` or `inProgress` (whichever it was, as the person unblocking knows), `cancelled`
/// - `done` → `inProgress` (reopened when its acceptance check fails)
/// - `cancelled` → `notStarted` (taken up again)
public enum TaskStatus: String, CaseIterable, Codable, Sendable {
    case notStarted
    case inProgress
    case blocked
    case done
    case cancelled

    public var labelKey: String { "task.status.\(rawValue)" }

    /// Not started, in progress or blocked: still to be done, and late once its due date has passed.
    public var isOpen: Bool { self == .notStarted || self == .inProgress || self == .blocked }

    /// Done or cancelled: nothing more is expected, and a task waiting on it is free to start.
    public var isFinished: Bool { self == .done || self == .cancelled }

    /// The states a task may move to from this one.
    public var allowedNext: Set<TaskStatus> {
        switch self {
        case .notStarted: [.inProgress, .blocked, .done, .cancelled]
        case .inProgress: [.blocked, .done, .cancelled]
        case .blocked: [.notStarted, .inProgress, .cancelled]
        case .done: [.inProgress]
        case .cancelled: [.notStarted]
        }
    }

    public func canMove(to next: TaskStatus) -> Bool { allowedNext.contains(next) }

    /// The move, or a `taskBadTransition` issue on `field`. Staying in the same state is no move and is allowed,
    /// so an edit that leaves the status as it is passes.
    public func checkMove(to next: TaskStatus, field: String = "status") throws(ValidationFailure) {
        guard next != self, !canMove(to: next) else { return }
        throw ValidationFailure([ValidationIssue(field, "taskBadTransition")])
    }
}
