/// The text of an HTML mail body, for mail that has no plain-text part: tags dropped, scripts, styles and the head
/// left out, block elements and line breaks as line breaks, entities read, whitespace collapsed as a browser does.
/// The result is text, never markup: whatever the HTML held cannot run when it is shown.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        let s = Array(html.unicodeScalars)
        var i = 0
        var pendingSpace = false
        var preformatted = 0
        func newline() {
            pendingSpace = false
            // A block starts on a line of its own (line breaks from <br> stay as many as written).
            if out.isEmpty || out.last == "\n" { return }
            out.append("\n")
        }
        func text(_ scalar: Unicode.Scalar) {
            if preformatted == 0, scalar.isMailSpace {
                pendingSpace = true
                return
            }
            if pendingSpace, let last = out.last, last != "\n" { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        while i < s.count {
            let c = s[i]
            if c == "<" {
                // A comment, a tag, or a lone "<" in text.
                if matches(s, i, "<!--") {
                    i = find(s, from: i + 4, "-->").map { $0 + 3 } ?? s.count
                    continue
                }
                guard let close = s[(i + 1)...].firstIndex(of: ">") else {
                    text(c)
                    i += 1
                    continue
                }
                let inner = String(String.UnicodeScalarView(s[(i + 1)..<close]))
                let isEnd = inner.hasPrefix("/")
                let name = String(inner.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }))
                    .lowercased()
                if name.isEmpty, !isEnd, !inner.hasPrefix("!"), !inner.hasPrefix("?") {
                    text(c)
                    i += 1
                    continue
                }
                i = close + 1
                if !isEnd, ["script", "style", "head", "title", "xml"].contains(name) {
                    // Skip to the matching end tag.
                    i = find(s, from: i, "</" + name, caseInsensitive: true)
                        .flatMap { start in s[start...].firstIndex(of: ">").map { $0 + 1 } } ?? s.count
                    continue
                }
                switch name {
                case "br":
                    out.append("\n")
                    pendingSpace = false
                case "p", "div", "tr", "li", "ul", "ol", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                    "hr", "section", "article", "header", "footer", "dt", "dd", "address":
                    newline()
                case "pre":
                    newline()
                    preformatted = max(0, preformatted + (isEnd ? -1 : 1))
                case "td", "th":
                    if !isEnd { pendingSpace = true }
                default:
                    break
                }
                continue
            }
            if c == "&", let (value, length) = entity(s, at: i) {
                for scalar in value.unicodeScalars { text(scalar == "\u{A0}" ? " " : scalar) }
                i += length
                continue
            }
            text(c)
            i += 1
        }
        var result = String(out)
        while result.hasSuffix("\n") { result.removeLast() }
        return result.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            .joined(separator: "\n")
    }

    private static func matches(_ s: [Unicode.Scalar], _ at: Int, _ word: String, caseInsensitive: Bool = false) -> Bool {
        let w = Array(word.unicodeScalars)
        guard at + w.count <= s.count else { return false }
        for (k, scalar) in w.enumerated() {
            let a = s[at + k]
            if caseInsensitive ? a.properties.lowercaseMapping != scalar.properties.lowercaseMapping : a != scalar {
                return false
            }
        }
        return true
    }

    private static func find(_ s: [Unicode.Scalar], from: Int, _ word: String, caseInsensitive: Bool = false) -> Int? {
        var i = from
        while i < s.count {
            if matches(s, i, word, caseInsensitive: caseInsensitive) { return i }
            i += 1
        }
        return nil
    }

    /// "&amp;", "&#20320;", "&#x4F60;", "&nbsp;" at `at`: the text and how many scalars it took.
    private static func entity(_ s: [Unicode.Scalar], at: Int) -> (String, Int)? {
        var j = at + 1
        var name = ""
        while j < s.count, j - at <= 10, s[j] != ";" {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ";", !name.isEmpty else { return nil }
        let length = j - at + 1
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            return (String(scalar), length)
        }
        let named = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
            "mdash": "—", "ndash": "–", "hellip": "…", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
            "middot": "·", "times": "×", "yen": "¥", "euro": "€", "bull": "•", "emsp": " ", "ensp": " ",
        ]
        return named[name.lowercased()].map { ($0, length) }
    }
}
