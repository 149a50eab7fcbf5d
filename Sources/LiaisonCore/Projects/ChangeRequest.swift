import Foundation

/// What a change request (变更请求) touches. A request may touch several at once (scope and schedule, say), so a
/// change request carries a set of kinds, stored as their names in this order, comma-separated.
public enum ChangeRequestKind: String, CaseIterable, Codable, Sendable, Comparable {
    case scope
    case schedule
    case cost

    public var labelKey: String { "changeRequest.kind.\(rawValue)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The stored form of a set of kinds: "scope,schedule".
    public static func text(_ kinds: Set<ChangeRequestKind>) -> String {
        kinds.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// The kinds named in a stored text; unknown names are left out.
    public static func parse(_ text: String) -> Set<ChangeRequestKind> {
        Set(text.split(separator: ",").compactMap { ChangeRequestKind(rawValue: String($0)) })
    }
}

/// Where a change request stands. The project manager assesses it and sends it to the customer, whose decision
/// (approved or rejected) is final; the request may be withdrawn until the customer decides.
public enum ChangeRequestStatus: String, CaseIterable, Codable, Sendable {
    case proposed
    case assessed
    case sentToCustomer
    case approved
    case rejected
    case withdrawn

    public var labelKey: String { "changeRequest.status.\(rawValue)" }

    /// The customer decided: nothing more may happen to it.
    public var isDecided: Bool { self == .approved || self == .rejected }

    /// Approved, rejected or withdrawn.
    public var isFinal: Bool { isDecided || self == .withdrawn }

    /// Its text and charter changes may still be edited.
    public var isEditable: Bool { self == .proposed || self == .assessed }

    /// Whether an action may move a request from here to `next`. Assessing again (assessed → assessed) updates
    /// the assessment before it is sent.
    public func canMove(to next: ChangeRequestStatus) -> Bool {
        switch (self, next) {
        case (.proposed, .assessed), (.assessed, .assessed), (.assessed, .sentToCustomer): true
        case (.sentToCustomer, .approved), (.sentToCustomer, .rejected): true
        case (.proposed, .withdrawn), (.assessed, .withdrawn), (.sentToCustomer, .withdrawn): true
        default: false
        }
    }
}

/// The project manager's assessment of a change: what it does to the scope (text), the schedule (days later, or
/// earlier when negative) and the cost (an amount in a currency, negative for a saving).
public struct ChangeImpact: Sendable, Equatable, Codable {
    public var scope: String?
    public var scheduleDays: Int?
    /// A decimal amount as text ("12000.50"), exact.
    public var costAmount: String?
    public var costCurrency: String?
    public var note: String?

    public init(
        scope: String? = nil, scheduleDays: Int? = nil, costAmount: String? = nil, costCurrency: String? = nil,
        note: String? = nil
    ) {
        self.scope = scope
        self.scheduleDays = scheduleDays
        self.costAmount = costAmount
        self.costCurrency = costCurrency
        self.note = note
    }

    public var isEmpty: Bool { scope == nil && scheduleDays == nil && costAmount == nil && note == nil }
}

/// The changes a change request would make to the charter once approved: the sections it rewrites (a section
/// left nil keeps its text) and, when set, the whole new list of milestones.
public struct CharterPatch: Sendable, Equatable, Codable {
    public var goals: String?
    public var scopeIn: String?
    public var scopeOut: String?
    public var milestones: [CharterMilestone]?
    public var deliveryStandards: String?
    public var acceptanceCriteria: String?
    public var assumptions: String?
    public var stakeholders: String?

    public init(
        goals: String? = nil, scopeIn: String? = nil, scopeOut: String? = nil, milestones: [CharterMilestone]? = nil,
        deliveryStandards: String? = nil, acceptanceCriteria: String? = nil, assumptions: String? = nil,
        stakeholders: String? = nil
    ) {
        self.goals = goals
        self.scopeIn = scopeIn
        self.scopeOut = scopeOut
        self.milestones = milestones
        self.deliveryStandards = deliveryStandards
        self.acceptanceCriteria = acceptanceCriteria
        self.assumptions = assumptions
        self.stakeholders = stakeholders
    }

    public var isEmpty: Bool { self == CharterPatch() }

    /// The sections the patch rewrites, in the charter's order.
    public var sections: [CharterContent.Section] {
        return CharterContent.Section.allCases.filter { section in
            switch section {
            case .goals: goals != nil
            case .scopeIn: scopeIn != nil
            case .scopeOut: scopeOut != nil
            case .milestones: milestones != nil
            case .deliveryStandards: deliveryStandards != nil
            case .acceptanceCriteria: acceptanceCriteria != nil
            case .assumptions: assumptions != nil
            case .stakeholders: stakeholders != nil
            case .communicationPlan: false
            }
        }
    }

    /// The content with the patch's sections put in.
    public func apply(to content: CharterContent) -> CharterContent {
        var out = content
        if let goals { out.goals = goals }
        if let scopeIn { out.scopeIn = scopeIn }
        if let scopeOut { out.scopeOut = scopeOut }
        if let milestones { out.milestones = milestones }
        if let deliveryStandards { out.deliveryStandards = deliveryStandards }
        if let acceptanceCriteria { out.acceptanceCriteria = acceptanceCriteria }
        if let assumptions { out.assumptions = assumptions }
        if let stakeholders { out.stakeholders = stakeholders }
        return out
    }
}

/// A change request of a project: a change of scope, schedule or cost proposed, assessed by the project manager,
/// and approved or rejected by the customer before the charter gets a new version.
public struct ChangeRequest: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    /// 1, 2, … within the project; shown as "CR-1".
    public var number: Int
    public var title: String
    public var kinds: Set<ChangeRequestKind>
    public var description: String?
    public var reason: String?
    public var impact: ChangeImpact
    public var charterChanges: CharterPatch
    public var status: ChangeRequestStatus
    public var requestedBy: UUID?
    public var assessedBy: UUID?
    public var assessedAt: Date?
    public var sentAt: Date?
    /// The customer's contact who decided, when, how ("portal", "link" or "recorded": given in writing and
    /// recorded by staff), and what they said.
    public var decidedByContact: UUID?
    public var decidedAt: Date?
    public var decisionChannel: String?
    public var decisionNote: String?
    /// The charter version the approval made or changed.
    public var charterVersionID: UUID?
    public var charterVersionNumber: Int?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, number: Int, title: String, kinds: Set<ChangeRequestKind>, description: String?,
        reason: String?, impact: ChangeImpact, charterChanges: CharterPatch, status: ChangeRequestStatus,
        requestedBy: UUID?, assessedBy: UUID?, assessedAt: Date?, sentAt: Date?, decidedByContact: UUID?,
        decidedAt: Date?, decisionChannel: String?, decisionNote: String?, charterVersionID: UUID?,
        charterVersionNumber: Int?, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.title = title
        self.kinds = kinds
        self.description = description
        self.reason = reason
        self.impact = impact
        self.charterChanges = charterChanges
        self.status = status
        self.requestedBy = requestedBy
        self.assessedBy = assessedBy
        self.assessedAt = assessedAt
        self.sentAt = sentAt
        self.decidedByContact = decidedByContact
        self.decidedAt = decidedAt
        self.decisionChannel = decisionChannel
        self.decisionNote = decisionNote
        self.charterVersionID = charterVersionID
        self.charterVersionNumber = charterVersionNumber
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// "CR-3".
    public var numberText: String { "CR-\(number)" }
}

/// How many change requests of a project stand at each status (for the closure review).
public struct ChangeRequestSummary: Sendable, Equatable {
    public var counts: [ChangeRequestStatus: Int]

    public init(counts: [ChangeRequestStatus: Int]) {
        self.counts = counts
    }

    public func count(_ status: ChangeRequestStatus) -> Int { counts[status] ?? 0 }

    public var total: Int { counts.values.reduce(0, +) }

    /// Proposed, assessed or with the customer: not decided yet.
    public var open: Int { count(.proposed) + count(.assessed) + count(.sentToCustomer) }
}
