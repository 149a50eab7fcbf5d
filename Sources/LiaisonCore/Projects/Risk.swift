import Foundation

/// How likely a risk is, or how hard it would hit, on the usual five-step scale (1 = very low … 5 = very high).
public enum RiskScale {
    public static let range = 1...5
}

/// A risk's score, probability × impact (1…25), and its band on the heat map.
public struct RiskScore: Sendable, Equatable, Hashable {
    public enum Level: String, CaseIterable, Codable, Sendable, Comparable {
        case low
        case medium
        case high
        case critical

        public var labelKey: String { "risk.level.\(rawValue)" }

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var probability: Int
    public var impact: Int

    public init(probability: Int, impact: Int) {
        self.probability = probability
        self.impact = impact
    }

    public var value: Int { probability * impact }

    /// 1–4 low, 5–9 medium, 10–15 high, 16–25 critical.
    public var level: Level {
        switch value {
        case ..<5: .low
        case ..<10: .medium
        case ..<16: .high
        default: .critical
        }
    }
}

/// Where a risk stands. `occurred` is final: the risk happened and goes on as an issue (`ProjectIssue`), which
/// keeps its history; `closed` may be reopened.
public enum RiskStatus: String, CaseIterable, Codable, Sendable {
    case open
    case mitigating
    case closed
    case occurred

    public var labelKey: String { "risk.status.\(rawValue)" }

    /// Open or being mitigated: on the heat map and in reports.
    public var isActive: Bool { self == .open || self == .mitigating }

    /// The moves an edit may make; `occurred` only through turning the risk into an issue.
    public func canMove(to next: RiskStatus) -> Bool {
        guard next != self else { return true }
        switch self {
        case .open: return next == .mitigating || next == .closed
        case .mitigating: return next == .open || next == .closed
        case .closed: return next == .open
        case .occurred: return false
        }
    }
}

/// A project's issue (问题): something that has gone wrong and needs resolving. Named `ProjectIssue` because
/// "issue" is already a kind of customer request.
public enum ProjectIssueStatus: String, CaseIterable, Codable, Sendable {
    case open
    case inProgress
    case resolved
    case closed

    public var labelKey: String { "projectIssue.status.\(rawValue)" }

    public var isOpen: Bool { self == .open || self == .inProgress }

    public func canMove(to next: ProjectIssueStatus) -> Bool {
        guard next != self else { return true }
        switch self {
        case .open: return next == .inProgress || next == .resolved || next == .closed
        case .inProgress: return next == .open || next == .resolved || next == .closed
        case .resolved: return next == .closed || next == .inProgress
        case .closed: return next == .inProgress
        }
    }
}

public enum ProjectIssueSeverity: String, CaseIterable, Codable, Sendable {
    case low
    case medium
    case high
    case critical

    public var labelKey: String { "projectIssue.severity.\(rawValue)" }

    /// The severity an issue starts with when a risk of this score happens.
    public init(_ level: RiskScore.Level) {
        switch level {
        case .low: self = .low
        case .medium: self = .medium
        case .high: self = .high
        case .critical: self = .critical
        }
    }
}

/// A risk of a project: what might happen, how likely and how bad, who watches it, what is done to make it less
/// likely (mitigation) and what is done if it happens (contingency).
public struct Risk: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var title: String
    public var description: String?
    public var score: RiskScore
    public var ownerID: UUID?
    public var mitigation: String?
    public var contingency: String?
    public var dueOn: LocalDate?
    public var status: RiskStatus
    /// The issue the risk became when it happened.
    public var issueID: UUID?
    /// When the customer was last told about it.
    public var toldAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, title: String, description: String? = nil, score: RiskScore, ownerID: UUID? = nil,
        mitigation: String? = nil, contingency: String? = nil, dueOn: LocalDate? = nil, status: RiskStatus = .open,
        issueID: UUID? = nil, toldAt: Date? = nil, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.title = title
        self.description = description
        self.score = score
        self.ownerID = ownerID
        self.mitigation = mitigation
        self.contingency = contingency
        self.dueOn = dueOn
        self.status = status
        self.issueID = issueID
        self.toldAt = toldAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// An issue of a project: its severity, owner, how it is being resolved, by when, and the risk it came from.
public struct ProjectIssue: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var title: String
    public var description: String?
    public var severity: ProjectIssueSeverity
    public var ownerID: UUID?
    public var resolution: String?
    public var dueOn: LocalDate?
    public var status: ProjectIssueStatus
    public var riskID: UUID?
    public var toldAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, title: String, description: String? = nil, severity: ProjectIssueSeverity,
        ownerID: UUID? = nil, resolution: String? = nil, dueOn: LocalDate? = nil, status: ProjectIssueStatus = .open,
        riskID: UUID? = nil, toldAt: Date? = nil, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.title = title
        self.description = description
        self.severity = severity
        self.ownerID = ownerID
        self.resolution = resolution
        self.dueOn = dueOn
        self.status = status
        self.riskID = riskID
        self.toldAt = toldAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
