import Foundation

/// Where a project stands (项目状态). The allowed moves are `ProjectStatus.canMove(to:)`; each needs
/// `requiredCapability(to:)`.
public enum ProjectStatus: String, CaseIterable, Codable, Sendable {
    case planning
    case active
    case onHold
    case closing
    case closed

    public var labelKey: String { "project.status.\(rawValue)" }

    /// The states a project may move to from this one. Work starts once (planning → active), may pause and resume,
    /// and ends through closing (the closure work), which may still go back to active; a closed project stays closed.
    public var allowedNext: [ProjectStatus] {
        switch self {
        case .planning: [.active]
        case .active: [.onHold, .closing]
        case .onHold: [.active, .closing]
        case .closing: [.active, .closed]
        case .closed: []
        }
    }

    public func canMove(to next: ProjectStatus) -> Bool { allowedNext.contains(next) }

    /// What a person needs to move a project into `next`: the project manager's capability for every move.
    public static func requiredCapability(to next: ProjectStatus) -> Capability { .projectsManage }

    /// Whether the project's team still works on it.
    public var isOpen: Bool { self != .closed }
}

/// The part a person plays in a project's team.
public enum ProjectRole: String, CaseIterable, Codable, Sendable {
    /// Leads the project (项目经理); the project's manager holds it.
    case projectManager
    /// Works on the project.
    case member
    /// Backs the project for the company and decides on its scope and means.
    case sponsor
    /// Follows the project without working on it.
    case observer

    public var labelKey: String { "project.role.\(rawValue)" }

    /// The part on the customer's account team a project role brings with it, for a person not on it yet.
    public var teamRole: TeamRole {
        switch self {
        case .projectManager: .projectManager
        case .sponsor: .executive
        case .member, .observer: .member
        }
    }
}

/// Human project numbers: P-0042.
public enum ProjectNumber {
    public static func format(_ sequence: Int) -> String {
        let digits = String(sequence)
        return "P-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public static func parse(_ text: String) -> Int? {
        let upper = text.trimmedSpaces().uppercased()
        guard upper.hasPrefix("P-"), upper.count <= 20, let value = Int(upper.dropFirst(2)), value > 0 else {
            return nil
        }
        return value
    }
}
