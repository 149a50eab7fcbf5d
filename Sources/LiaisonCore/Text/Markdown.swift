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
        if hasNoMarkup(text) { return text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let raw = BlockRenderer(plain: true).render(lines(text), depth: 0).joined(separator: " ")
        return raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `text` holds nothing Markdown reads as markup, so that its plain text is the text with whitespace
    /// collapsed: only letters, digits, spaces, line breaks, non-ASCII characters and a few marks that mean nothing
    /// here, and no line that starts with a digit (a numbered list) or an indent (code). Most messages are such text,
    /// and skipping the renderer matters where many are shown at once (search excerpts). A test compares both ways.
    static func hasNoMarkup(_ text: String) -> Bool {
        var lineStart = true
        var spaces = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A, 0x0D:
                lineStart = true
                spaces = 0
                continue
            case 0x20:
                if lineStart {
                    spaces += 1
                    if spaces >= 4 { return false }
                }
                continue
            case 0x30...0x39:
                if lineStart { return false }
            case 0x41...0x5A, 0x61...0x7A, 0x80...0xFF:
                break
            case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: "?"), UInt8(ascii: "'"),
                UInt8(ascii: "\""), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "/"), UInt8(ascii: ":"):
                if lineStart { return false }
            default:
                return false
            }
            lineStart = false
            spaces = 0
        }
        return true
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

