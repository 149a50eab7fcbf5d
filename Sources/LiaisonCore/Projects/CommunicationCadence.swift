import Foundation

/// How often a row of a project's communication plan (沟通与协作方案) comes round: weekly on a weekday, every two weeks
/// on a weekday, monthly on a day of the month, or at each of the project's milestones; always at a wall-clock
/// time in a named time zone, so that "Monday 09:30 in Berlin" stays 09:30 on both sides of a clock change.
///
/// Stored and sent as one line of text (`description`, Codable as a single string), compact and readable in a
/// database column or an audit entry:
///
///     weekly mon 09:30 Asia/Shanghai
///     fortnightly fri 2026-03-06 16:00 Europe/Berlin
///     monthly 31 10:00 Asia/Shanghai
///     milestones 09:00 UTC
///
/// Weekdays are written `mon`…`sun`. A fortnightly cadence carries its anchor: the first occurrence is the first
/// such weekday on or after the anchor, and every fourteenth day after it, so the fortnights never shift with the
/// moment someone asks. A monthly day past a month's end (29, 30, 31) falls on that month's last day: "monthly 31"
/// is the last day of every month, and "monthly 30" is February's 28th or 29th. A time that a clock change skips
/// is the first moment after the change (02:30 on a spring-forward night is 03:00); a time shown twice is its first
/// showing.
public struct CommunicationCadence: Hashable, Sendable, CustomStringConvertible {
    public enum Rule: Hashable, Sendable {
        /// ISO weekday: 1 = Monday … 7 = Sunday.
        case weekly(weekday: Int)
        /// Every fourteenth day, from the first `weekday` on or after `anchor`.
        case fortnightly(weekday: Int, anchor: LocalDate)
        /// Day 1…31; past the month's end, the month's last day.
        case monthly(day: Int)
        /// On the date of each milestone, which the caller passes in.
        case milestones
    }

    public var rule: Rule
    /// Minutes after local midnight, 0…1439.
    public var minuteOfDay: Int
    /// An IANA time-zone name (`TimeZoneName.isKnown`).
    public var timeZone: String

    /// A cadence from its parts, not validated; `CommunicationCadenceInput.validated()` checks input, and
    /// `issues()` checks a value.
    public init(_ rule: Rule, minuteOfDay: Int, timeZone: String) {
        self.rule = rule
        self.minuteOfDay = minuteOfDay
        self.timeZone = timeZone
    }

    /// Whether the occurrences come from the milestones passed in rather than from the calendar.
    public var followsMilestones: Bool { rule == .milestones }

    // MARK: Occurrences

    /// The first occurrence strictly after `moment`; nil when there is none (no milestone left, an unknown zone,
    /// or past the years `DateText` allows).
    public func nextOccurrence(after moment: Date, milestones: [LocalDate] = []) -> Date? {
        guard let zone = TimeZone(identifier: timeZone), isValid else { return nil }
        let dates = rule == .milestones ? milestones.sorted() : []
        // A day earlier than the moment's own: a skipped time may move an occurrence past midnight.
        var day = firstDay(onOrAfter: LocalDate.of(moment, in: zone).adding(days: -1), milestones: dates)
        var steps = 0
        while let current = day, steps < 64 {
            let occurrence = Self.moment(current, minute: minuteOfDay, in: zone)
            if occurrence > moment { return occurrence }
            day = firstDay(onOrAfter: current.adding(days: 1), milestones: dates)
            steps += 1
        }
        return nil
    }

    /// The occurrences after `start` (exclusive) up to and including `end`, earliest first, at most `limit` of
    /// them: what a sweep creates when it looks ahead to `end` from the last occurrence it created.
    public func occurrences(after start: Date, through end: Date, milestones: [LocalDate] = [], limit: Int = 1_000)
        -> [Date]
    {
        guard let zone = TimeZone(identifier: timeZone), isValid, start < end, limit > 0 else { return [] }
        let dates = rule == .milestones ? milestones.sorted() : []
        var result: [Date] = []
        var day = firstDay(onOrAfter: LocalDate.of(start, in: zone).adding(days: -1), milestones: dates)
        while let current = day, result.count < limit {
            let occurrence = Self.moment(current, minute: minuteOfDay, in: zone)
            if occurrence > end { break }
            if occurrence > start { result.append(occurrence) }
            day = firstDay(onOrAfter: current.adding(days: 1), milestones: dates)
        }
        return result
    }

