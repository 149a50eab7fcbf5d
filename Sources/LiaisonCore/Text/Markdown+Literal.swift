extension Markdown {
    /// Text written outside (a mail's plain text) as Markdown that shows it as it is: every ASCII punctuation mark
    /// that could start markup is escaped with a backslash, and spaces that start a line (which would make code)
    /// become no-break spaces. `plainText` of the result is the text with its whitespace collapsed.
    public static func literal(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lineStart = true
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                out.append(scalar)
                lineStart = true
                continue
            }
            if scalar == "\r" { continue }
            if lineStart, scalar == " " || scalar == "\t" {
                out.append("\u{00A0}")
                continue
            }
            lineStart = false
            if scalar.isASCII, Self.markupMarks.contains(UInt8(scalar.value)) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }

    /// The marks the renderer reads as markup anywhere or at a line's start.
    private static let markupMarks = Set("\\`*_{}[]()<>#+-.!|~=:".utf8)
}
