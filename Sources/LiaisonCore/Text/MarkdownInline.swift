import Foundation

/// Inline markup over one block's text. Everything is decided by a constant number of lookups into tables built
/// in one pass, so hostile input ("*a *a *a …", "[[[[…") renders in linear time instead of rescanning.
struct InlineRenderer {
    private let s: [Unicode.Scalar]
    private let plain: Bool
    private let n: Int

    /// Positions that are never markup: a backslash-escaped character, and everything inside a code span.
    private var inert: [Bool]
    /// Backslash positions whose next character is escaped.
    private var escapes: Set<Int> = []
    /// Code spans by opening position: where the content starts and ends, and where the span ends.
    private var codeSpans: [Int: (content: Range<Int>, end: Int)] = [:]
    /// The next non-inert "]", the next ")", and the next character not allowed in a link, at or after a position.
    private var nextBracket: [Int] = []
    private var nextParen: [Int] = []
    private var nextNonURL: [Int] = []
    /// Maximal runs of non-inert "*" or "_", and for each position the first run starting at or after it.
    private var runs: [Run] = []
    private var runAt: [Int: Int] = [:]
    /// For each run index, the first run at or after it that can close strong, *italic* and _italic_.
    private var nextStrong: [Int] = []
    private var nextStarItalic: [Int] = []
    private var nextUnderscoreItalic: [Int] = []

    private struct Run {
        var marker: Unicode.Scalar
        var range: Range<Int>
        var canOpen: Bool
        var canClose: Bool
    }

    private enum Closer { case strong, starItalic, underscoreItalic }

    /// Emphasis and link text nest by recursion; deeper markers are shown as typed.
    private static let maximumDepth = 16
    private static let maximumURLLength = 2048
    private static let linkAttributes = " rel=\"noopener noreferrer nofollow\""

    init(_ text: String, plain: Bool) {
        s = Array(text.unicodeScalars)
        n = s.count
        self.plain = plain
        inert = Array(repeating: false, count: n)
        findEscapesAndCodeSpans()
        buildLookups()
    }

    func render() -> String {
        var out = ""
        render(0..<n, depth: 0, allowLinks: true, into: &out)
        return out
    }

    // MARK: Tables

    private mutating func findEscapesAndCodeSpans() {
        // Closing backtick strings are found by length, from every maximal run, in logarithmic time.
        var runsByLength: [Int: [Int]] = [:]
        var position = 0
        while position < n {
            guard s[position] == "`" else {
                position += 1
                continue
            }
            let start = position
            while position < n, s[position] == "`" { position += 1 }
            runsByLength[position - start, default: []].append(start)
        }

        var i = 0
        while i < n {
            if s[i] == "\\", i + 1 < n, Self.isASCIIPunctuation(s[i + 1]) {
                escapes.insert(i)
                inert[i] = true
                inert[i + 1] = true
                i += 2
            } else if s[i] == "`" {
                var end = i
                while end < n, s[end] == "`" { end += 1 }
                let length = end - i
                if let close = Self.firstStart(in: runsByLength[length] ?? [], atOrAfter: end) {
                    codeSpans[i] = (end..<close, close + length)
                    for k in i..<(close + length) { inert[k] = true }
                    i = close + length
                } else {
                    // An unmatched backtick string is literal text.
                    for k in i..<end { inert[k] = true }
                    i = end
                }
            } else {
                i += 1
            }
        }
    }

