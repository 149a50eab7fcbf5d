import Foundation

/// Splits Markdown into blocks (paragraphs, headings, lists, quotes, code) and renders each one.
struct BlockRenderer {
    /// Plain-text mode renders the same structure without tags or escaping, so excerpts match what is shown.
    let plain: Bool

    /// Quotes nest by recursion; a bound keeps ">>>>>…" from exhausting the stack.
    private static let maximumQuoteDepth = 8

    func render(_ lines: [Substring], depth: Int) -> [String] {
        var blocks: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let text = line.drop(while: \.isWhitespace)
            if text.isEmpty {
                index += 1
            } else if Self.isFence(text) {
                var code: [Substring] = []
                index += 1
                while index < lines.count, !Self.isClosingFence(lines[index]) {
                    code.append(lines[index])
                    index += 1
                }
                index += 1  // the closing fence; an unclosed block simply runs to the end
                blocks.append(codeBlock(code.joined(separator: "\n")))
            } else if let (level, content) = Self.heading(text) {
                blocks.append(element("h\(level + 2)", inline(String(content))))
                index += 1
            } else if Self.quoteContent(text) != nil, depth < Self.maximumQuoteDepth {
                var inner: [Substring] = []
                while index < lines.count, let content = Self.quoteContent(lines[index].drop(while: \.isWhitespace)) {
                    inner.append(content)
                    index += 1
                }
                let body = render(inner, depth: depth + 1)
                blocks.append(
                    plain ? body.joined(separator: " ") : "<blockquote>\n\(body.joined(separator: "\n"))\n</blockquote>"
                )
            } else if let first = Self.listItem(text) {
                var items: [[Substring]] = [[first.content]]
                index += 1
                while index < lines.count {
                    let next = lines[index].drop(while: \.isWhitespace)
                    if next.isEmpty { break }
                    if let item = Self.listItem(next) {
                        guard item.number == nil && first.number == nil || item.number != nil && first.number != nil
                        else { break }
                        items.append([item.content])
                    } else if Self.interruptsParagraph(next) {
                        break
                    } else {
                        // A lazy continuation line belongs to the item above it, as in CommonMark.
                        items[items.count - 1].append(next)
                    }
                    index += 1
                }
                blocks.append(list(items, start: first.number))
            } else {
                var paragraph: [Substring] = [text]
                index += 1
                while index < lines.count {
                    let next = lines[index].drop(while: \.isWhitespace)
                    if next.isEmpty || Self.interruptsParagraph(next) { break }
                    paragraph.append(next)
                    index += 1
                }
                blocks.append(element("p", inline(Self.joinLines(paragraph))))
            }
        }
        return blocks
    }

    private func element(_ name: String, _ content: String) -> String {
        plain ? content : "<\(name)>\(content)</\(name)>"
    }

    private func codeBlock(_ code: String) -> String {
        guard !plain else { return code }
        var out = "<pre><code>"
        Markdown.escape(code.unicodeScalars, into: &out)
        return out + "</code></pre>"
    }

    private func list(_ items: [[Substring]], start: Int?) -> String {
        let rendered = items.map { element("li", inline(Self.joinLines($0))) }
        guard !plain else { return rendered.joined(separator: " ") }
        let open = start.map { $0 == 1 ? "<ol>" : "<ol start=\"\($0)\">" } ?? "<ul>"
        return ([open] + rendered + [start == nil ? "</ul>" : "</ol>"]).joined(separator: "\n")
    }

    private func inline(_ text: String) -> String {
        InlineRenderer(text, plain: plain).render()
    }

    private static func joinLines(_ lines: [Substring]) -> String {
        lines.map { $0.trimmedSpaces() }.joined(separator: "\n")
    }

    // The predicates below take lines whose leading whitespace is already removed.

    /// Three or more backticks; like CommonMark, an info string with a backtick means inline code ("```a``` b").
    private static func isFence(_ text: Substring) -> Bool {
        text.hasPrefix("```") && !text.drop(while: { $0 == "`" }).contains("`")
    }

    private static func isClosingFence(_ line: Substring) -> Bool {
        let text = line.trimmedSpaces()
        return text.count >= 3 && text.allSatisfy { $0 == "`" }
    }

    /// `# ` to `### `; a `#` glued to a word ("#42", "#标签") is just text.
    private static func heading(_ text: Substring) -> (level: Int, content: Substring)? {
        let hashes = text.prefix(while: { $0 == "#" }).count
        guard (1...3).contains(hashes) else { return nil }
        let rest = text.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var content = rest.drop(while: \.isWhitespace)
        // An optional closing sequence ("## Title ##") is decoration, not content.
        let withoutClosing = content.reversed().drop(while: { $0 == "#" })
        if withoutClosing.first == " " || withoutClosing.isEmpty {
            content = content.dropLast(content.count - withoutClosing.count)
        }
        while content.last?.isWhitespace == true { content = content.dropLast() }
        return (hashes, content)
    }

    private static func quoteContent(_ text: Substring) -> Substring? {
        guard text.first == ">" else { return nil }
        let rest = text.dropFirst()
        return rest.first == " " ? rest.dropFirst() : rest
    }

    /// A list item's content and, for ordered items, its number.
    private static func listItem(_ text: Substring) -> (content: Substring, number: Int?)? {
        if let marker = text.first, marker == "-" || marker == "*" {
            let rest = text.dropFirst()
            guard rest.first == " " || rest.first == "\t" else { return nil }
            return (rest.drop(while: \.isWhitespace), nil)
        }
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        // Nine digits always fit in an Int; longer "numbers" are text, not list markers.
        guard (1...9).contains(digits.count), let number = Int(digits) else { return nil }
        let rest = text.dropFirst(digits.count)
        guard rest.first == ".", rest.dropFirst().first == " " || rest.dropFirst().first == "\t" else { return nil }
        return (rest.dropFirst().drop(while: \.isWhitespace), number)
    }

    /// Whether a line starts a new block even without a blank line before it. As in CommonMark an ordered list
    /// interrupts only when it starts at 1, so "on\n2023. Then…" stays one paragraph.
    private static func interruptsParagraph(_ text: Substring) -> Bool {
        if isFence(text) || heading(text) != nil || quoteContent(text) != nil { return true }
        guard let item = listItem(text) else { return false }
        return item.number == nil || item.number == 1
    }
}
