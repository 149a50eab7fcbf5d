import Foundation

/// Time zone identifiers as people and calendars name them (`Asia/Shanghai`, `UTC`, `Etc/GMT-8`).
public enum TimeZoneName {
    /// A name Foundation knows, written only with the characters zone identifiers use (ASCII letters, digits,
    /// `/`, `_`, `+`, `-`). Foundation reads the name as a C string, so `"Asia/Shanghai\u{0}…"` would otherwise pass
    /// and be stored with the NUL.
    public static func isKnown(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64,
            name.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2F
                    || byte == 0x5F || byte == 0x2B || byte == 0x2D
            })
        else { return false }
        return TimeZone(identifier: name) != nil
    }
}
