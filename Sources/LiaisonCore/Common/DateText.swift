import Foundation

/// Dates and times as they come in from outside (API bodies and query strings, forms, imports), read strictly:
/// every field must be in its range (no 2026-02-30 rolling over to March, no hour 25, no minute 61) and the moment
/// must fall within `years`, so that nothing the server stores or writes back can be malformed.
///
/// - `moment`: RFC 3339, `2026-05-01T09:30:00+08:00`, `2026-05-01T01:30:00.123Z`: `T` (or `t`, or a space) between
///   date and time, seconds required, 1 to 9 fraction digits, `Z`/`z` or an offset up to ±23:59. A leap second
///   (`:60`) is refused: `Date` has none, and taking it as the next second would be the very roll-over refused here.
/// - `day`: a plain date, `2026-05-01`.
/// - `localMoment`: the wall-clock time an HTML `datetime-local` field sends, `2026-05-01T09:30` (seconds optional),
///   read in a given time zone; a time that a clock change skips is moved forward by the gap.
public enum DateText {
    /// The years a date may fall in (a moment: from 1900-01-01T00:00:00Z to 2200-12-31T23:59:59.999Z).
    public static let years: ClosedRange<Int> = 1900...2200
    public static let earliest = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01T00:00:00Z
    public static let end = Date(timeIntervalSince1970: 7_289_654_400)  // 2201-01-01T00:00:00Z

    /// Why a text is not a date: its shape or a field (`invalidDate`), or the year (`dateOutOfRange`).
    public enum Problem: Error, Sendable, Equatable {
        case invalid
        case outOfRange

        public var issue: (code: String, values: [String]) {
            switch self {
            case .invalid: ("invalidDate", [])
            case .outOfRange:
                ("dateOutOfRange", [String(DateText.years.lowerBound), String(DateText.years.upperBound)])
            }
        }
    }

    /// Whether a moment lies within `years`.
    public static func isInRange(_ date: Date) -> Bool {
        date >= earliest && date < end
    }

    /// An RFC 3339 date-time with a zone.
    public static func moment(_ text: String) throws(Problem) -> Date {
        let parts = try Parts(text)
        guard let time = parts.time, time.hasSeconds, let offset = parts.offset else { throw .invalid }
        return try checked(parts.date, time, offset: offset)
    }

    /// A plain date.
    public static func day(_ text: String) throws(Problem) -> LocalDate {
        let parts = try Parts(text)
        guard parts.time == nil else { throw .invalid }
        guard years.contains(parts.date.year) else { throw .outOfRange }
        return parts.date
    }

    /// A wall-clock date and time (`2026-05-01T09:30`, seconds optional) in `zone`. With `orDay`, a plain date is
    /// its midnight; with `orMoment`, an RFC 3339 date-time (with its own zone) is taken as well.
    public static func localMoment(_ text: String, in zone: TimeZone, orDay: Bool = false, orMoment: Bool = false)
        throws(Problem) -> Date
    {
        let parts = try Parts(text)
        guard let time = parts.time else {
            guard orDay else { throw .invalid }
            return try wallClock(parts.date, Time(seconds: 0, nanoseconds: 0, hasSeconds: false), in: zone)
        }
        if let offset = parts.offset {
            guard orMoment, time.hasSeconds else { throw .invalid }
            return try checked(parts.date, time, offset: offset)
        }
        return try wallClock(parts.date, time, in: zone)
    }

    // MARK: Reading the fields

    struct Time {
        var seconds: Int
        var nanoseconds: Int
        var hasSeconds: Bool
    }

    struct Parts {
        var date: LocalDate
        var time: Time?
        /// Seconds east of UTC; nil when the text names no zone.
        var offset: Int?

        init(_ text: String) throws(Problem) {
            var reader = Reader(bytes: Array(text.trimmedSpaces().utf8))
            let year = try reader.number(4)
            try reader.expect(UInt8(ascii: "-"))
            let month = try reader.number(2)
            try reader.expect(UInt8(ascii: "-"))
            let day = try reader.number(2)
            guard let date = LocalDate.checked(year: year, month: month, day: day) else { throw .invalid }
            self.date = date
            guard let separator = reader.next() else { return }
            guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
            else { throw .invalid }
            let hour = try reader.number(2)
            try reader.expect(UInt8(ascii: ":"))
            let minute = try reader.number(2)
            var time = Time(seconds: 0, nanoseconds: 0, hasSeconds: false)
            if reader.peek() == UInt8(ascii: ":") {
                reader.skip()
                time.seconds = try reader.number(2)
                time.hasSeconds = true
                guard time.seconds <= 59 else { throw .invalid }
                if reader.peek() == UInt8(ascii: ".") {
                    reader.skip()
                    var digits = 0
                    while let byte = reader.peek(), byte >= 48, byte <= 57 {
                        guard digits < 9 else { throw .invalid }
                        time.nanoseconds = time.nanoseconds * 10 + Int(byte - 48)
                        digits += 1
                        reader.skip()
                    }
                    guard digits > 0 else { throw .invalid }
                    for _ in digits..<9 { time.nanoseconds *= 10 }
                }
            }
            guard hour <= 23, minute <= 59 else { throw .invalid }
            time.seconds += hour * 3600 + minute * 60
            self.time = time
            guard let zone = reader.next() else { return }
            if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
                offset = 0
            } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
                let hours = try reader.number(2)
                try reader.expect(UInt8(ascii: ":"))
                let minutes = try reader.number(2)
                guard hours <= 23, minutes <= 59 else { throw .invalid }
                offset = (zone == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else {
                throw .invalid
            }
            guard reader.atEnd else { throw .invalid }
        }
    }

