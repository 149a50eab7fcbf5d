/// Content-Transfer-Encoding (RFC 2045 §6): how a part's bytes travel. Decoding is lenient, as mail readers are:
/// characters outside the alphabet are skipped, missing padding is accepted, a broken quoted-printable escape is
/// kept as written.
public enum TransferEncoding: String, Sendable, Equatable {
    case sevenBit = "7bit"
    case eightBit = "8bit"
    case binary
    case quotedPrintable = "quoted-printable"
    case base64

    /// The encoding named in a header value; unknown names (x-uuencode…) are taken as 8bit: the bytes as they are.
    public init(header: String?) {
        let name = (header ?? "").trimmingSpaces.lowercased()
        self = TransferEncoding(rawValue: name) ?? .eightBit
    }

    public func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .sevenBit, .eightBit, .binary: Array(bytes)
        case .quotedPrintable: Self.decodeQuotedPrintable(bytes)
        case .base64: Self.decodeBase64(bytes)
        }
    }

    // MARK: base64

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in base64Alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        // The URL-safe alphabet too, seen in the wild.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Base64 with anything outside the alphabet skipped; decoding stops at the first "=" (padding).
    public static func decodeBase64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            if byte == UInt8(ascii: "=") { break }
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    public static func encodeBase64(_ bytes: some Collection<UInt8>, lineLength: Int? = 76) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 57 * 2 + 4)
        var line = 0
        var iterator = Array(bytes)[...]
        while !iterator.isEmpty {
            let chunk = iterator.prefix(3)
            iterator = iterator.dropFirst(3)
            let b = Array(chunk) + [UInt8](repeating: 0, count: 3 - chunk.count)
            let n = (UInt32(b[0]) << 16) | (UInt32(b[1]) << 8) | UInt32(b[2])
            out.append(base64Alphabet[Int((n >> 18) & 63)])
            out.append(base64Alphabet[Int((n >> 12) & 63)])
            out.append(chunk.count > 1 ? base64Alphabet[Int((n >> 6) & 63)] : UInt8(ascii: "="))
            out.append(chunk.count > 2 ? base64Alphabet[Int(n & 63)] : UInt8(ascii: "="))
            line += 4
            if let lineLength, line >= lineLength, !iterator.isEmpty {
                out.append(contentsOf: [13, 10])
                line = 0
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: quoted-printable

    /// Quoted-printable: "=XY" is a byte, "=" at a line's end joins it to the next; a "=" followed by anything
    /// else is kept as written.
    public static func decodeQuotedPrintable(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let byte = input[i]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                i += 1
                continue
            }
            // A soft line break: "=" then optional spaces then CRLF or LF.
            var j = i + 1
            while j < input.count, input[j] == 0x20 || input[j] == 0x09 { j += 1 }
            if j == input.count {
                i = j
                continue
            }
            if input[j] == 0x0D, j + 1 < input.count, input[j + 1] == 0x0A {
                i = j + 2
                continue
            }
            if input[j] == 0x0A {
                i = j + 1
                continue
            }
            if i + 2 < input.count, let high = hexValue(input[i + 1]), let low = hexValue(input[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    /// Quoted-printable for text: lines of at most 76 characters, line breaks as CRLF, trailing spaces protected.
    public static func encodeQuotedPrintable(_ text: String) -> String {
        var out = ""
        var line = ""
        func emit(_ piece: String) {
            if line.utf8.count + piece.utf8.count > 75 {
                out += line + "=\r\n"
                line = ""
            }
            line += piece
        }
        let lines = text.replacingLineBreaks().split(separator: "\n", omittingEmptySubsequences: false)
        for (index, textLine) in lines.enumerated() {
            let bytes = Array(textLine.utf8)
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                let space = byte == 0x20 || byte == 0x09
                if byte == UInt8(ascii: "=") || (space && last) || !(space || (0x21...0x7E).contains(byte)) {
                    emit(hex(byte))
                } else {
                    emit(String(UnicodeScalar(byte)))
                }
            }
            out += line
            line = ""
            if index < lines.count - 1 { out += "\r\n" }
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension StringProtocol {
    /// Without spaces, tabs and line breaks at either end.
    var trimmingSpaces: String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.isMailSpace }),
            let last = scalars.lastIndex(where: { !$0.isMailSpace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

extension String {

    /// CRLF and CR as LF.
    func replacingLineBreaks() -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(scalar)
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    var isMailSpace: Bool { self == " " || self == "\t" || self == "\r" || self == "\n" }
}
