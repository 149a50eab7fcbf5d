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
/// shared by every check. A phrase may hold `*` between its parts ("说了*遍", "told*times"): the parts must come in
/// order in one sentence, at most `maximumGap` normalised characters apart ("说了三遍", "说了好多遍", "told your team
/// three times").
public struct Lexicon: Sendable {
    public let entries: [LexiconEntry]
    let automaton: PhraseAutomaton
    /// For each automaton pattern: its entry and the part's position in the entry's phrase.
    private let parts: [(entry: Int, part: Int)]
    private let partCounts: [Int]
    public static let maximumGap = 12

    /// Compiles `entries`; an entry whose phrase normalises to nothing (only punctuation) never matches.
    public init(entries: [LexiconEntry]) {
        self.entries = entries
        var keys: [[UInt32]] = []
        var parts: [(entry: Int, part: Int)] = []
        var partCounts: [Int] = []
        var wordCounts: [Int] = []
        for (index, entry) in entries.enumerated() {
            let pieces = entry.phrase.split(separator: "*").map(String.init).filter { !NormalisedText.key($0).isEmpty }
            partCounts.append(pieces.count)
            for (position, piece) in pieces.enumerated() {
                keys.append(NormalisedText.key(piece))
                wordCounts.append(PhraseAutomaton.latinWordCount(piece))
                parts.append((index, position))
            }
        }
        self.parts = parts
        self.partCounts = partCounts
        automaton = PhraseAutomaton(keys, wordCounts: wordCounts)
    }

    /// The built-in lexicon, compiled.
    public static let standard = Lexicon(entries: builtIn)

    /// Entries found in `text`: of overlapping ones of the same kind, the longest.
    func matches(in text: NormalisedText) -> [(entry: LexiconEntry, start: Int, end: Int)] {
        var whole: [PhraseAutomaton.Match] = []
        var pieces: [Int: [[PhraseAutomaton.Match]]] = [:]
        for match in automaton.matches(in: text) {
            let (entry, part) = parts[match.pattern]
            if partCounts[entry] == 1 {
                whole.append(PhraseAutomaton.Match(start: match.start, end: match.end, pattern: entry))
            } else {
                var list = pieces[entry] ?? Array(repeating: [], count: partCounts[entry])
                list[part].append(match)
                pieces[entry] = list
            }
        }
        for (entry, list) in pieces.sorted(by: { $0.key < $1.key }) {
            whole += Self.chains(list, entry: entry, in: text)
        }
        var result: [(entry: LexiconEntry, start: Int, end: Int)] = []
        for kind in [MessageFindingKind.disrespect, .vagueness] {
            let ofKind = whole.filter { entries[$0.pattern].kind == kind }
            for match in PhraseAutomaton.longestNonOverlapping(ofKind) {
                let span = text.originalSpan(match.start, match.end)
                result.append((entries[match.pattern], span.start, span.end))
            }
        }
        return result.sorted { $0.start < $1.start }
    }

    /// Occurrences of a phrase with gaps: each occurrence of the first part followed, in order and within
    /// `maximumGap` characters of the same sentence, by the nearest occurrence of each next part.
    private static func chains(_ parts: [[PhraseAutomaton.Match]], entry: Int, in text: NormalisedText)
        -> [PhraseAutomaton.Match]
    {
        guard let first = parts.first else { return [] }
        var found: [PhraseAutomaton.Match] = []
        var lastEnd = -1
        var cursors = [Int](repeating: 0, count: parts.count)
        for start in first where start.start >= lastEnd {
            var end = start.end
            var complete = true
            for index in 1..<max(1, parts.count) {
                // Matches come in text order, so each part's search resumes where the last one stopped.
                while cursors[index] < parts[index].count && parts[index][cursors[index]].start < end {
                    cursors[index] += 1
                }
                guard cursors[index] < parts[index].count else {
                    complete = false
                    break
                }
                let following = parts[index][cursors[index]]
                guard following.start - end <= maximumGap, !crossesSentence(text, from: end, to: following.start) else {
                    complete = false
                    break
                }
                end = following.end
            }
            if complete {
                found.append(PhraseAutomaton.Match(start: start.start, end: end, pattern: entry))
                lastEnd = end
            }
        }
        return found
    }

    private static func crossesSentence(_ text: NormalisedText, from: Int, to: Int) -> Bool {
        guard from < to, from > 0 else { return false }
        let span = text.originalSpan(from - 1, to + 1)
        for index in span.start..<min(span.end, text.original.count) {
            switch text.original[index] {
            case "。", "！", "？", "!", "?", "；", ";", "\n", ".": return true
            default: continue
            }
        }
        return false
    }
}
