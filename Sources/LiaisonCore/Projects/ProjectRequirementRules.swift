import Foundation

/// The rules of a requirement's inclusion in a project (the "requirements included"): which requirements
/// a project may take, and how inclusion and removal move a requirement between `specified` and `planned`.
///
/// A requirement may be in several projects of its own customer (a later phase takes over what an earlier one left),
/// never in a project of another customer.
public enum ProjectRequirementRules {
    /// The statuses a requirement may be included in: R&D accepted it, and it is not delivered yet.
    public static let includable: Set<RequirementStatus> = [.accepted, .specified, .planned]

    /// Why a requirement in `status` may not be included, or nil when it may.
    public static func refusal(toInclude status: RequirementStatus) -> ProjectRequirementRefusal? {
        includable.contains(status) ? nil : .notIncludable(status)
    }

    /// The status a requirement takes when it is included: a specified requirement is planned by being put in a
    /// project; an accepted one waits for its specification, a planned one stays planned.
    public static func status(onInclusion status: RequirementStatus) -> RequirementStatus {
        status == .specified ? .planned : status
    }

    /// The status a requirement takes when it leaves a project and is left in `remaining` others: a planned
    /// requirement in no project any more is specified again (its plan went with the project).
    public static func status(onRemoval status: RequirementStatus, remaining: Int) -> RequirementStatus {
        status == .planned && remaining == 0 ? .specified : status
    }

    /// Why a requirement in `status` may not leave a project, or nil when it may: a delivered requirement stays
    /// with the project that delivered it.
    public static func refusal(toRemove status: RequirementStatus) -> ProjectRequirementRefusal? {
        status == .delivered ? .delivered : nil
    }
}

/// Why a requirement is refused by a project.
public enum ProjectRequirementRefusal: Error, Sendable, Equatable {
    /// Only accepted, specified or planned requirements are included; this one is in another status.
    case notIncludable(RequirementStatus)
    /// The requirement is another customer's.
    case otherCustomer
    /// The requirement is delivered: it stays in the project.
    case delivered
}
