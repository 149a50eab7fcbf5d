import Foundation

/// A lexicon entry as typed in a form or sent to the API, before checking.
public struct LexiconEntryInput: Sendable, Equatable, Codable {
    public var phrase: String?
    public var kind: String?
    public var severity: String?
    public var language: String?
    public var suggestionZh: String?
    public var suggestionEn: String?

    public init(
        phrase: String?, kind: String?, severity: String?, language: String? = nil, suggestionZh: String? = nil,
        suggestionEn: String? = nil
    ) {
        self.phrase = phrase
        self.kind = kind
        self.severity = severity
        self.language = language
        self.suggestionZh = suggestionZh
        self.suggestionEn = suggestionEn
    }

    /// The kinds a lexicon entry may have: the wording the lexicon finds.
    public static let kinds: [MessageFindingKind] = [.disrespect, .vagueness]
    /// The kind written for a vague promise without a time (`LexiconEntry.isPromise`).
    public static let promiseKind = "promise"
    public static let maxPhrase = 100
    public static let maxSuggestion = 500
    /// The most entries a lexicon holds.
    public static let maxEntries = 20_000

    /// The entry, or the issues found, each under `prefix` (`entries[3].` for the fourth of a list).
    public func validated(prefix: String = "") throws(ValidationFailure) -> LexiconEntry {
        var v = FieldValidator()
        let text = v.requiredText(prefix + "phrase", phrase, max: Self.maxPhrase)
        var kindValue: MessageFindingKind?
        var promise = false
        let rawKind = (kind ?? "").trimmingCharacters(in: .whitespaces)
        if rawKind.isEmpty {
            v.add(prefix + "kind", "required")
        } else if rawKind == Self.promiseKind {
            // A promise without a time (我们会处理): vague wording, reported as an unkept promise (as in the CSV).
            kindValue = .vagueness
            promise = true
        } else if let parsed = MessageFindingKind(rawValue: rawKind), Self.kinds.contains(parsed) {
            kindValue = parsed
        } else {
            v.add(prefix + "kind", "invalidChoice", [(Self.kinds.map(\.rawValue) + [Self.promiseKind]).joined(separator: ", ")])
        }
        let severityValue = v.choice(prefix + "severity", severity, default: MessageFindingSeverity.warn)
        var languageValue: String?
        switch (language ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "": languageValue = nil
        case "zh", "zh-hans": languageValue = "zh"
        case "en": languageValue = "en"
        default: v.add(prefix + "language", "invalidChoice", ["zh, en"])
        }
        let zh = v.optionalText(prefix + "suggestionZh", suggestionZh, max: Self.maxSuggestion)
        let en = v.optionalText(prefix + "suggestionEn", suggestionEn, max: Self.maxSuggestion)
        if !text.isEmpty, !text.contains(where: { $0.isLetter || $0.isNumber }) {
            v.add(prefix + "phrase", "noLetters")
        }
        try v.check()
        return LexiconEntry(
            phrase: text, kind: kindValue ?? .disrespect, severity: severityValue, language: languageValue,
            suggestionZh: zh, suggestionEn: en, isPromise: promise)
    }

    /// Every entry of a list, or every issue of every entry (nothing is kept of a list with one bad entry).
    public static func validated(_ inputs: [LexiconEntryInput]) throws(ValidationFailure) -> [LexiconEntry] {
        guard inputs.count <= maxEntries else {
            throw ValidationFailure([ValidationIssue("entries", "tooMany", [String(maxEntries)])])
        }
        var entries: [LexiconEntry] = []
        var issues: [ValidationIssue] = []
        for (index, input) in inputs.enumerated() {
            do {
                entries.append(try input.validated(prefix: "entries[\(index)]."))
            } catch {
                issues.append(contentsOf: error.issues)
                if issues.count > 200 { break }
            }
        }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return entries
    }
}
