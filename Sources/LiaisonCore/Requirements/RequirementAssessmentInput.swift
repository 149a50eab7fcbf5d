import Foundation

/// An assessment as entered. A field left out keeps its value; an empty text clears it. A decision needs the
/// feasibility and the reason for the customer; recording it moves the requirement.
public struct RequirementAssessmentInput: Sendable, Equatable {
    public var feasibility: String?
    public var effortDays: String?
    public var value: String?
    public var risks: String?
    public var decision: String?
    public var customerReason: String?
    public var internalNotes: String?

    public init(
        feasibility: String? = nil, effortDays: String? = nil, value: String? = nil, risks: String? = nil,
        decision: String? = nil, customerReason: String? = nil, internalNotes: String? = nil
    ) {
        self.feasibility = feasibility
        self.effortDays = effortDays
        self.value = value
        self.risks = risks
        self.decision = decision
        self.customerReason = customerReason
        self.internalNotes = internalNotes
    }
}

public struct ValidRequirementAssessment: Sendable, Equatable {
    public var feasibility: Feasibility?
    public var effortDays: Double?
    public var value: RequirementValue?
    public var risks: String?
    public var decision: AssessmentDecision?
    public var customerReason: String?
    public var internalNotes: String?

    public init(
        feasibility: Feasibility?, effortDays: Double?, value: RequirementValue?, risks: String?,
        decision: AssessmentDecision?, customerReason: String?, internalNotes: String?
    ) {
        self.feasibility = feasibility
        self.effortDays = effortDays
        self.value = value
        self.risks = risks
        self.decision = decision
        self.customerReason = customerReason
        self.internalNotes = internalNotes
    }
}

extension RequirementAssessmentInput {
    public static let maxText = 4_000
    public static let maxNotes = 8_000
    public static let maxEffortDays = 100_000.0

    public func validated(over current: RequirementAssessment?) throws(ValidationFailure)
        -> ValidRequirementAssessment
    {
        var v = FieldValidator()
        var feasibility = current?.feasibility
        if let raw = self.feasibility { feasibility = v.optionalChoice("feasibility", raw, as: Feasibility.self) }
        var effort = current?.effortDays
        if let raw = effortDays {
            let text = raw.trimmedSpaces()
            if text.isEmpty {
                effort = nil
            } else if let number = Double(text), number.isFinite, number >= 0, number <= Self.maxEffortDays,
                text.count <= 12
            {
                effort = (number * 10).rounded() / 10
            } else {
                v.add("effortDays", "outOfRange", ["0", "100000"])
            }
        }
        var value = current?.value
        if let raw = self.value { value = v.optionalChoice("value", raw, as: RequirementValue.self) }
        var risks = current?.risks
        if let raw = self.risks { risks = v.optionalText("risks", raw, max: Self.maxText, multiline: true) }
        var reason = current?.customerReason
        if let raw = customerReason {
            reason = v.optionalText("customerReason", raw, max: Self.maxText, multiline: true)
        }
        var notes = current?.internalNotes
        if let raw = internalNotes {
            notes = v.optionalText("internalNotes", raw, max: Self.maxNotes, multiline: true)
        }
        let decision = v.optionalChoice("decision", decision, as: AssessmentDecision.self)
        if decision != nil {
            if feasibility == nil, !v.issues.contains(where: { $0.field == "feasibility" }) {
                v.add("feasibility", "requiredForDecision")
            }
            if reason == nil, !v.issues.contains(where: { $0.field == "customerReason" }) {
                v.add("customerReason", "requiredForDecision")
            }
        }
        try v.check()
        return ValidRequirementAssessment(
            feasibility: feasibility, effortDays: effort, value: value, risks: risks, decision: decision,
            customerReason: reason, internalNotes: notes)
    }
}
