import Foundation

/// A short piece of text around the first search term found, for result lists. Works on UTF-8 bytes (the text and
/// terms are already normalised the same way), so it costs little next to the search itself.
public enum Snippet {
    /// The piece of `text` around the first of `terms` found in it; or, when `shown` is given (the same text before
    /// `HanFolding`, which maps one character to one), the same piece of `shown`, so that a match found through
    /// folding is shown as written.
    public static func around(
        _ terms: [String], in text: String, shown: String? = nil, skippingFirstLine: Bool, radius: Int = 40
    ) -> String {
        let (bytes, flat) = flattened(text, skippingFirstLine: skippingFirstLine)
        guard !flat.isEmpty else { return "" }
        let shownFlat = shown.map { flattened($0, skippingFirstLine: skippingFirstLine).1 }
        for term in terms where !term.isEmpty {
            guard let offset = firstOffset(of: Array(term.utf8), in: bytes) else { continue }
            let utf8 = flat.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: offset)
            let upper = utf8.index(lower, offsetBy: term.utf8.count)
            // Whole characters: a match inside a composed character widens to it.
            let from = flat.index(roundingDown: lower)
            let to = upper == flat.endIndex ? upper : flat.index(roundingUp: upper)
            let start = flat.index(from, offsetBy: -radius, limitedBy: flat.startIndex) ?? flat.startIndex
            let end = flat.index(to, offsetBy: radius, limitedBy: flat.endIndex) ?? flat.endIndex
            let piece = aligned(start..<end, of: flat, in: shownFlat) ?? flat[start..<end]
            return (start > flat.startIndex ? "…" : "") + piece + (end < flat.endIndex ? "…" : "")
        }
        return String((shownFlat ?? flat).prefix(radius * 2))
    }

    /// The piece of `shown` (a record's text as written: case, full-width punctuation, traditional characters)
    /// around the first of `terms` (normalised, as `SearchText.plan` gives them) found in it, line breaks shown as
    /// spaces and whole characters kept; the start of the text when no term is in it (the record matched through
    /// text that is searched but not shown, such as its customer's name).
    public static func excerpt(_ terms: [String], in shown: String, radius: Int = 40) -> String {
        let flat = String(decoding: shown.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self).trimmed()
        guard !flat.isEmpty else { return "" }
        guard let match = firstMatch(of: terms, in: flat) else {
            guard let cut = flat.index(flat.startIndex, offsetBy: radius * 2, limitedBy: flat.endIndex),
                cut < flat.endIndex
            else { return flat }
            return String(flat[..<cut]) + "…"
        }
        let start = flat.index(match.lowerBound, offsetBy: -radius, limitedBy: flat.startIndex) ?? flat.startIndex
        let end = flat.index(match.upperBound, offsetBy: radius, limitedBy: flat.endIndex) ?? flat.endIndex
        return (start > flat.startIndex ? "…" : "") + flat[start..<end] + (end < flat.endIndex ? "…" : "")
    }

    /// The whole characters of `text` where the first of `terms` found in its normalised form lies.
    private static func firstMatch(of terms: [String], in text: String) -> Range<String.Index>? {
        // Text of the common scripts normalises scalar for scalar (`quickNormalised`): the match is found in the
        // normalised bytes and its scalars counted off in `text`.
        if let quick = SearchText.quickNormalised(text) {
            let bytes = Array(quick.utf8)
            for term in terms where !term.isEmpty {
                guard let offset = firstOffset(of: Array(term.utf8), in: bytes) else { continue }
                let before = bytes[..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                let scalars = text.unicodeScalars
                let lower = scalars.index(scalars.startIndex, offsetBy: before)
                let upper = scalars.index(lower, offsetBy: term.unicodeScalars.count)
                let start = text.index(roundingDown: lower)
                return start..<(upper == text.endIndex ? upper : text.index(roundingUp: upper))
            }
            return nil
        }
        // Any other text, character by character: the normalised scalars, each with the character it came from.
        var scalars: [Unicode.Scalar] = []
        var origin: [String.Index] = []
        var index = text.startIndex
        for character in text {
            for scalar in SearchText.normalise(String(character)).unicodeScalars {
                scalars.append(scalar)
                origin.append(index)
            }
            index = text.index(after: index)
        }
        for term in terms {
            let needle = Array(term.unicodeScalars)
            guard let first = needle.first, needle.count <= scalars.count else { continue }
            for start in 0...(scalars.count - needle.count) where scalars[start] == first {
                guard scalars[start..<(start + needle.count)].elementsEqual(needle) else { continue }
                let last = origin[start + needle.count - 1]
                return origin[start]..<text.index(after: last)
            }
        }
        return nil
    }

    /// The text without its first line (when asked) and with line breaks as spaces, as bytes and as a string.
    private static func flattened(_ text: String, skippingFirstLine: Bool) -> ([UInt8], String) {
        var bytes = Array(text.utf8)
        if skippingFirstLine, let newline = bytes.firstIndex(of: 0x0A) { bytes.removeSubrange(...newline) }
        for i in bytes.indices where bytes[i] == 0x0A || bytes[i] == 0x0D { bytes[i] = 0x20 }
        return (bytes, String(decoding: bytes, as: UTF8.self))
    }

    /// The same scalars of `shown` as `range` covers in `flat`, when the two have as many scalars (folding keeps
    /// them aligned; anything else falls back to `flat`).
    private static func aligned(_ range: Range<String.Index>, of flat: String, in shown: String?) -> Substring? {
        guard let shown else { return nil }
        let scalars = flat.unicodeScalars
        let shownScalars = shown.unicodeScalars
        guard scalars.count == shownScalars.count else { return nil }
        let lower = scalars.distance(from: scalars.startIndex, to: range.lowerBound)
        let count = scalars.distance(from: range.lowerBound, to: range.upperBound)
        let start = shownScalars.index(shownScalars.startIndex, offsetBy: lower)
        let end = shownScalars.index(start, offsetBy: count)
        return shown[start..<end]
    }

    /// Where `needle` first occurs in `haystack`, as a byte offset.
    static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

/// A piece of shown text, and whether it is a match of the search (shown highlighted).
public struct MarkedText: Sendable, Equatable, Encodable {
    public var text: String
    public var match: Bool

    public init(_ text: String, match: Bool) {
        self.text = text
        self.match = match
    }
}

extension Snippet {
    /// `shown` cut into pieces, the matches of `terms` (normalised, as `SearchText.plan` gives them) marked. Each
    /// character is normalised on its own to find them, so the pieces are exactly the shown text, as written
    /// (full width, upper case, traditional characters), whatever the normalisation matched through.
    public static func marked(_ shown: String, terms: [String]) -> [MarkedText] {
        let characters = Array(shown)
        guard !characters.isEmpty else { return [] }
        // The normalised text as scalars, and for each scalar the character of `shown` it came from.
        var scalars: [Unicode.Scalar] = []
        var origin: [Int] = []
        for (index, character) in characters.enumerated() {
            for scalar in SearchText.normalise(String(character)).unicodeScalars {
                scalars.append(scalar)
                origin.append(index)
            }
        }
        var matched = [Bool](repeating: false, count: characters.count)
        for term in terms {
            let needle = Array(term.unicodeScalars)
            guard !needle.isEmpty, needle.count <= scalars.count else { continue }
            var start = 0
            while start + needle.count <= scalars.count {
                if scalars[start] == needle[0], Array(scalars[start..<(start + needle.count)]) == needle {
                    for i in origin[start]...origin[start + needle.count - 1] { matched[i] = true }
                    start += needle.count
                } else {
                    start += 1
                }
            }
        }
        var pieces: [MarkedText] = []
        for (index, character) in characters.enumerated() {
            if let last = pieces.last, last.match == matched[index] {
                pieces[pieces.count - 1].text.append(character)
            } else {
                pieces.append(MarkedText(String(character), match: matched[index]))
            }
        }
        return pieces
    }
}

extension String {
    /// The start of the character `i` falls in (index methods round a non-character index down first).
    fileprivate func index(roundingDown i: Index) -> Index {
        i == endIndex ? i : index(before: index(after: i))
    }

    fileprivate func index(roundingUp i: Index) -> Index {
        let down = index(roundingDown: i)
        return down == i ? i : index(after: down)
    }
}
