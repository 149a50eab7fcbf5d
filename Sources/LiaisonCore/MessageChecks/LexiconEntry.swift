import Foundation

/// One phrase the check looks for: disrespectful or vague wording, with its severity and what to write instead.
public struct LexiconEntry: Equatable, Codable, Sendable {
    public var phrase: String
    /// `.disrespect` or `.vagueness`.
    public var kind: MessageFindingKind
    public var severity: MessageFindingSeverity
    /// "zh", "en" or nil (both): informative, the phrase is looked for in every text.
    public var language: String?
    public var suggestionZh: String?
    public var suggestionEn: String?
    /// For vagueness: true when the phrase is a promise without a time (我们会处理, we will look into it) rather
    /// than a vague time word (尽快, soon); the finding's code says which.
    public var isPromise: Bool

    /// An entry from its parts.
    public init(
        phrase: String, kind: MessageFindingKind, severity: MessageFindingSeverity, language: String? = nil,
        suggestionZh: String? = nil, suggestionEn: String? = nil, isPromise: Bool = false
    ) {
        self.phrase = phrase
        self.kind = kind
        self.severity = severity
        self.language = language
        self.suggestionZh = suggestionZh
        self.suggestionEn = suggestionEn
        self.isPromise = isPromise
    }

    private enum CodingKeys: String, CodingKey {
        case phrase, kind, severity, language, suggestionZh, suggestionEn, isPromise
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        phrase = try container.decode(String.self, forKey: .phrase)
        kind = try container.decode(MessageFindingKind.self, forKey: .kind)
        severity = try container.decode(MessageFindingSeverity.self, forKey: .severity)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        suggestionZh = try container.decodeIfPresent(String.self, forKey: .suggestionZh)
        suggestionEn = try container.decodeIfPresent(String.self, forKey: .suggestionEn)
        isPromise = try container.decodeIfPresent(Bool.self, forKey: .isPromise) ?? false
    }

    /// The suggestion in the sender's language ("zh…" → Chinese, else English), falling back to the other one.
    public func suggestion(for senderLanguage: String?) -> String? {
        let chinese = senderLanguage?.lowercased().hasPrefix("zh") ?? false
        let first = chinese ? suggestionZh : suggestionEn
        let second = chinese ? suggestionEn : suggestionZh
        return first.flatMap { $0.isEmpty ? nil : $0 } ?? second.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The lexicon compiled for matching: phrases normalised (`NormalisedText`) into one automaton, built once and
/// shared by every check.
public struct Lexicon: Sendable {
    public let entries: [LexiconEntry]
    let automaton: PhraseAutomaton

    /// Compiles `entries`; an entry whose phrase normalises to nothing (only punctuation) never matches.
    public init(entries: [LexiconEntry]) {
        self.entries = entries
        automaton = PhraseAutomaton(entries.map { NormalisedText.key($0.phrase) })
    }

    /// The built-in lexicon, compiled.
    public static let standard = Lexicon(entries: builtIn)

    /// Entries found in `text`: of overlapping ones of the same kind, the longest.
    func matches(in text: NormalisedText) -> [(entry: LexiconEntry, start: Int, end: Int)] {
        let all = automaton.matches(in: text)
        var result: [(entry: LexiconEntry, start: Int, end: Int)] = []
        for kind in [MessageFindingKind.disrespect, .vagueness] {
            let ofKind = all.filter { entries[$0.pattern].kind == kind }
            for match in PhraseAutomaton.longestNonOverlapping(ofKind) {
                let span = text.originalSpan(match.start, match.end)
                result.append((entries[match.pattern], span.start, span.end))
            }
        }
        return result.sorted { $0.start < $1.start }
    }
}
