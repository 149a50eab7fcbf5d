import Foundation

/// The admins' settings of the check: which kinds block, which warn, which are off. Another customer's name always
/// blocks, whatever the settings say: it is a confidentiality breach, not a matter of style.
public struct MessageCheckPolicy: Sendable, Equatable, Codable {
    /// The severity of each kind; a kind missing here keeps the severity the check gives it (a lexicon entry's own,
    /// else `warn`).
    public var severities: [MessageFindingKind: MessageFindingSeverity]
    /// Kinds not checked at all (`otherCustomer` cannot be switched off).
    public var disabled: Set<MessageFindingKind>

    /// A policy from its parts.
    public init(severities: [MessageFindingKind: MessageFindingSeverity] = [:], disabled: Set<MessageFindingKind> = [])
    {
        self.severities = severities
        self.disabled = disabled
    }

    /// Leftover placeholders, copied internal text, another customer and outside recipients or attachments block;
    /// disrespect follows each lexicon entry; vagueness, language and dates warn.
    public static let standard = MessageCheckPolicy(
        severities: [
            .placeholder: .block, .internalText: .block, .otherCustomer: .block, .recipient: .block,
            .attachment: .block, .vagueness: .warn, .language: .warn, .date: .warn,
        ],
        disabled: [])

    /// Whether findings of `kind` are looked for.
    public func isEnabled(_ kind: MessageFindingKind) -> Bool {
        kind == .otherCustomer || !disabled.contains(kind)
    }

    /// The severity a finding of `kind` gets, given the one the check proposed.
    public func severity(of kind: MessageFindingKind, proposed: MessageFindingSeverity) -> MessageFindingSeverity {
        if kind == .otherCustomer { return .block }
        return severities[kind] ?? proposed
    }

    private enum CodingKeys: String, CodingKey {
        case severities, disabled
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try container.decodeIfPresent([String: MessageFindingSeverity].self, forKey: .severities) ?? [:]
        severities = Dictionary(
            uniqueKeysWithValues: raw.compactMap { key, value in
                MessageFindingKind(rawValue: key).map { ($0, value) }
            })
        disabled = Set(try container.decodeIfPresent([MessageFindingKind].self, forKey: .disabled) ?? [])
    }

    /// Writes `{"severities": {"vagueness": "warn"}, "disabled": ["language"]}` with sorted keys' stable shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            Dictionary(uniqueKeysWithValues: severities.map { ($0.key.rawValue, $0.value) }), forKey: .severities)
        try container.encode(disabled.map(\.rawValue).sorted(), forKey: .disabled)
    }
}
