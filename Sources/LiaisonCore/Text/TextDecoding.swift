import Foundation

/// Turns uploaded bytes into text. Spreadsheets saved by Chinese Excel are usually GBK/GB18030, not UTF-8, so
/// the encoding is recognised from the bytes rather than assumed.
public enum TextDecoding {
    /// The encoding a text was found to be in.
    public enum Encoding: String, Sendable {
        case utf8, utf8BOM, utf16LE, utf16BE, gb18030
    }

    /// Decodes bytes: a UTF-8 BOM → utf8BOM (BOM dropped); UTF-16 BOMs → utf16; valid UTF-8 → utf8; otherwise
    /// GB18030 (a superset of GBK and GB2312). Returns nil when nothing decodes.
    public static func decode(_ data: Data) -> (text: String, encoding: Encoding)? {
        // A copy gives zero-based indices even when `data` is a slice of a larger buffer.
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            // The BOM promises UTF-8; guessing another encoding for the rest would only produce mojibake.
            return utf8(bytes[3...]).map { ($0, .utf8BOM) }
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return utf16(bytes[2...], bigEndian: false).map { ($0, .utf16LE) }
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return utf16(bytes[2...], bigEndian: true).map { ($0, .utf16BE) }
        }
        if let text = utf8(bytes[...]) {
            return (text, .utf8)
        }
        return gb18030(bytes).map { ($0, .gb18030) }
    }

    /// CoreFoundation's kCFStringEncodingGB_18030_2000 (0x0632) with the flag that marks CF encodings inside
    /// `String.Encoding`. swift-corelibs-foundation decodes it through ICU on Linux, strictly (invalid → nil).
    static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)

    /// Strict GB18030 decoding; nil when the bytes are not valid GB18030.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        String(data: Data(bytes), encoding: gb18030Encoding)
    }

    /// Strict UTF-8 decoding; nil when any sequence is malformed.
    static func utf8(_ bytes: ArraySlice<UInt8>) -> String? {
        // Decoding repairs malformed input with U+FFFD, so a lossless round trip proves the input was valid.
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        // Parsed by hand because String(decoding:) would silently replace lone surrogates.
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var parser = UTF16.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): scalars.append(UTF16.decode(encoded))
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }
}
