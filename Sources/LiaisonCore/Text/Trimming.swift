extension StringProtocol {
    /// The text without white space or line breaks at either end: the same as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (Unicode's White_Space characters, and the zero-width
    /// space, which Foundation also counts), without the detour through `NSString` that made it a visible share of
    /// every form and API call's validation.
    public func trimmed() -> String {
        trimming { $0.properties.isWhitespace || $0 == "\u{200B}" }
    }

    /// The text without spaces or tabs at either end (line breaks stay): the same as Foundation's
    /// `trimmingCharacters(in: .whitespaces)`, that is the space separators (Zs), the tab and the zero-width space.
    public func trimmedSpaces() -> String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(self[first...last])
    }
}

extension String {
    /// The text with its first letter capitalised, for a label that the catalog writes for use inside a sentence
    /// ("first response" → "First response"); Chinese is unchanged.
    public var sentenceCased: String {
        guard let first = first, first.isLowercase else { return self }
        return first.uppercased() + dropFirst()
    }
}