    private static func firstStart(in starts: [Int], atOrAfter position: Int) -> Int? {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] < position { low = mid + 1 } else { high = mid }
        }
        return low < starts.count ? starts[low] : nil
    }

    private mutating func buildLookups() {
        nextBracket = Array(repeating: n, count: n + 1)
        nextParen = Array(repeating: n, count: n + 1)
        nextNonURL = Array(repeating: n, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            nextBracket[i] = s[i] == "]" && !inert[i] ? i : nextBracket[i + 1]
            nextParen[i] = s[i] == ")" ? i : nextParen[i + 1]
            nextNonURL[i] = Self.isLinkURLScalar(s[i]) ? nextNonURL[i + 1] : i
        }

        var i = 0
        while i < n {
            let marker = s[i]
            guard marker == "*" || marker == "_", !inert[i] else {
                i += 1
                continue
            }
            var end = i
            while end < n, s[end] == marker, !inert[end] { end += 1 }
            let before: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
            let after: Unicode.Scalar? = end < n ? s[end] : nil
            var canOpen = after.map { !Self.isSpace($0) } ?? false
            var canClose = before.map { !Self.isSpace($0) } ?? false
            if marker == "_" {
                // snake_case_names and URLs with underscores are not emphasis.
                canOpen = canOpen && !(before.map(Self.isASCIIAlphanumeric) ?? false)
                canClose = canClose && !(after.map(Self.isASCIIAlphanumeric) ?? false)
            }
            for k in i..<end { runAt[k] = runs.count }
            runs.append(Run(marker: marker, range: i..<end, canOpen: canOpen, canClose: canClose))
            i = end
        }

        nextStrong = Array(repeating: runs.count, count: runs.count + 1)
        nextStarItalic = nextStrong
        nextUnderscoreItalic = nextStrong
        for k in stride(from: runs.count - 1, through: 0, by: -1) {
            nextStrong[k] = closes(runs[k], .strong, length: runs[k].range.count) ? k : nextStrong[k + 1]
            nextStarItalic[k] = closes(runs[k], .starItalic, length: runs[k].range.count) ? k : nextStarItalic[k + 1]
            nextUnderscoreItalic[k] =
                closes(runs[k], .underscoreItalic, length: runs[k].range.count) ? k : nextUnderscoreItalic[k + 1]
        }
    }

    /// Whether a run (possibly cut short by the end of the enclosing span) can close the given emphasis. A run of
    /// exactly two stars never closes *italic*, so "*a **b** c*" pairs the outer stars.
    private func closes(_ run: Run, _ kind: Closer, length: Int) -> Bool {
        guard run.canClose, length > 0 else { return false }
        switch kind {
        case .strong: return run.marker == "*" && length >= 2
        case .starItalic: return run.marker == "*" && length != 2
        case .underscoreItalic: return run.marker == "_" && length == 1 && run.range.count == 1
        }
    }

    /// The position where the closing marker starts, for an opener in run `opener` inside a span ending at `end`.
    private func closer(_ kind: Closer, after opener: Int, before end: Int) -> Int? {
        let width = kind == .strong ? 2 : 1
        let table = kind == .strong ? nextStrong : kind == .starItalic ? nextStarItalic : nextUnderscoreItalic
        let candidate = table[opener + 1]
        if candidate < runs.count, runs[candidate].range.upperBound <= end {
            return runs[candidate].range.upperBound - width
        }
        // Inside nested emphasis the span may end mid-run; that last run is judged by the part inside the span.
        guard end > 0, let last = runAt[end - 1], last > opener, runs[last].range.upperBound > end,
            closes(runs[last], kind, length: end - runs[last].range.lowerBound)
        else { return nil }
        return end - width
    }

    // MARK: Rendering

    private func render(_ range: Range<Int>, depth: Int, allowLinks: Bool, into out: inout String) {
        var i = range.lowerBound
        while i < range.upperBound {
            let scalar = s[i]
            if escapes.contains(i), i + 1 < range.upperBound {
                text(s[i + 1], into: &out)
                i += 2
            } else if let span = codeSpans[i], span.end <= range.upperBound {
                code(span.content, into: &out)
                i = span.end
            } else if inert[i] {
                text(scalar, into: &out)
                i += 1
            } else if scalar == "\n" {
                out += plain ? " " : "<br>\n"
                i += 1
            } else if allowLinks, depth < Self.maximumDepth, scalar == "[",
                let next = link(at: i, in: range, depth: depth, into: &out)
            {
                i = next
            } else if allowLinks, scalar == "h" || scalar == "H", let next = bareURL(at: i, in: range, into: &out) {
                i = next
            } else if depth < Self.maximumDepth, let run = runAt[i],
                let next = emphasis(at: i, run: run, in: range, depth: depth, allowLinks: allowLinks, into: &out)
            {
                i = next
            } else {
                text(scalar, into: &out)
                i += 1
            }
        }
    }

    private func text(_ scalar: Unicode.Scalar, into out: inout String) {
        if plain {
            out.unicodeScalars.append(scalar)
        } else {
            Markdown.escape(CollectionOfOne(scalar), into: &out)
        }
    }

    private func code(_ content: Range<Int>, into out: inout String) {
        var body = s[content].map { $0 == "\n" ? " " : $0 }
        // As in CommonMark, one space of padding on both sides lets a span start or end with a backtick.
        if body.count >= 2, body.first == " ", body.last == " ", body.contains(where: { $0 != " " }) {
            body = Array(body.dropFirst().dropLast())
        }
        if plain {
            out.unicodeScalars.append(contentsOf: body)
        } else {
            out += "<code>"
            Markdown.escape(body, into: &out)
            out += "</code>"
        }
    }

    private func emphasis(
        at i: Int, run index: Int, in range: Range<Int>, depth: Int, allowLinks: Bool, into out: inout String
    ) -> Int? {
        let run = runs[index]
        guard run.canOpen else { return nil }
        let remaining = min(run.range.upperBound, range.upperBound) - i
        var found: (closer: Int, width: Int, tag: String)?
        if run.marker == "*", remaining >= 2, let c = closer(.strong, after: index, before: range.upperBound) {
            found = (c, 2, "strong")
        } else if run.marker == "*", let c = closer(.starItalic, after: index, before: range.upperBound) {
            found = (c, 1, "em")
        } else if run.marker == "_", run.range.count == 1,
            let c = closer(.underscoreItalic, after: index, before: range.upperBound)
        {
            found = (c, 1, "em")
        }
        guard let found, found.closer > i + found.width else { return nil }
        if !plain { out += "<\(found.tag)>" }
        render((i + found.width)..<found.closer, depth: depth + 1, allowLinks: allowLinks, into: &out)
        if !plain { out += "</\(found.tag)>" }
        return found.closer + found.width
    }

    /// `[text](url)` with an allowed URL; anything else is left for the caller to show as typed.
    private func link(at i: Int, in range: Range<Int>, depth: Int, into out: inout String) -> Int? {
        let close = nextBracket[i + 1]
        guard close + 1 < range.upperBound, s[close + 1] == "(" else { return nil }
        let urlStart = close + 2
        let urlEnd = nextParen[urlStart]
        guard urlEnd < range.upperBound, urlEnd > urlStart, urlEnd - urlStart <= Self.maximumURLLength,
            nextNonURL[urlStart] >= urlEnd, let url = Self.allowedURL(s[urlStart..<urlEnd])
        else { return nil }
        if plain {
            if close == i + 1 {
                out.unicodeScalars.append(contentsOf: url)
            } else {
                render((i + 1)..<close, depth: depth + 1, allowLinks: false, into: &out)
            }
            return urlEnd + 1
        }
        out += "<a href=\""
        Markdown.escape(url, into: &out)
        out += "\"" + Self.linkAttributes + ">"
        if close == i + 1 {
            Markdown.escape(url, into: &out)
        } else {
            // No links inside links: nested <a> is invalid HTML and confuses what the user will click.
            render((i + 1)..<close, depth: depth + 1, allowLinks: false, into: &out)
        }
        out += "</a>"
        return urlEnd + 1
    }

    /// A bare http(s) URL that starts a word. It stops at whitespace and non-ASCII (so "见https://a.cn。" works),
    /// and gives back trailing punctuation that ends the sentence rather than the URL.
    private func bareURL(at i: Int, in range: Range<Int>, into out: inout String) -> Int? {
        if i > 0, Self.isASCIIAlphanumeric(s[i - 1]) { return nil }
        let prefix: Int
        if Self.hasPrefix("https://", at: i, in: s, before: range.upperBound) {
            prefix = 8
        } else if Self.hasPrefix("http://", at: i, in: s, before: range.upperBound) {
            prefix = 7
        } else {
            return nil
        }
        var end = i + prefix
        while end < range.upperBound, end - i < Self.maximumURLLength, Self.isBareURLScalar(s[end]) { end += 1 }
        let openParens = s[i..<end].filter { $0 == "(" }.count
        var closeParens = s[i..<end].filter { $0 == ")" }.count
        while end > i + prefix {
            let last = s[end - 1]
            // "(see https://a.cn/x)" ends at the x; "https://a.cn/wiki/Foo_(bar)" keeps its balanced parenthesis.
            guard ".,:;!?*_~".unicodeScalars.contains(last) || last == ")" && closeParens > openParens else { break }
            if last == ")" { closeParens -= 1 }
            end -= 1
        }
        guard end > i + prefix, Self.isASCIIAlphanumeric(s[i + prefix]) else { return nil }
        let url = s[i..<end]
        if plain {
            out.unicodeScalars.append(contentsOf: url)
        } else {
            out += "<a href=\""
            Markdown.escape(url, into: &out)
            out += "\"" + Self.linkAttributes + ">"
            Markdown.escape(url, into: &out)
            out += "</a>"
        }
        return end
    }

    // MARK: Character classes

    /// The URL if its scheme is http, https or mailto. The scheme must be plain ASCII letters before the first
    /// colon, so "JaVaScRiPt:", "java\tscript:", "&#106;avascript:" and "/x?y=z:w" are all refused.
    private static func allowedURL(_ url: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar>? {
        guard let colon = url.firstIndex(of: ":"), colon - url.startIndex <= 10 else { return nil }
        let scheme = String(String.UnicodeScalarView(url[url.startIndex..<colon])).lowercased()
        let rest = url[(colon + 1)...]
        switch scheme {
        case "http", "https":
            guard rest.starts(with: "//".unicodeScalars), rest.count > 2 else { return nil }
        case "mailto":
            guard !rest.isEmpty else { return nil }
        default:
            return nil
        }
        return url
    }

    /// What an explicit link target may contain: no whitespace, controls, invisible formatting (bidi overrides)
    /// or quotes and angle brackets, which are rare in real URLs and common in attempts to break out of attributes.
    private static func isLinkURLScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.value > 0x20 && scalar.value < 0x7F && !"\"'<>`\\".unicodeScalars.contains(scalar)
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    private static func isBareURLScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && isLinkURLScalar(scalar) && scalar != "[" && scalar != "]"
    }

    private static func hasPrefix(_ prefix: String, at i: Int, in s: [Unicode.Scalar], before end: Int) -> Bool {
        var k = i
        for expected in prefix.unicodeScalars {
            guard k < end, s[k].properties.lowercaseMapping == String(expected) else { return false }
            k += 1
        }
        return true
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(scalar)
    }
}
