import Foundation

extension UUID {
    /// A version-7 UUID (RFC 9562): the Unix time in milliseconds in its first 48 bits, then the version, the
    /// variant and 74 random bits.
    ///
    /// Records written all the time (requests, messages, timeline entries, notifications) take these ids: one made
    /// later sorts after one made earlier, in the bytes and in the upper-case text the database stores, so a new
    /// row lands at the end of its key's index (and of every index keyed by it, such as a message's request)
    /// instead of on a random page of it. That halves the pages a write changes on a large database. Secrets
    /// (sessions, tokens) keep random version-4 ids: these reveal their creation time.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return timeOrdered(at: date, using: &generator)
    }

    public static func timeOrdered(at date: Date, using generator: inout some RandomNumberGenerator) -> UUID {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return UUID(
            uuid: (
                UInt8(truncatingIfNeeded: milliseconds >> 40), UInt8(truncatingIfNeeded: milliseconds >> 32),
                UInt8(truncatingIfNeeded: milliseconds >> 24), UInt8(truncatingIfNeeded: milliseconds >> 16),
                UInt8(truncatingIfNeeded: milliseconds >> 8), UInt8(truncatingIfNeeded: milliseconds),
                0x70 | UInt8(truncatingIfNeeded: high & 0x0F), UInt8(truncatingIfNeeded: high >> 8),
                0x80 | UInt8(truncatingIfNeeded: (high >> 16) & 0x3F), UInt8(truncatingIfNeeded: high >> 24),
                UInt8(truncatingIfNeeded: high >> 32), UInt8(truncatingIfNeeded: high >> 40),
                UInt8(truncatingIfNeeded: low), UInt8(truncatingIfNeeded: low >> 8), UInt8(truncatingIfNeeded: low >> 16),
                UInt8(truncatingIfNeeded: low >> 24)
            ))
    }

    /// The creation time of a version-7 UUID, to the millisecond; nil for other versions.
    public var timeOrderedDate: Date? {
        let bytes = uuid
        guard bytes.6 >> 4 == 7 else { return nil }
        let milliseconds = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
