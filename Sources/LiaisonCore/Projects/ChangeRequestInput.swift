import Foundation

/// A change request as entered (API body or form); on an update the caller fills what was left out from the
/// request as it is.
public struct ChangeRequestInput: Sendable, Equatable {
    public var title: String?
    /// Names of `ChangeRequestKind`s; at least one.
    public var kinds: [String]?
    public var description: String?
    public var reason: String?
    /// The charter sections the change would rewrite, as the charter's own form takes them.
    public var charterChanges: CharterInput?

    public init(
        title: String? = nil, kinds: [String]? = nil, description: String? = nil, reason: String? = nil,
        charterChanges: CharterInput? = nil
    ) {
        self.title = title
        self.kinds = kinds
        self.description = description
        self.reason = reason
        self.charterChanges = charterChanges
    }

    public static let maxTitle = 200
    public static let maxText = 20_000

    /// Every field checked at once; milestones must fall within the project's dates, as the charter's do.
    public func validated(projectStart: LocalDate?, projectEnd: LocalDate?) throws(ValidationFailure)
        -> ValidChangeRequest
    {
        var v = FieldValidator()
        let title = v.requiredText("title", title, max: Self.maxTitle)
        let kinds = Self.kinds(kinds, &v)
        let description = v.optionalText("description", description, max: Self.maxText, multiline: true)
        let reason = v.optionalText("reason", reason, max: Self.maxText, multiline: true)
        var patch = CharterPatch()
        if let changes = charterChanges {
            do {
                let content = try changes.validated(over: CharterContent(), projectStart: projectStart, projectEnd: projectEnd)
                patch = CharterPatch(
                    goals: changes.goals.map { _ in content.goals },
                    scopeIn: changes.scopeIn.map { _ in content.scopeIn },
                    scopeOut: changes.scopeOut.map { _ in content.scopeOut },
                    milestones: changes.milestones.map { _ in content.milestones },
                    deliveryStandards: changes.deliveryStandards.map { _ in content.deliveryStandards },
                    acceptanceCriteria: changes.acceptanceCriteria.map { _ in content.acceptanceCriteria },
                    assumptions: changes.assumptions.map { _ in content.assumptions },
                    stakeholders: changes.stakeholders.map { _ in content.stakeholders })
            } catch {
                for issue in error.issues { v.add("charterChanges." + issue.field, issue.code, issue.values) }
            }
        }
        try v.check()
        return ValidChangeRequest(
            title: title, kinds: kinds, description: description, reason: reason, charterChanges: patch)
    }

    /// At least one kind, each a known one.
    static func kinds(_ raw: [String]?, _ v: inout FieldValidator) -> Set<ChangeRequestKind> {
        let names = (raw ?? []).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            v.add("kinds", "required")
            return []
        }
        var kinds = Set<ChangeRequestKind>()
        for name in names {
            guard let kind = ChangeRequestKind(rawValue: name) else {
                v.add("kinds", "invalidChoice", [ChangeRequestKind.allCases.map(\.rawValue).joined(separator: ", ")])
                return []
            }
            kinds.insert(kind)
        }
        return kinds
    }
}

public struct ValidChangeRequest: Sendable, Equatable {
    public var title: String
    public var kinds: Set<ChangeRequestKind>
    public var description: String?
    public var reason: String?
    public var charterChanges: CharterPatch
}

/// The project manager's assessment as entered: at least one of its parts.
public struct ChangeAssessmentInput: Sendable, Equatable {
    public var scope: String?
    public var scheduleDays: String?
    public var costAmount: String?
    public var costCurrency: String?
    public var note: String?

    public init(
        scope: String? = nil, scheduleDays: String? = nil, costAmount: String? = nil, costCurrency: String? = nil,
        note: String? = nil
    ) {
        self.scope = scope
        self.scheduleDays = scheduleDays
        self.costAmount = costAmount
        self.costCurrency = costCurrency
        self.note = note
    }

    public static let maxDays = 3650
    /// Whole units and at most two decimals, an optional sign: "12000", "-350.5".
    public static let maxAmountDigits = 13
    public static let defaultCurrency = "CNY"

    public func validated() throws(ValidationFailure) -> ChangeImpact {
        var v = FieldValidator()
        let scope = v.optionalText("scope", scope, max: ChangeRequestInput.maxText, multiline: true)
        var days: Int?
        if let text = scheduleDays?.trimmedSpaces(), !text.isEmpty {
            if let value = Int(text), abs(value) <= Self.maxDays {
                days = value
            } else {
                v.add("scheduleDays", "outOfRange", [String(-Self.maxDays), String(Self.maxDays)])
            }
        }
        var amount: String?
        if let text = costAmount?.trimmedSpaces(), !text.isEmpty {
            if Self.isAmount(text) { amount = text } else { v.add("costAmount", "invalidAmount") }
        }
        var currency: String?
        if let text = costCurrency?.trimmedSpaces(), !text.isEmpty {
            if text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                currency = text
            } else {
                v.add("costCurrency", "invalidCurrency")
            }
        }
        if amount != nil, currency == nil { currency = Self.defaultCurrency }
        if amount == nil { currency = nil }
        let note = v.optionalText("note", note, max: ChangeRequestInput.maxText, multiline: true)
        let impact = ChangeImpact(
            scope: scope, scheduleDays: days, costAmount: amount, costCurrency: currency, note: note)
        if v.issues.isEmpty, impact.isEmpty { v.add("scope", "assessmentEmpty") }
        try v.check()
        return impact
    }

    /// An exact decimal: an optional minus, digits, and at most two after a point.
    static func isAmount(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= maxAmountDigits,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        if parts.count == 2 {
            let fraction = parts[1]
            return !fraction.isEmpty && fraction.count <= 2 && fraction.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return true
    }
}

/// The customer's decision on a change request as entered.
public enum ChangeDecision: String, CaseIterable, Codable, Sendable {
    case approve
    case reject

    public var status: ChangeRequestStatus { self == .approve ? .approved : .rejected }
}
