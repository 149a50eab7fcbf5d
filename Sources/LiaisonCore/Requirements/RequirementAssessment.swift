import Foundation

/// Whether R&D can build what is asked.
public enum Feasibility: String, CaseIterable, Codable, Sendable {
    case feasible
    case feasibleWithChanges
    case notFeasible
    case unknown

    public var labelKey: String { "requirement.feasibility.\(rawValue)" }
}

/// How much the requirement is worth to the company and the customer.
public enum RequirementValue: String, CaseIterable, Codable, Sendable {
    case low
    case medium
    case high

    public var labelKey: String { "requirement.value.\(rawValue)" }
}

/// What R&D decided: each decision moves the requirement to the state of the same name.
public enum AssessmentDecision: String, CaseIterable, Codable, Sendable {
    case accept
    case reject
    case `defer`

    public var labelKey: String { "requirement.decision.\(rawValue)" }

    public var status: RequirementStatus {
        switch self {
        case .accept: .accepted
        case .reject: .rejected
        case .defer: .deferred
        }
    }
}

/// R&D's assessment of a requirement (需求评估). The reason meant for the customer is kept apart from the internal
/// notes, which never leave the company.
public struct RequirementAssessment: Sendable, Equatable {
    public var requirementID: UUID
    public var feasibility: Feasibility?
    /// Effort in person-days.
    public var effortDays: Double?
    public var value: RequirementValue?
    public var risks: String?
    public var decision: AssessmentDecision?
    public var customerReason: String?
    public var internalNotes: String?
    public var assessedByID: UUID?
    public var decidedAt: Date?
    public var version: Int
    public var updatedAt: Date

    public init(
        requirementID: UUID, feasibility: Feasibility?, effortDays: Double?, value: RequirementValue?, risks: String?,
        decision: AssessmentDecision?, customerReason: String?, internalNotes: String?, assessedByID: UUID?,
        decidedAt: Date?, version: Int, updatedAt: Date
    ) {
        self.requirementID = requirementID
        self.feasibility = feasibility
        self.effortDays = effortDays
        self.value = value
        self.risks = risks
        self.decision = decision
        self.customerReason = customerReason
        self.internalNotes = internalNotes
        self.assessedByID = assessedByID
        self.decidedAt = decidedAt
        self.version = version
        self.updatedAt = updatedAt
    }
}
