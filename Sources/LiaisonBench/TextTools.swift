import Foundation
import LiaisonCore

/// Fast equivalents of the app's text functions for the characters this generator writes, checked against the
/// real ones (`SearchText`) on a sample during every run; anything unexpected goes through the real function.
enum FastText {
    /// `SearchText.normalise` (NFKC + lower-case) for ASCII, CJK ideographs, full-width ASCII forms and a few
    /// punctuation marks NFKC keeps; nil for anything else (the caller falls back to the real function).
    /// Works on UTF-8 bytes: the generator calls it for every document.
    static func normaliseFast(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                    i += 1
                    continue
                }
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                guard i + length <= n else { return nil }
                let v = scalarValue(bytes, i, length)
                if (0x4E00...0x9FFF).contains(v) || stable.contains(v) {
                    for k in 0..<length { out.append(bytes[i + k]) }
                } else if (0xFF01...0xFF5E).contains(v) {
                    var ascii = UInt8(v - 0xFEE0)
                    if ascii >= 0x41 && ascii <= 0x5A { ascii += 0x20 }
                    out.append(ascii)
                } else {
                    return nil
                }
                i += length
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ length: Int) -> UInt32 {
        switch length {
        case 2: return UInt32(bytes[i] & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        case 3: return UInt32(bytes[i] & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        default:
            return UInt32(bytes[i] & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
        }
    }

    /// Punctuation NFKC leaves alone and that has no case: 、。《》【】“”‘’—·×¥ and friends.
    private static let stable: Set<UInt32> = [
        0x3001, 0x3002, 0x300A, 0x300B, 0x3010, 0x3011, 0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x00B7, 0x00D7,
        0x00A5, 0x300C, 0x300D,
    ]

    static func normalise(_ text: String) -> String {
        normaliseFast(text) ?? SearchText.normalise(text)
    }

    /// `SearchText.bigramText` for text that is already normalised (UTF-8 bytes in, bytes out).
    static func bigramText(normalised text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count * 2)
            // The current run of CJK characters, as byte ranges.
            var run: [(Int, Int)] = []
            var first = true
            func flush() {
                guard !run.isEmpty else { return }
                if !first { out.append(contentsOf: [0x20, 0x7C, 0x20]) }
                first = false
                if run.count == 1 {
                    out.append(contentsOf: bytes[run[0].0..<run[0].1])
                } else {
                    for k in 0..<(run.count - 1) {
                        if k > 0 { out.append(0x20) }
                        out.append(contentsOf: bytes[run[k].0..<run[k].1])
                        out.append(contentsOf: bytes[run[k + 1].0..<run[k + 1].1])
                    }
                }
                run.removeAll(keepingCapacity: true)
            }
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                let v = length == 1 ? UInt32(b) : scalarValue(bytes, i, min(length, n - i))
                let scalar = Unicode.Scalar(v) ?? " "
                if isCJK(scalar) {
                    run.append((i, i + length))
                } else if !isVariationSelector(scalar) {
                    flush()
                }
                i += length
            }
            flush()
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func isVariationSelector(_ scalar: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// Same ranges as `SearchText.isCJK` (internal to LiaisonCore).
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        case 0x2E80...0x2FDF, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B: true
        case 0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: true
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF: true
        default: false
        }
    }

    /// Like `ContactIdentity.normalisePhone` (internal to LiaisonData): digits only, no +86/0086.
    static func normalisePhone(_ phone: String) -> String {
        var digits = String(phone.split(separator: "转").first ?? "").filter(\.isNumber)
        if digits.hasPrefix("0086") { digits.removeFirst(4) } else if digits.hasPrefix("86"), digits.count == 13 {
            digits.removeFirst(2)
        }
        return digits
    }

    /// `JSONColumn.encode` of a string list (sorted keys, slashes unescaped, non-ASCII as is).
    static func jsonList(_ items: [String]) -> String {
        "[" + items.map(jsonString).joined(separator: ",") + "]"
    }

    /// `JSONColumn.encode` of a string map (keys sorted).
    static func jsonMap(_ items: [(String, String)]) -> String {
        "{" + items.sorted { $0.0 < $1.0 }.map { jsonString($0.0) + ":" + jsonString($0.1) }.joined(separator: ",") + "}"
    }

    /// `JSONColumn.encode` of a channel → allowed map.
    static func jsonBoolMap(_ items: [(String, Bool)]) -> String {
        "{" + items.sorted { $0.0 < $1.0 }.map { jsonString($0.0) + ":" + ($0.1 ? "true" : "false") }
            .joined(separator: ",") + "}"
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// What the app's own encoder writes, to check `jsonList` and friends against.
    static func referenceJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}

/// A template with `{SLOT}` placeholders, split once into literal and slot parts.
struct Template: Sendable {
    enum Part: Sendable {
        case literal(String)
        case slot(String)
    }

    let parts: [Part]

    init(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            parts.append(.slot(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    func render(into out: inout String, _ filler: inout SlotFiller) {
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .slot(let name): out += filler.value(name)
            }
        }
    }
}

extension FastText {
    /// `Markdown.plainText` for the Markdown subset the generator writes (paragraphs, `## ` headings, `> ` quotes,
    /// `- ` and `1. ` lists, **bold**, `code` and [links](https://…)): markers dropped, whitespace collapsed.
    /// Checked against the real function on a sample of every run.
    static func plainText(_ markdown: String) -> String {
        var markdown = markdown
        return markdown.withUTF8 { b -> String in
            var out = [UInt8]()
            out.reserveCapacity(b.count)
            var pendingSpace = false
            func emit(_ c: UInt8) {
                if c == 0x20 || c == 0x0A || c == 0x09 {
                    pendingSpace = !out.isEmpty
                    return
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(c)
            }
            func find(_ c: UInt8, _ from: Int, _ to: Int) -> Int? {
                var i = from
                while i < to {
                    if b[i] == c { return i }
                    i += 1
                }
                return nil
            }
            let n = b.count
            var lineStart = 0
            while lineStart < n {
                var lineEnd = lineStart
                while lineEnd < n, b[lineEnd] != 0x0A { lineEnd += 1 }
                var i = lineStart
                while i < lineEnd, b[i] == 0x20 { i += 1 }
                // Block markers at the start of a line: "## ", "> ", "- ", "* ", "1. ".
                if i + 1 < lineEnd, b[i] == 0x23 {
                    var j = i
                    while j < lineEnd, b[j] == 0x23 { j += 1 }
                    if j < lineEnd, b[j] == 0x20 { i = j + 1 }
                } else if i < lineEnd, b[i] == 0x3E {
                    i += 1
                    if i < lineEnd, b[i] == 0x20 { i += 1 }
                } else if i + 1 < lineEnd, b[i] == 0x2D || b[i] == 0x2A, b[i + 1] == 0x20 {
                    i += 2
                } else {
                    var j = i
                    while j < lineEnd, j - i < 9, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
                    if j > i, j + 1 < lineEnd, b[j] == 0x2E, b[j + 1] == 0x20 { i = j + 2 }
                }
                emit(0x20)
                // Inline markup: `code`, **bold**, [text](url).
                var k = i
                while k < lineEnd {
                    let c = b[k]
                    if c == 0x60, let close = find(0x60, k + 1, lineEnd) {
                        for m in (k + 1)..<close { emit(b[m]) }
                        k = close + 1
                    } else if c == 0x2A, k + 1 < lineEnd, b[k + 1] == 0x2A {
                        k += 2
                    } else if c == 0x5B, let close = find(0x5D, k + 1, lineEnd), close + 1 < lineEnd, b[close + 1] == 0x28,
                        let end = find(0x29, close + 2, lineEnd)
                    {
                        for m in (k + 1)..<close { emit(b[m]) }
                        k = end + 1
                    } else {
                        emit(c)
                        k += 1
                    }
                }
                lineStart = lineEnd + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Unicode scalars in a string, counted on its UTF-8 bytes.
    static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for b in bytes where b & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `UUID.uuidString` (upper-case, 8-4-4-4-12) without going through Foundation's formatter.
    static func uuidString(_ uuid: UUID) -> String {
        let u = uuid.uuid
        let bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(0x2D) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
