import Foundation

/// A deliberately small Markdown for interaction notes written by staff. Its HTML is inserted into pages
/// unescaped, so every input character is escaped and tags come only from the renderer itself.
public enum Markdown {
    /// Renders a small, safe subset of Markdown to HTML. Every character of the input is HTML-escaped
    /// (& < > " '); only the supported markup produces tags, and links only for http:, https: and mailto:.
    public static func html(_ text: String) -> String {
        BlockRenderer(plain: false).render(lines(text), depth: 0).joined(separator: "\n")
    }

    /// Plain text for excerpts and search: markup removed, whitespace collapsed.
    public static func plainText(_ text: String) -> String {
        let raw = BlockRenderer(plain: true).render(lines(text), depth: 0).joined(separator: " ")
        return raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Escapes text for HTML content and double- or single-quoted attribute values. NUL becomes U+FFFD, as a
    /// browser would make it, so it cannot hide anything from a later filter.
    static func escape(_ text: some Sequence<Unicode.Scalar>, into out: inout String) {
        for scalar in text {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out.unicodeScalars.append("\u{FFFD}")
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    private static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }
}

