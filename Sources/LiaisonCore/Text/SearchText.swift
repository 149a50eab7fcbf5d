import Foundation

/// Full-text search that also finds 2-character Chinese words. The database keeps two FTS5 indexes per document:
/// a `trigram` index over `normalise(text)` (any substring of 3+ characters) and a `unicode61` index over
/// `bigramText(text)` (CJK bigrams, as Lucene's CJK analyzer makes them), because trigrams cannot match "华为".
public enum SearchText {
    /// The form of text used for both indexing and querying: Unicode NFKC (full-width ＡＢＣ１２３ → ABC123), lower-cased,
    /// traditional Chinese characters folded to simplified (臺北 → 台北, `HanFolding`), one character for one.
    public static func normalise(_ text: String) -> String {
        quickNormalised(text) ?? HanFolding.folded(text.precomposedStringWithCompatibilityMapping.lowercased())
    }

    /// `normalise(text)`, and when folding changed a character, the text normalised without folding: a document
    /// keeps that form too, so that its snippets show what was written (臺北, not 台北).
    public static func normaliseKeepingScript(_ text: String) -> (normalised: String, unfolded: String?) {
        let unfolded =
            quickNormalised(text, folding: false) ?? text.precomposedStringWithCompatibilityMapping.lowercased()
        let folded = HanFolding.folded(unfolded)
        return (folded, folded == unfolded ? nil : unfolded)
    }

    /// `normalise` without Foundation's Unicode tables for text made only of characters whose NFKC form and lower
    /// case are known here: ASCII, the common Han blocks, full-width ASCII (Ａ → a, ， → ,), the ideographic space
    /// and common Chinese punctuation that NFKC keeps. Every document and reply is normalised inside a write, so
    /// this matters; any other character (accents, kana, Hangul, compatibility ideographs...) returns nil and the
    /// text takes Foundation's way. None of the characters taken combines with a neighbour under NFKC, so mapping
    /// them one by one gives exactly Foundation's result (a test compares the two). Han characters are folded by a
    /// table lookup each.
    static func quickNormalised(_ text: String, folding: Bool = true) -> String? {
        var changed = false
        for byte in text.utf8 where byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) {
            changed = true
            break
        }
        if !changed { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A:  // A-Z
                out.append(Unicode.Scalar(UInt8(value + 0x20)))
            case 0xFF21...0xFF3A:  // Ａ-Ｚ
                out.append(Unicode.Scalar(UInt8(value - 0xFEE0 + 0x20)))
            case 0xFF01...0xFF5E:  // the rest of full-width ASCII
                out.append(Unicode.Scalar(UInt8(value - 0xFEE0)))
            case 0x3000:  // ideographic space
                out.append(Unicode.Scalar(UInt8(0x20)))
            case 0x3400...0x4DBF, 0x4E00...0x9FFF:
                out.append(folding ? HanFolding.folded(scalar) : scalar)
            case 0x00...0x7F, 0x3001...0x3002, 0x3008...0x3011, 0x2014, 0x2018...0x2019, 0x201C...0x201D, 0x00B7:
                out.append(scalar)
            default:
                return nil
            }
        }
        return String(out)
    }

    private static let runSeparator = " | ".unicodeScalars

    /// Text for the bigram index: each run of CJK characters becomes its overlapping bigrams ("深圳华为" → "深圳 圳华 华为");
    /// a lone CJK character stays as itself; everything else is dropped and runs are separated by " | ".
    public static func bigramText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previous = Unicode.Scalar(UInt8(0))
        var runLength = 0
        var runs = 0
        for scalar in normalise(text).unicodeScalars {
            if isCJK(scalar) {
                if runLength == 0 {
                    if runs > 0 { out.append(contentsOf: Self.runSeparator) }
                    runs += 1
                } else {
                    if runLength > 1 { out.append(Unicode.Scalar(UInt8(0x20))) }
                    out.append(previous)
                    out.append(scalar)
                }
                previous = scalar
                runLength += 1
            } else if isVariationSelector(scalar) {
                // A glyph variant of the previous ideograph, not a character people type: skip, keep the run.
                continue
            } else {
                if runLength == 1 { out.append(previous) }
                runLength = 0
            }
        }
        if runLength == 1 { out.append(previous) }
        return String(out)
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
