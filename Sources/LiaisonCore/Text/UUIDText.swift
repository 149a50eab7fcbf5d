import Foundation

/// UUIDs to and from their text form without going through C's `sscanf`/`sprintf` (which Foundation uses on
/// Linux, and which showed up in the profiles of list pages: dozens of ids per row, fifty rows per page).
public enum UUIDText {
    /// Parses the 36-character form (`E621E1F8-C36C-495A-93FC-0C247A3E6E5F`), either case; nil otherwise.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { bytes -> UUID? in
            guard bytes.count == 36 else { return nil }
            return parse(bytes, at: 0)
        }
    }

    /// Parses the 36 bytes of `bytes` from `start` (the caller has checked they are there), either case; nil when
    /// they are not an id.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UUID? {
        var out: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var ok = true
        withUnsafeMutableBytes(of: &out) { raw in
            var index = 0
            var byte = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    if bytes[start + index] != UInt8(ascii: "-") { ok = false; return }
                    index += 1
                    continue
                }
                guard let high = nibble(bytes[start + index]), let low = nibble(bytes[start + index + 1]) else {
                    ok = false
                    return
                }
                raw[byte] = high << 4 | low
                byte += 1
                index += 2
            }
        }
        return ok ? UUID(uuid: out) : nil
    }

    /// The upper-case 36-character form, as `UUID.uuidString` writes it.
    public static func format(_ uuid: UUID) -> String {
        let digits: StaticString = "0123456789ABCDEF"
        return withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { buffer in
                digits.withUTF8Buffer { hex in
                    var out = 0
                    for (index, byte) in raw.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            buffer[out] = UInt8(ascii: "-")
                            out += 1
                        }
                        buffer[out] = hex[Int(byte >> 4)]
                        buffer[out + 1] = hex[Int(byte & 0x0F)]
                        out += 2
                    }
                }
                return 36
            }
        }
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension UUID {
    /// The upper-case 36-character form, exactly `uuidString`, written without Foundation's formatted printing
    /// (the ids a write stores and audits are turned into text several times over).
    public var idText: String { UUIDText.format(self) }
}
