import Foundation

/// Full-text search that also finds 2-character Chinese words. The database keeps two FTS5 indexes per document:
/// a `trigram` index over `normalise(text)` (any substring of 3+ characters) and a `unicode61` index over
/// `bigramText(text)` (CJK bigrams, as Lucene's CJK analyzer makes them), because trigrams cannot match "华为".
public enum SearchText {
    /// The form of text used for both indexing and querying: Unicode NFKC (full-width ＡＢＣ１２３ → ABC123), lower-cased.
    public static func normalise(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// Text for the bigram index: each run of CJK characters becomes its overlapping bigrams ("深圳华为" → "深圳 圳华 华为");
    /// a lone CJK character stays as itself; everything else is dropped and runs are separated by " | ".
    public static func bigramText(_ text: String) -> String {
        cjkRuns(normalise(text)).map(bigrams).joined(separator: " | ")
    }

    /// How to search for what a person typed: which index gets which terms, all of which must match.
    public static func plan(_ query: String) -> SearchPlan {
        let terms = self.terms(query)
        var trigram: [String] = []
        var bigram: [String] = []
        var scan: [String] = []
        for term in terms {
            if term.count >= 3 {
                trigram.append(quoted(term))
            } else if term.count == 2, term.unicodeScalars.allSatisfy({ isCJK($0) || isVariationSelector($0) }) {
                // Built exactly as the index builds its tokens, so variation selectors cannot cause a miss.
                bigram.append(quoted(bigramText(term)))
            } else {
                scan.append(term)
            }
        }
        return SearchPlan(
            trigramMatch: trigram.isEmpty ? nil : trigram.joined(separator: " AND "),
            bigramMatch: bigram.isEmpty ? nil : bigram.joined(separator: " AND "),
            scanTerms: scan,
            terms: terms
        )
    }

    /// At most this many terms are searched; the rest of a pasted paragraph is ignored.
    public static let maximumTerms = 8
    /// Longer terms are cut to this many characters.
    public static let maximumTermLength = 64

    /// Separators besides whitespace. ASCII brackets, quotes, "-", ":" and "*" are deliberately absent: they are
    /// searched literally ("c++", "col:val", e-mail addresses) inside a quoted FTS5 string.
    private static let separators: Set<Unicode.Scalar> = [
        ",", ";", "!", "?", "、", "。", "｡", "，", "；", "！", "？", "《", "》", "〈", "〉", "「", "」", "『", "』", "【", "】",
    ]

    private static func terms(_ query: String) -> [String] {
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            let term = String(String(current).prefix(maximumTermLength))
            current = String.UnicodeScalarView()
            if !term.isEmpty, !terms.contains(term) {
                terms.append(term)
            }
        }
        for scalar in normalise(query).unicodeScalars where terms.count < maximumTerms {
            // Control characters split too: a NUL would end FTS5's C string mid-quote and cause a syntax error.
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || separators.contains(scalar)
            {
                flush()
            } else {
                current.append(scalar)
            }
        }
        if terms.count < maximumTerms { flush() }
        return terms
    }

    /// An FTS5 string literal: inside double quotes every character is literal except a doubled quote, so no user
    /// input can become an operator (NEAR, OR, *, ^, column filters) or a syntax error.
    private static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func bigrams(_ run: [Unicode.Scalar]) -> String {
        guard run.count > 1 else { return String(String.UnicodeScalarView(run)) }
        return (0..<(run.count - 1)).map { String(String.UnicodeScalarView(run[$0...($0 + 1)])) }
            .joined(separator: " ")
    }

    private static func cjkRuns(_ text: String) -> [[Unicode.Scalar]] {
        var runs: [[Unicode.Scalar]] = []
        var run: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                run.append(scalar)
            } else if isVariationSelector(scalar) {
                // A glyph variant of the previous ideograph, not a character people type: skip, keep the run.
                continue
            } else if !run.isEmpty {
                runs.append(run)
                run = []
            }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }

    private static func isVariationSelector(_ scalar: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// Han ideographs (all extensions, compatibility ideographs, 々 〇 and Suzhou numerals), kana and Hangul.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true  // Han
        case 0x2E80...0x2FDF, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B: true  // radicals, 々, 〇, numerals
        case 0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: true  // Hiragana, Katakana
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF: true  // Hangul
        default: false
        }
    }
}

/// How to run one search: FTS5 MATCH expressions for the two indexes plus terms too short for either. A document
/// matches when it matches every non-nil expression and contains every scan term.
public struct SearchPlan: Sendable, Equatable {
    /// FTS5 MATCH expression for the trigram index, or nil when no term is 3+ characters long.
    public var trigramMatch: String?
    /// FTS5 MATCH expression for the bigram index, or nil when no term is a 2-character CJK word.
    public var bigramMatch: String?
    /// Terms too short for either index (one character, or two non-CJK): the caller falls back to a LIKE scan.
    public var scanTerms: [String]
    /// The normalised terms, for highlighting and ranking.
    public var terms: [String]

    public init(trigramMatch: String? = nil, bigramMatch: String? = nil, scanTerms: [String] = [], terms: [String] = [])
    {
        self.trigramMatch = trigramMatch
        self.bigramMatch = bigramMatch
        self.scanTerms = scanTerms
        self.terms = terms
    }
}
