import Foundation

/// The text the time recognisers read: one value per original scalar (so positions are the original's), full-width
/// letters, digits and ：／ made ASCII, Latin letters lower-cased, traditional Chinese folded.
struct TimeText {
    let values: [UInt32]

    init(_ scalars: [Unicode.Scalar]) {
        values = scalars.map { scalar in
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            if value >= 0x3400, let han = Unicode.Scalar(value), NormalisedText.isHan(value) {
                value = HanFolding.folded(han).value
            }
            return value
        }
    }

    var count: Int { values.count }

    subscript(_ index: Int) -> UInt32 {
        index >= 0 && index < values.count ? values[index] : 0
    }

    /// Whether `word` (already in this form) starts at `index`.
    @inline(__always)
    func has(_ word: [UInt32], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= values.count else { return false }
        for offset in 0..<word.count where values[index + offset] != word[offset] { return false }
        return true
    }

    /// The first of `words` found at `index` (the list's order decides, so put longer words first).
    func first(of words: [[UInt32]], at index: Int) -> [UInt32]? {
        words.first { has($0, at: index) }
    }

    static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }
    static func isLetter(_ value: UInt32) -> Bool { value >= 0x61 && value <= 0x7A }

    /// Whether a Latin word may start at `index` (no letter or digit just before it).
    func wordStart(_ index: Int) -> Bool {
        !Self.isLetter(self[index - 1]) && !Self.isDigit(self[index - 1])
    }

    /// Whether a Latin word may end before `index`.
    func wordEnd(_ index: Int) -> Bool {
        !Self.isLetter(self[index]) && !Self.isDigit(self[index])
    }

    /// Arabic digits (at most 4) at `index`: value and length.
    func arabic(at index: Int) -> (value: Int, length: Int)? {
        guard Self.isDigit(self[index]), !Self.isDigit(self[index - 1]) else { return nil }
        var length = 0
        var value = 0
        while Self.isDigit(self[index + length]) {
            value = value * 10 + Int(self[index + length] - 0x30)
            length += 1
            if length > 4 { return nil }
        }
        return (value, length)
    }

    /// A Chinese numeral up to 99 (三, 两, 十二, 二十五, 三十一) or Arabic digits: value and length.
    func number(at index: Int) -> (value: Int, length: Int)? {
        if let arabic = arabic(at: index) { return arabic }
        var length = 0
        var tens: Int?
        var units: Int?
        while let digit = Self.chineseDigits[self[index + length]] {
            if digit == 10 {
                guard tens == nil else { return nil }
                tens = units ?? 1
                units = nil
            } else {
                guard units == nil else { return nil }
                units = digit
            }
            length += 1
        }
        guard length > 0 else { return nil }
        return ((tens ?? 0) * 10 + (units ?? 0), length)
    }

    /// An English number word (one … twelve, a, an, a couple of) or digits at a word start: value and length.
    func englishNumber(at index: Int) -> (value: Int, length: Int)? {
        guard wordStart(index) else { return nil }
        if let arabic = arabic(at: index) { return arabic }
        for (word, value) in Self.englishNumbers where has(word, at: index) && wordEnd(index + word.count) {
            return (value, word.count)
        }
        return nil
    }

    static func word(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    static let chineseDigits: [UInt32: Int] = {
        var table: [UInt32: Int] = [:]
        for (character, value) in [
            ("零", 0), ("〇", 0), ("一", 1), ("二", 2), ("两", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6),
            ("七", 7), ("八", 8), ("九", 9), ("十", 10),
        ] {
            if let scalar = character.unicodeScalars.first { table[scalar.value] = value }
        }
        return table
    }()

    static let englishNumbers: [([UInt32], Int)] = [
        ("a couple of", 2), ("couple of", 2), ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5),
        ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12),
        ("fourteen", 14), ("fifteen", 15), ("thirty", 30), ("a", 1), ("an", 1),
    ].map { (word($0.0), $0.1) }
}
