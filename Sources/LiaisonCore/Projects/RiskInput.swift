import Foundation

/// A risk as entered (API body or form); on an update the caller fills what was left out from the risk as it is.
public struct RiskInput: Sendable, Equatable {
    public var title: String?
    public var description: String?
    /// 1…5, as typed.
    public var probability: String?
    public var impact: String?
    public var ownerID: String?
    public var mitigation: String?
    public var contingency: String?
    public var dueOn: String?
    public var status: String?

    public init(
        title: String? = nil, description: String? = nil, probability: String? = nil, impact: String? = nil,
        ownerID: String? = nil, mitigation: String? = nil, contingency: String? = nil, dueOn: String? = nil,
        status: String? = nil
    ) {
        self.title = title
        self.description = description
        self.probability = probability
        self.impact = impact
        self.ownerID = ownerID
        self.mitigation = mitigation
        self.contingency = contingency
        self.dueOn = dueOn
        self.status = status
    }

    public static let maxTitle = 200
    public static let maxText = 20_000

    /// Every field checked at once. `occurred` is not a status an edit sets: a risk happens through turning it
    /// into an issue.
    public func validated() throws(ValidationFailure) -> ValidRisk {
        var v = FieldValidator()
        let title = v.requiredText("title", title, max: Self.maxTitle)
        let description = v.optionalText("description", description, max: Self.maxText, multiline: true)
        let probability = Self.step("probability", probability, &v)
        let impact = Self.step("impact", impact, &v)
        let owner = v.reference("ownerId", ownerID)
        let mitigation = v.optionalText("mitigation", mitigation, max: Self.maxText, multiline: true)
        let contingency = v.optionalText("contingency", contingency, max: Self.maxText, multiline: true)
        let due = v.day("dueOn", dueOn)
        let status = v.optionalChoice("status", status, as: RiskStatus.self)
        if status == .occurred { v.add("status", "riskOccursThroughIssue") }
        try v.check()
        return ValidRisk(
            title: title, description: description,
            score: RiskScore(probability: try v.unwrap(probability, "probability"), impact: try v.unwrap(impact, "impact")),
            ownerID: owner, mitigation: mitigation, contingency: contingency, dueOn: due, status: status)
    }

    /// A step of the five-step scale: required, a whole number from 1 to 5.
    static func step(_ field: String, _ raw: String?, _ v: inout FieldValidator) -> Int? {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else {
            v.add(field, "required")
            return nil
        }
        guard let value = Int(text), RiskScale.range.contains(value) else {
            v.add(field, "outOfRange", ["1", "5"])
            return nil
        }
        return value
    }
}

public struct ValidRisk: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var score: RiskScore
    public var ownerID: UUID?
    public var mitigation: String?
    public var contingency: String?
    public var dueOn: LocalDate?
    /// nil: left as it is (a new risk is open).
    public var status: RiskStatus?
}

/// An issue as entered; on an update the caller fills what was left out from the issue as it is.
public struct ProjectIssueInput: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var severity: String?
    public var ownerID: String?
    public var resolution: String?
    public var dueOn: String?
    public var status: String?

    public init(
        title: String? = nil, description: String? = nil, severity: String? = nil, ownerID: String? = nil,
        resolution: String? = nil, dueOn: String? = nil, status: String? = nil
    ) {
        self.title = title
        self.description = description
        self.severity = severity
        self.ownerID = ownerID
        self.resolution = resolution
        self.dueOn = dueOn
        self.status = status
    }

    public func validated() throws(ValidationFailure) -> ValidProjectIssue {
        var v = FieldValidator()
        let title = v.requiredText("title", title, max: RiskInput.maxTitle)
        let description = v.optionalText("description", description, max: RiskInput.maxText, multiline: true)
        if severity?.trimmedSpaces().isEmpty ?? true { v.add("severity", "required") }
        let severity = v.choice("severity", severity, default: ProjectIssueSeverity.medium)
        let owner = v.reference("ownerId", ownerID)
        let resolution = v.optionalText("resolution", resolution, max: RiskInput.maxText, multiline: true)
        let due = v.day("dueOn", dueOn)
        let status = v.optionalChoice("status", status, as: ProjectIssueStatus.self)
        try v.check()
        return ValidProjectIssue(
            title: title, description: description, severity: severity, ownerID: owner, resolution: resolution,
            dueOn: due, status: status)
    }
}

public struct ValidProjectIssue: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var severity: ProjectIssueSeverity
    public var ownerID: UUID?
    public var resolution: String?
    public var dueOn: LocalDate?
    public var status: ProjectIssueStatus?

    public init(
        title: String, description: String?, severity: ProjectIssueSeverity, ownerID: UUID?, resolution: String?,
        dueOn: LocalDate?, status: ProjectIssueStatus?
    ) {
        self.title = title
        self.description = description
        self.severity = severity
        self.ownerID = ownerID
        self.resolution = resolution
        self.dueOn = dueOn
        self.status = status
    }
}