    /// The first day on or after `day` with an occurrence; nil past the allowed years or the last milestone.
    func firstDay(onOrAfter day: LocalDate, milestones: [LocalDate]) -> LocalDate? {
        guard day.year <= DateText.years.upperBound else { return nil }
        let found: LocalDate?
        switch rule {
        case .weekly(let weekday):
            found = day.adding(days: LocalDate.floorMod(weekday - day.weekday, 7))
        case .fortnightly(let weekday, let anchor):
            let first = anchor.adding(days: LocalDate.floorMod(weekday - anchor.weekday, 7))
            if day <= first {
                found = first
            } else {
                let fortnights = (day.dayNumber - first.dayNumber + 13) / 14
                found = first.adding(days: fortnights * 14)
            }
        case .monthly(let dayOfMonth):
            let thisMonth = Self.day(dayOfMonth, year: day.year, month: day.month)
            if thisMonth >= day {
                found = thisMonth
            } else {
                let next = day.month == 12 ? (day.year + 1, 1) : (day.year, day.month + 1)
                found = Self.day(dayOfMonth, year: next.0, month: next.1)
            }
        case .milestones:
            found = milestones.first { $0 >= day }
        }
        guard let found, DateText.years.contains(found.year) else { return nil }
        return found
    }

    /// `dayOfMonth` in the month, or the month's last day when the month is shorter.
    static func day(_ dayOfMonth: Int, year: Int, month: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: min(dayOfMonth, daysIn(year: year, month: month)))
    }

    static func daysIn(year: Int, month: Int) -> Int {
        let next =
            month == 12 ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
        return next.dayNumber - LocalDate(year: year, month: month, day: 1).dayNumber
    }

    /// The moment the wall clock in `zone` shows `minute` on `day`, read as the business calendar reads wall-clock
    /// times: a time shown twice is its first showing, a skipped time the first moment after the change.
    static func moment(_ day: LocalDate, minute: Int, in zone: TimeZone) -> Date {
        let wallClock = day.dayNumber * 86_400 + minute * 60
        func offset(_ secondsSince1970: Int) -> Int {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(secondsSince1970)))
        }
        // Within 14 hours of the wall-clock value read as UTC; probes 36 hours either side find every offset that
        // can apply, and equal probes (nearly always) mean no change nearby.
        let earlier = offset(wallClock - 129_600)
        let current = offset(wallClock)
        let later = offset(wallClock + 129_600)
        if earlier == current && current == later { return Date(timeIntervalSince1970: Double(wallClock - current)) }
        // The larger offset gives the earlier moment: a repeated time's first showing.
        let candidates = Set([earlier, current, later]).sorted(by: >)
        for candidate in candidates where offset(wallClock - candidate) == candidate {
            return Date(timeIntervalSince1970: Double(wallClock - candidate))
        }
        // A skipped time: the first moment whose clock shows a later time, found by halving.
        var before = wallClock - (candidates.first ?? 0)
        var after = wallClock - (candidates.last ?? 0)
        while after - before > 1 {
            let middle = before + (after - before) / 2
            if middle + offset(middle) >= wallClock {
                after = middle
            } else {
                before = middle
            }
        }
        return Date(timeIntervalSince1970: Double(after))
    }

    // MARK: Checks

    /// The cadence's problems as validation issues under `field`: a weekday outside 1…7, a day of the month
    /// outside 1…31, a time outside the day, an unknown time zone.
    public func issues(field: String = "cadence") -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        switch rule {
        case .weekly(let weekday), .fortnightly(let weekday, _):
            if !(1...7).contains(weekday) { issues.append(ValidationIssue(field, "invalidWeekday")) }
        case .monthly(let day):
            if !(1...31).contains(day) { issues.append(ValidationIssue(field, "outOfRange", ["1", "31"])) }
        case .milestones:
            break
        }
        if case .fortnightly(_, let anchor) = rule, !DateText.years.contains(anchor.year) {
            issues.append(
                ValidationIssue(
                    field, "dateOutOfRange",
                    [
                        String(DateText.years.lowerBound), String(DateText.years.upperBound),
                    ]))
        }
        if !(0..<1440).contains(minuteOfDay) { issues.append(ValidationIssue(field, "invalidClockTime")) }
        if !TimeZoneName.isKnown(timeZone) { issues.append(ValidationIssue(field, "unknownTimeZone")) }
        return issues
    }

    var isValid: Bool {
        switch rule {
        case .weekly(let weekday): (1...7).contains(weekday) && (0..<1440).contains(minuteOfDay)
        case .fortnightly(let weekday, let anchor):
            (1...7).contains(weekday) && DateText.years.contains(anchor.year) && (0..<1440).contains(minuteOfDay)
        case .monthly(let day): (1...31).contains(day) && (0..<1440).contains(minuteOfDay)
        case .milestones: (0..<1440).contains(minuteOfDay)
        }
    }

    // MARK: Text form

    /// The weekday words of the text form, Monday first.
    public static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The text form described on the type.
    public var description: String {
        let time = Self.clockText(minuteOfDay)
        switch rule {
        case .weekly(let weekday): return "weekly \(Self.weekdayName(weekday)) \(time) \(timeZone)"
        case .fortnightly(let weekday, let anchor):
            return "fortnightly \(Self.weekdayName(weekday)) \(anchor) \(time) \(timeZone)"
        case .monthly(let day): return "monthly \(day) \(time) \(timeZone)"
        case .milestones: return "milestones \(time) \(timeZone)"
        }
    }

    /// Reads the text form; nil when it is malformed or names a value out of range or an unknown zone.
    public init?(_ text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 3, let zone = words.last, let minute = Self.minutes(words[words.count - 2]) else {
            return nil
        }
        let arguments = words.dropFirst().dropLast(2)
        let rule: Rule
        switch (words[0], arguments.count) {
        case ("weekly", 1):
            guard let weekday = Self.weekday(arguments[arguments.startIndex]) else { return nil }
            rule = .weekly(weekday: weekday)
        case ("fortnightly", 2):
            guard let weekday = Self.weekday(arguments[arguments.startIndex]),
                let anchor = LocalDate(String(arguments[arguments.startIndex + 1]))
            else { return nil }
            rule = .fortnightly(weekday: weekday, anchor: anchor)
        case ("monthly", 1):
            let word = arguments[arguments.startIndex]
            guard word.count <= 2, word.allSatisfy({ $0.isASCII && $0.isNumber }), let day = Int(word) else {
                return nil
            }
            rule = .monthly(day: day)
        case ("milestones", 0):
            rule = .milestones
        default:
            return nil
        }
        self.init(rule, minuteOfDay: minute, timeZone: String(zone))
        guard issues().isEmpty else { return nil }
    }

    static func weekdayName(_ weekday: Int) -> String {
        (1...7).contains(weekday) ? weekdayNames[weekday - 1] : String(weekday)
    }

    static func weekday(_ word: Substring) -> Int? {
        weekdayNames.firstIndex(of: word.lowercased()).map { $0 + 1 }
    }

    /// "09:30" (two-digit hours and minutes) as minutes after midnight; 24:00 is not a time of day.
    static func minutes(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
        let digits = [bytes[0], bytes[1], bytes[3], bytes[4]].map { Int($0) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits[2] * 10 + digits[3]
        guard hours < 24, minutes < 60 else { return nil }
        return hours * 60 + minutes
    }

    static func clockText(_ minutes: Int) -> String {
        let hours = max(0, minutes) / 60
        let rest = max(0, minutes) % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }
}

extension CommunicationCadence: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let cadence = CommunicationCadence(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not a cadence like \"weekly mon 09:30 Asia/Shanghai\"")
        }
        self = cadence
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
