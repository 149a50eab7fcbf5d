import Foundation

/// The lexicon as a spreadsheet admins can edit: header `phrase,kind,severity,language,suggestion_zh,suggestion_en`.
/// `kind` is `disrespect`, `vagueness` (a vague time word) or `promise` (a vague promise without a time);
/// `severity` is `block` or `warn`; `language` is `zh`, `en` or empty. Columns may come in any order; unknown
/// columns are ignored.
public enum LexiconCSV {
    /// A row that could not be read, with the 1-based line of the file (the header is line 1), the column and a
    /// validation code that has a `validation.<code>` catalog entry.
    public struct Issue: Equatable, Sendable {
        public var row: Int
        public var field: String
        public var code: String

        /// An issue from its parts.
        public init(row: Int, field: String, code: String) {
            self.row = row
            self.field = field
            self.code = code
        }
    }

    /// The header `write` produces and `parse` expects.
    public static let header = ["phrase", "kind", "severity", "language", "suggestion_zh", "suggestion_en"]
    /// The longest phrase accepted, in characters.
    public static let maximumPhraseLength = 100
    /// The longest suggestion accepted, in characters.
    public static let maximumSuggestionLength = 500

    /// The rows that are valid, and an issue for each one that is not (the valid ones are kept all the same).
    public static func parse(_ text: String) -> (entries: [LexiconEntry], issues: [Issue]) {
        let rows: [[String]]
        do {
            rows = try CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } catch {
            return ([], [Issue(row: error.line, field: "file", code: "badCSV")])
        }
        guard let head = rows.first else { return ([], [Issue(row: 1, field: "file", code: "emptyFile")]) }
        let names = head.map { $0.trimmedSpaces().lowercased() }
        guard let phraseColumn = names.firstIndex(of: "phrase") else {
            return ([], [Issue(row: 1, field: "phrase", code: "required")])
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        var entries: [LexiconEntry] = []
        var issues: [Issue] = []
        var seen = Set<[UInt32]>()
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            func value(_ index: Int?) -> String {
                guard let index, index < row.count else { return "" }
                return row[index].trimmedSpaces()
            }
            let phrase = value(phraseColumn)
            let key = NormalisedText.key(phrase)
            if phrase.isEmpty || key.isEmpty {
                issues.append(Issue(row: line, field: "phrase", code: "required"))
                continue
            }
            if phrase.count > maximumPhraseLength {
                issues.append(Issue(row: line, field: "phrase", code: "tooLong"))
                continue
            }
            if phrase.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                issues.append(Issue(row: line, field: "phrase", code: "controlCharacter"))
                continue
            }
            var kind = MessageFindingKind.disrespect
            var promise = false
            switch value(column("kind")).lowercased() {
            case "disrespect", "": kind = .disrespect
            case "vagueness": kind = .vagueness
            case "promise":
                kind = .vagueness
                promise = true
            default:
                issues.append(Issue(row: line, field: "kind", code: "invalidChoice"))
                continue
            }
            let severity: MessageFindingSeverity
            switch value(column("severity")).lowercased() {
            case "block": severity = .block
            case "warn", "": severity = .warn
            default:
                issues.append(Issue(row: line, field: "severity", code: "invalidChoice"))
                continue
            }
            let language = value(column("language")).lowercased()
            guard ["zh", "en", ""].contains(language) else {
                issues.append(Issue(row: line, field: "language", code: "invalidChoice"))
                continue
            }
            let suggestionZh = value(column("suggestion_zh"))
            let suggestionEn = value(column("suggestion_en"))
            if suggestionZh.count > maximumSuggestionLength || suggestionEn.count > maximumSuggestionLength {
                issues.append(
                    Issue(
                        row: line,
                        field: suggestionZh.count > maximumSuggestionLength ? "suggestion_zh" : "suggestion_en",
                        code: "tooLong"))
                continue
            }
            guard seen.insert(key + [UInt32(kind == .disrespect ? 0 : 1)]).inserted else {
                issues.append(Issue(row: line, field: "phrase", code: "duplicateValue"))
                continue
            }
            entries.append(
                LexiconEntry(
                    phrase: phrase, kind: kind, severity: severity, language: language.isEmpty ? nil : language,
                    suggestionZh: suggestionZh.isEmpty ? nil : suggestionZh,
                    suggestionEn: suggestionEn.isEmpty ? nil : suggestionEn, isPromise: promise))
        }
        return (entries, issues)
    }

    /// The entries as CSV (CRLF line ends, header first), read back by `parse` to the same entries.
    public static func write(_ entries: [LexiconEntry]) -> String {
        var rows = [header]
        for entry in entries {
            let kind = entry.kind == .vagueness ? (entry.isPromise ? "promise" : "vagueness") : entry.kind.rawValue
            rows.append([
                entry.phrase, kind, entry.severity.rawValue, entry.language ?? "", entry.suggestionZh ?? "",
                entry.suggestionEn ?? "",
            ])
        }
        return CSV.encode(rows)
    }
}
