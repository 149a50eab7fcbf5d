import Foundation

/// A day on the Gregorian calendar with no time or zone, as holiday schedules are written ("2026-10-01").
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A day from its parts, not validated; use `init?(_:)` for user input.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "2026-10-01"; nil when the text is not exactly that shape, names no real day (e.g. "2026-02-30") or
    /// falls outside `DateText.years`.
    public init?(_ text: String) {
        guard let date = try? DateText.day(text) else { return nil }
        self = date
    }

    /// "2026-10-01".
    public var description: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        Self.floorMod(dayNumber + 3, 7) + 1
    }

    /// The day `days` later (earlier when negative), across month and year ends.
    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// The wall-clock day that `date` falls on in `zone`.
    public static func of(_ date: Date, in zone: TimeZone) -> LocalDate {
        LocalDate(dayNumber: floorDiv(localSeconds(of: date, in: zone), 86_400))
    }

    /// The moment the day begins in `zone` (its first instant, even on a day whose midnight a clock change skips).
    public func start(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day)
        return calendar.date(from: components).map { calendar.startOfDay(for: $0) }
            ?? Date(timeIntervalSince1970: Double(dayNumber) * 86_400)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a date like 2026-10-01")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Day numbers

    /// Days since 1970-01-01; plain integer arithmetic keeps the business-time loops free of Calendar calls.
    var dayNumber: Int {
        // Howard Hinnant's days_from_civil: the year is shifted to start in March so leap days come last.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = Self.floorMod(month + 9, 12)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month,
            day: dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    }

    /// A date only if the parts name a real day within `DateText.years`.
    static func validated(year: Int, month: Int, day: Int) -> LocalDate? {
        guard DateText.years.contains(year) else { return nil }
        return checked(year: year, month: month, day: day)
    }

    /// A date only if the parts name a real day of a four-digit year.
    static func checked(year: Int, month: Int, day: Int) -> LocalDate? {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let candidate = LocalDate(year: year, month: month, day: day)
        // A day past the month's end rolls into the next month, so the round trip exposes it.
        return LocalDate(dayNumber: candidate.dayNumber) == candidate ? candidate : nil
    }

    /// Whole seconds of wall-clock time since 1970-01-01 00:00 in `zone` at `date`.
    static func localSeconds(of date: Date, in zone: TimeZone) -> Int {
        Int(clampedSeconds(date).rounded(.down)) + zone.secondsFromGMT(for: date)
    }

    /// Seconds since 1970 limited to ±100,000 years, so absurd or NaN dates cannot trap when made integers.
    static func clampedSeconds(_ date: Date) -> Double {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return 0 }
        return min(max(seconds, -3.2e12), 3.2e12)
    }

    static func floorDiv(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    static func floorMod(_ value: Int, _ divisor: Int) -> Int {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