    struct Reader {
        var bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skip() { position += 1 }

        mutating func next() -> UInt8? {
            defer { position += 1 }
            return peek()
        }

        mutating func expect(_ byte: UInt8) throws(Problem) {
            guard next() == byte else { throw .invalid }
        }

        /// Exactly `count` ASCII digits.
        mutating func number(_ count: Int) throws(Problem) -> Int {
            var value = 0
            for _ in 0..<count {
                guard let byte = next(), byte >= 48, byte <= 57 else { throw .invalid }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
    }

    // MARK: Making moments

    private static func checked(_ date: LocalDate, _ time: Time, offset: Int) throws(Problem) -> Date {
        let seconds = date.dayNumber * 86_400 + time.seconds - offset
        return try inRange(seconds: seconds, nanoseconds: time.nanoseconds)
    }

    private static func wallClock(_ date: LocalDate, _ time: Time, in zone: TimeZone) throws(Problem) -> Date {
        // Out of range before the zone is asked, so that absurd years never reach the time-zone database.
        guard years.contains(date.year) else { throw .outOfRange }
        let wall = date.dayNumber * 86_400 + time.seconds
        // The offsets around the wall-clock time; the larger one first gives the earlier moment of a repeated time.
        let offsets = Set(
            [-86_400, 0, 86_400].map { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + $0))) }
        )
        .sorted(by: >)
        for offset in offsets
        where zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - offset))) == offset {
            return try inRange(seconds: wall - offset, nanoseconds: time.nanoseconds)
        }
        // A skipped time: moved forward by the gap, as a clock that was not put forward would show it.
        return try inRange(seconds: wall - (offsets.last ?? 0), nanoseconds: time.nanoseconds)
    }

    private static func inRange(seconds: Int, nanoseconds: Int) throws(Problem) -> Date {
        // From the 2001 reference date, as `Date` keeps it, so that whole seconds stay exact.
        let date = Date(
            timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + Double(nanoseconds) / 1_000_000_000)
        guard isInRange(date) else { throw .outOfRange }
        return date
    }
}

extension FieldValidator {
    /// An optional RFC 3339 date-time: nil when empty, an `invalidDate` or `dateOutOfRange` issue when wrong.
    public mutating func moment(_ field: String, _ raw: String?) -> Date? {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return nil }
        return record(field) { () throws(DateText.Problem) in try DateText.moment(text) }
    }

    /// An optional plain date (`2026-05-01`).
    public mutating func day(_ field: String, _ raw: String?) -> LocalDate? {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return nil }
        return record(field) { () throws(DateText.Problem) in try DateText.day(text) }
    }

    /// An optional wall-clock date and time in `zone` (see `DateText.localMoment`).
    public mutating func localMoment(
        _ field: String, _ raw: String?, in zone: TimeZone, orDay: Bool = false, orMoment: Bool = false
    ) -> Date? {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return nil }
        return record(field) { () throws(DateText.Problem) in
            try DateText.localMoment(text, in: zone, orDay: orDay, orMoment: orMoment)
        }
    }

    /// A moment that arrived already parsed (a decoded `Date`): an issue when it lies outside `DateText.years`.
    public mutating func inRange(_ field: String, _ date: Date?) {
        if let date, !DateText.isInRange(date) {
            let issue = DateText.Problem.outOfRange.issue
            add(field, issue.code, issue.values)
        }
    }

    private mutating func record<T>(_ field: String, _ parse: () throws(DateText.Problem) -> T) -> T? {
        do {
            return try parse()
        } catch {
            let issue = error.issue
            add(field, issue.code, issue.values)
            return nil
        }
    }
}

extension DateText {
    /// A moment as RFC 3339 text in UTC, to the second (`2026-09-21T13:33:20Z`).
    public static func rfc3339(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : String(v) }
        let year = String(c.year ?? 0)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(c.month) + "-" + two(c.day)
            + "T" + two(c.hour) + ":" + two(c.minute) + ":" + two(c.second) + "Z"
    }
}
