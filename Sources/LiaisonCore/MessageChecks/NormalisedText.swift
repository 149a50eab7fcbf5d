import Foundation

/// A text reduced to what the guard compares, with the way back: every kept character remembers the index (in
/// Unicode scalars) of the original character it came from, so a match in the normalised text becomes a span of
/// the original.
///
/// The rules, in order, for each original character:
/// - zero-width characters, spaces, punctuation, symbols and emoji are dropped, so that "你们 自 己的问题",
///   "你.们.自.己" and "i t ' s   y o u r   f a u l t" compare as the plain phrase;
/// - NFKC (full-width ＡＢＣ → ABC, ① → 1), lower case, combining accents dropped (é → e);
/// - look-alike letters folded to the Latin letter they imitate (Cyrillic а, е, о, р, с, у, х; Greek ο, α …);
/// - traditional Chinese folded to simplified (`HanFolding`: 說了多少遍 → 说了多少遍).
public struct NormalisedText: Sendable {
    /// The normalised characters, as scalar values.
    public let scalars: [UInt32]
    /// For each normalised character, the index of the original scalar it came from.
    public let origins: [Int]
    /// The original text's scalars.
    public let original: [Unicode.Scalar]

    /// Normalises `text`.
    public init(_ text: String) {
        let original = Array(text.unicodeScalars)
        var scalars: [UInt32] = []
        var origins: [Int] = []
        scalars.reserveCapacity(original.count)
        origins.reserveCapacity(original.count)
        for (index, scalar) in original.enumerated() {
            Self.append(scalar, index: index, to: &scalars, origins: &origins)
        }
        self.original = original
        self.scalars = scalars
        self.origins = origins
    }

    /// The normalised scalars of a phrase (a lexicon entry, a name), without offsets.
    public static func key(_ text: String) -> [UInt32] {
        var scalars: [UInt32] = []
        var origins: [Int] = []
        for scalar in text.unicodeScalars { append(scalar, index: 0, to: &scalars, origins: &origins) }
        return scalars
    }

    /// The original span (start, end exclusive, in scalars) of normalised characters `from..<to`.
    public func originalSpan(_ from: Int, _ to: Int) -> (start: Int, end: Int) {
        guard from < to, from >= 0, to <= origins.count else { return (0, 0) }
        return (origins[from], origins[to - 1] + 1)
    }

    /// The original text of a span of original scalars.
    public func excerpt(_ start: Int, _ end: Int) -> String {
        guard start < end, start >= 0, end <= original.count else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: original[start..<end])
        return String(view)
    }

    /// Whether the original character at `index` is a Latin-script letter or a digit (a word character for the
    /// whole-word rule); false outside the text.
    public func isWordCharacter(at index: Int) -> Bool {
        guard index >= 0, index < original.count else { return false }
        return Self.isLatinWordScalar(original[index])
    }

    /// Whether a normalised key starts and ends with Latin letters or digits, so that it must match whole words.
    static func isLatinKey(_ key: [UInt32]) -> Bool {
        guard let first = key.first, let last = key.last else { return false }
        return isASCIIWord(first) && isASCIIWord(last)
    }

    static func isASCIIWord(_ value: UInt32) -> Bool {
        (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
    }

    static func isLatinWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return isASCIIWord(value | (value >= 0x41 && value <= 0x5A ? 0x20 : 0)) }
        if isHan(value) { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func isHan(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2FFFF).contains(value)
            || (0xF900...0xFAFF).contains(value)
    }

    private static func append(_ scalar: Unicode.Scalar, index: Int, to scalars: inout [UInt32], origins: inout [Int]) {
        let value = scalar.value
        // Fast paths: ASCII, the common Han blocks, full-width ASCII.
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A {
                scalars.append(value + 0x20)
                origins.append(index)
            } else if isASCIIWord(value) {
                scalars.append(value)
                origins.append(index)
            }
            return
        }
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) {
            scalars.append(HanFolding.folded(scalar).value)
            origins.append(index)
            return
        }
        if (0xFF01...0xFF5E).contains(value) {
            append(Unicode.Scalar(UInt8(value - 0xFEE0)), index: index, to: &scalars, origins: &origins)
            return
        }
        let properties = scalar.properties
        guard properties.isAlphabetic || properties.numericType != nil else { return }
        let compatible = String(Character(scalar)).precomposedStringWithCompatibilityMapping
            .decomposedStringWithCanonicalMapping.lowercased()
        for part in compatible.unicodeScalars {
            let partProperties = part.properties
            if partProperties.generalCategory == .nonspacingMark || partProperties.generalCategory == .enclosingMark {
                continue
            }
            guard partProperties.isAlphabetic || partProperties.numericType != nil else { continue }
            var folded = confusables[part.value] ?? part.value
            if isHan(folded), let han = Unicode.Scalar(folded) { folded = HanFolding.folded(han).value }
            if folded >= 0x41 && folded <= 0x5A { folded += 0x20 }
            scalars.append(folded)
            origins.append(index)
        }
    }

    /// Cyrillic and Greek letters that look like Latin ones (lower case, after NFKC), folded to the Latin letter.
    static let confusables: [UInt32: UInt32] = {
        let pairs: [(Character, Character)] = [
            ("а", "a"), ("в", "b"), ("е", "e"), ("ё", "e"), ("к", "k"), ("м", "m"), ("н", "h"), ("о", "o"),
            ("р", "p"), ("с", "c"), ("т", "t"), ("у", "y"), ("х", "x"), ("і", "i"), ("ї", "i"), ("ј", "j"),
            ("ѕ", "s"), ("ԁ", "d"), ("ӏ", "l"), ("ԛ", "q"), ("ԝ", "w"), ("ɡ", "g"), ("α", "a"), ("β", "b"),
            ("ε", "e"), ("η", "n"), ("ι", "i"), ("κ", "k"), ("ν", "v"), ("ο", "o"), ("ρ", "p"), ("τ", "t"),
            ("υ", "u"), ("χ", "x"), ("ω", "w"), ("ѵ", "v"), ("һ", "h"), ("ı", "i"), ("ℓ", "l"),
        ]
        var table: [UInt32: UInt32] = [:]
        for (from, to) in pairs {
            if let source = from.unicodeScalars.first, let target = to.unicodeScalars.first {
                table[source.value] = target.value
            }
        }
        return table
    }()
}
