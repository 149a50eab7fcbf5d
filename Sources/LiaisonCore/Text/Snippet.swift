/// A short piece of text around the first search term found, for result lists. Works on UTF-8 bytes (the text and
/// terms are already normalised the same way), so it costs little next to the search itself.
public enum Snippet {
    public static func around(_ terms: [String], in text: String, skippingFirstLine: Bool, radius: Int = 40) -> String {
        var bytes = Array(text.utf8)
        if skippingFirstLine, let newline = bytes.firstIndex(of: 0x0A) { bytes.removeSubrange(...newline) }
        for i in bytes.indices where bytes[i] == 0x0A || bytes[i] == 0x0D { bytes[i] = 0x20 }
        let flat = String(decoding: bytes, as: UTF8.self)
        guard !flat.isEmpty else { return "" }
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
            return (start > flat.startIndex ? "…" : "") + flat[start..<end] + (end < flat.endIndex ? "…" : "")
        }
        return String(flat.prefix(radius * 2))
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
