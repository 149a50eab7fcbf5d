import Foundation

/// What a finding of the message check is about.
public enum MessageFindingKind: String, Codable, CaseIterable, Sendable {
    case disrespect, vagueness, placeholder, internalText, otherCustomer, recipient, attachment, language, date

    /// The catalog key of the kind's name, for the settings page.
    public var labelKey: String { "guard.kind.\(rawValue)" }
}

/// Whether a finding stops the message (`block`) or only asks the sender to look again (`warn`).
public enum MessageFindingSeverity: String, Codable, CaseIterable, Sendable {
    case block, warn

    /// The catalog key of the severity's name.
    public var labelKey: String { "guard.severity.\(rawValue)" }
}

/// One problem found in a customer-facing text. Spans count Unicode scalars of the original text (end exclusive);
/// findings about things outside the text (a recipient, an attachment, an unanswered question of the customer)
/// have `start == end == 0` and carry the thing itself as `excerpt`.
public struct MessageFinding: Equatable, Codable, Sendable {
    public var kind: MessageFindingKind
    public var severity: MessageFindingSeverity
    public var start: Int
    public var end: Int
    /// Stable code; the catalog has `guard.finding.<code>` and `guard.suggestion.<code>` for each.
    public var code: String
    /// Values for the message, e.g. `["name": "星河科技"]`; `catalogArguments` orders them as `{0}`, `{1}`.
    public var arguments: [String: String]
    /// A lexicon entry's own suggestion in the sender's language, when it has one.
    public var suggestion: String?
    /// The original text of the span (or the address, attachment or question the finding is about).
    public var excerpt: String

    /// A finding from its parts.
    public init(
        kind: MessageFindingKind, severity: MessageFindingSeverity, start: Int, end: Int, code: String,
        arguments: [String: String] = [:], suggestion: String? = nil, excerpt: String
    ) {
        self.kind = kind
        self.severity = severity
        self.start = start
        self.end = end
        self.code = code
        self.arguments = arguments
        self.suggestion = suggestion
        self.excerpt = excerpt
    }

    /// Every code the check produces, for catalog completeness tests and the settings page.
    public static let codes: [String] = [
        "attachment", "date.holiday", "date.invalid", "date.past", "disrespect", "internalText",
        "internalText.marker", "language", "otherCustomer", "placeholder", "recipient", "vagueness.noDate",
        "vagueness.promise", "vagueness.unanswered",
    ]

    /// The argument names of each code in catalog order: `guard.finding.<code>` uses `{0}` for the first.
    public static let argumentOrder: [String: [String]] = [
        "attachment": ["name"], "date.holiday": ["due"], "date.invalid": ["date"], "date.past": ["due"],
        "disrespect": ["phrase"], "internalText": ["length"], "internalText.marker": ["marker"],
        "language": ["expected", "found"], "otherCustomer": ["name"], "placeholder": ["placeholder"],
        "recipient": ["address"], "vagueness.noDate": ["phrase"], "vagueness.promise": ["phrase"],
        "vagueness.unanswered": ["question"],
    ]

    /// The catalog key of the finding's message (`{0}`, `{1}` … from `catalogArguments`).
    public var messageKey: String { "guard.finding.\(code)" }
    /// The catalog key of the standard suggestion, shown when the finding has no `suggestion` of its own.
    public var suggestionKey: String { "guard.suggestion.\(code)" }

    /// The arguments in the order the catalog's `{0}`, `{1}` … expect ("" for a missing one).
    public var catalogArguments: [String] {
        (Self.argumentOrder[code] ?? []).map { arguments[$0] ?? "" }
    }
}
