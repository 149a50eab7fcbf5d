import Foundation

/// The rules every piece of text from outside passes before it is stored: Unicode NFC (so that é typed one way
/// or the other is the same name), no control characters and no invisible formatting characters that would
/// reorder or break what others see. Multi-line fields (bodies, notes) keep line breaks (`\n`, with `\r\n` and a
/// lone `\r` read as `\n`) and tabs; single-line fields (names, subjects, titles) keep neither.
///
/// Refused everywhere: C0 and C1 controls (U+0000–U+001F, U+007F–U+009F) other than the line break and tab of a
/// multi-line field; the line and paragraph separators (U+2028, U+2029); the bidirectional embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the deprecated format characters after them
/// (U+206A–U+206F); the interlinear annotation marks (U+FFF9–U+FFFB). Zero-width joiners and non-joiners stay:
/// scripts and emoji need them.
public enum InputText {
    /// Whether a character has no place in a field of that kind.
    public static func isRefused(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: !multiline
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x206F, 0xFFF9...0xFFFB: true
        default: false
        }
    }

    /// Whether the text holds a refused character.
    public static func hasRefused(_ text: some StringProtocol, multiline: Bool) -> Bool {
        // Every refused character starts with a byte below 0x20, 0x7F, or a lead byte 0xC2, 0xE2 or 0xEF.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF }) else {
            return false
        }
        return text.unicodeScalars.contains { isRefused($0, multiline: multiline) }
    }

    /// The text with `\r\n` and lone `\r` as `\n`.
    public static func unifyingLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var scalars = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
            } else if !(scalar == "\n" && afterCarriageReturn) {
                scalars.append(scalar)
            }
            afterCarriageReturn = scalar == "\r"
        }
        return String(scalars)
    }

    /// The text with each refused character replaced by a space: for search queries, which are not stored and
    /// need not be refused, and for the public survey's comment.
    public static func stripped(_ text: String, multiline: Bool = false) -> String {
        guard hasRefused(text, multiline: multiline) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { isRefused($0, multiline: multiline) ? " " : $0 }))
    }

    /// Unicode NFC. Text made only of characters that no normalisation changes and that combine with nothing
    /// before them (ASCII and Latin-1 up to U+02FF, CJK ideographs, CJK punctuation, full-width ASCII) is returned as
    /// it is, without Foundation's tables; a test compares the two on every such character.
    public static func nfc(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isStableUnderNFC) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// Unicode NFKC and lower case, for identifiers compared as equal (email addresses, codes): full-width
    /// `ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ` is `foo@example.com`.
    public static func identifier(_ text: String) -> String {
        compatible(text).lowercased()
    }

    /// Unicode NFKC (full-width letters and digits as ASCII), case kept.
    public static func compatible(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }

    static func isStableUnderNFC(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x2FF, 0x3000...0x3029, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
        default: false
        }
    }
}

extension FieldValidator {
    /// Trims the text and applies `InputText`'s rules; records `required` when empty, `controlCharacter` when a
    /// refused character is in it, and `tooLong` past `max` characters.
    @discardableResult
    public mutating func requiredText(_ field: String, _ value: String?, max: Int, multiline: Bool = false) -> String {
        let text = cleanText(field, value ?? "", max: max, multiline: multiline)
        if text.isEmpty { add(field, "required") }
        return text
    }

    /// As `requiredText`, but nil when empty.
    public mutating func optionalText(_ field: String, _ value: String?, max: Int, multiline: Bool = false) -> String? {
        guard let value else { return nil }
        let text = cleanText(field, value, max: max, multiline: multiline)
        return text.isEmpty ? nil : text
    }

    /// The text trimmed, in NFC and with line breaks unified; issues for refused characters and length.
    public mutating func cleanText(_ field: String, _ value: String, max: Int, multiline: Bool = false) -> String {
        let text = InputText.nfc((multiline ? InputText.unifyingLineBreaks(value) : value).trimmed())
        if InputText.hasRefused(text, multiline: multiline) {
            add(field, "controlCharacter")
        } else if text.count > max {
            add(field, "tooLong", [String(max)])
        }
        return text
    }
}
