import Foundation

/// One stretch of working time in a day, as wall-clock minutes after local midnight (end exclusive).
public struct WorkingBlock: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Minutes after local midnight, 0…1440.
    public var start: Int
    /// Minutes after local midnight, greater than `start` and at most 1440 (24:00).
    public var end: Int

    /// A block from minutes after midnight, not validated; `BusinessCalendar.issues()` reports bad ones.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses "09:00-12:00" (also with an en dash, em dash or tilde, and spaces around it); nil when malformed or
    /// when the end is not after the start. "24:00" is accepted as an end.
    public init?(_ text: String) {
        let separators: Set<Character> = ["-", "–", "—", "~", "～"]
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) })
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start < end
        else { return nil }
        self.init(start: start, end: end)
    }

    /// "09:00-12:00".
    public var description: String {
        Self.clockText(start) + "-" + Self.clockText(end)
    }

    /// The block's length on a day without a clock change.
    public var minutes: Int {
        max(0, end - start)
    }

    /// Whether the block lies inside one day and is not empty.
    var isValid: Bool {
        0 <= start && start < end && end <= 1440
    }

    private enum CodingKeys: String, CodingKey {
        case start, end
    }

    /// Reads `{"start": 540, "end": 720}` or the text form "09:00-12:00", refusing blocks outside one day.
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard let block = WorkingBlock(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "Not a block like 09:00-12:00"))
            }
            self = block
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            start: try container.decode(Int.self, forKey: .start), end: try container.decode(Int.self, forKey: .end))
        guard isValid else {
            throw DecodingError.dataCorruptedError(
                forKey: .end, in: container, debugDescription: "A block needs 0 ≤ start < end ≤ 1440")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }

    /// "9:00", "09:00" or "24:00" as minutes after midnight.
    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.trimmedSpaces().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), minutes < 60
        else { return nil }
        guard hours < 24 || (hours == 24 && minutes == 0) else { return nil }
        return hours * 60 + minutes
    }

    private static func clockText(_ minutes: Int) -> String {
        let magnitude = abs(minutes)
        let hours = magnitude / 60
        let rest = magnitude % 60
        return (minutes < 0 ? "-" : "") + (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "")
            + String(rest)
    }
}

/// Working hours, holidays and make-up workdays of one organisation, and the business-time arithmetic that SLA
/// clocks run on. Blocks are wall-clock times in `timeZone`; on a day the clocks change, a block covers the real
/// time from the first moment its start is shown to the first moment its end is shown, so a block that loses part
/// of itself to a skipped hour is shorter and one that spans a repeated hour is longer.
public struct BusinessCalendar: Sendable, Equatable {
    public var timeZone: TimeZone
    /// ISO weekday (1 = Monday … 7 = Sunday) → the day's working blocks, sorted and non-overlapping; a missing or
    /// empty entry is a day off.
    public var week: [Int: [WorkingBlock]]
    /// Days off even if their weekday works.
    public var holidays: Set<LocalDate>
    /// 调休上班日: worked even on a weekend, with `makeupBlocks`.
    public var makeupWorkdays: Set<LocalDate>
    /// The working blocks of every make-up workday.
    public var makeupBlocks: [WorkingBlock]

    /// How many calendar days in a row without working time a search crosses before it answers `distantFuture`.
    public static let idleSearchLimitDays = 3_660
    /// How many calendar days any search covers at most, so that absurd minute counts still end quickly.
    public static let searchHorizonDays = 36_525

    /// A calendar; `makeupBlocks` defaults to Monday's blocks, else those of the first weekday that has any.
    public init(
        timeZone: TimeZone, week: [Int: [WorkingBlock]], holidays: Set<LocalDate> = [],
        makeupWorkdays: Set<LocalDate> = [], makeupBlocks: [WorkingBlock]? = nil
    ) {
        self.timeZone = timeZone
        self.week = week
        self.holidays = holidays
        self.makeupWorkdays = makeupWorkdays
        self.makeupBlocks =
            makeupBlocks ?? (1...7).lazy.compactMap { week[$0] }.first(where: { !$0.isEmpty }) ?? []
    }

    /// The usual Chinese office week: Monday–Friday 09:00–12:00 and 13:30–18:00, Asia/Shanghai, no holidays.
    public static func standardChina() -> BusinessCalendar {
        let day = [WorkingBlock(start: 9 * 60, end: 12 * 60), WorkingBlock(start: 13 * 60 + 30, end: 18 * 60)]
        return BusinessCalendar(
            timeZone: defaultTimeZone, week: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, day) }))
    }

    /// Asia/Shanghai; a fixed UTC+8 stands in should the system lack time-zone data.
    public static var defaultTimeZone: TimeZone {
        TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
    }

    /// This calendar with a preset's holidays and make-up workdays added to its own.
    public func applying(_ preset: HolidayPresets.Preset) -> BusinessCalendar {
        var calendar = self
        calendar.holidays.formUnion(preset.holidays.map(\.date))
        calendar.makeupWorkdays.formUnion(preset.makeupWorkdays)
        return calendar
    }

    /// This calendar with imported iCalendar days added: workday entries as make-up workdays, the rest as holidays.
    public func applying(_ entries: [ICalendarHolidays.Entry]) -> BusinessCalendar {
        var calendar = self
        for entry in entries {
            if entry.isWorkday {
                calendar.makeupWorkdays.insert(entry.date)
            } else {
                calendar.holidays.insert(entry.date)
            }
        }
        return calendar
    }

    /// The day's working blocks, sorted with overlaps merged. A day listed both as a holiday and as a make-up
    /// workday is a holiday: taking time off is the safer reading of contradictory data, and admins remove one
    /// listing to fix it. A make-up workday uses `makeupBlocks` even when its weekday normally works.
    public func blocks(on day: LocalDate) -> [WorkingBlock] {
        Schedule(self).blocks(on: day.dayNumber)
    }

    /// Whether `date` falls inside a working block.
    public func isWorkingTime(_ date: Date) -> Bool {
        let schedule = Schedule(self)
        let moment = date.timeIntervalSinceReferenceDate
        let today = LocalDate.of(date, in: timeZone).dayNumber
        // Neighbouring days too, because a clock change at midnight can put a moment of one day into another.
        for dayNumber in (today - 1)...(today + 1) {
            for block in schedule.blocks(on: dayNumber) {
                let span = schedule.span(of: block, on: dayNumber)
                if span.start <= moment && moment < span.end { return true }
            }
        }
        return false
    }

    /// The moment N business minutes after `start` (N ≥ 0; a negative N counts as 0). A start outside working
    /// hours counts from the next working moment, so adding 0 there returns that moment. When a block ends exactly
    /// as the minutes run out, the answer is that block's end (e.g. 12:00), not the start of the next block.
    /// `Date.distantFuture` when the calendar has no working time for `idleSearchLimitDays` days in a row or the
    /// answer lies beyond `searchHorizonDays`.
    public func addingBusinessMinutes(_ minutes: Int, to start: Date) -> Date {
        let schedule = Schedule(self)
        guard schedule.hasWorkingTime else { return .distantFuture }
        let cursor = start.timeIntervalSinceReferenceDate
        guard cursor.isFinite else { return .distantFuture }
        var remaining = Double(max(0, minutes)) * 60
        // From the day before: after a clock change at midnight, that day's last block can still lie ahead.
        var dayNumber = LocalDate.of(start, in: timeZone).dayNumber - 1
        let lastDay = dayNumber + Self.searchHorizonDays
        var idleDays = 0
        while dayNumber <= lastDay && idleDays <= Self.idleSearchLimitDays {
            var worked = false
            for block in schedule.blocks(on: dayNumber) {
                let span = schedule.span(of: block, on: dayNumber)
                // A block lost entirely to a skipped hour is empty and offers no moment to land on.
                guard span.end > cursor, span.end > span.start else { continue }
                worked = true
                let from = max(span.start, cursor)
                let available = span.end - from
                if remaining <= available {
                    return Date(timeIntervalSinceReferenceDate: from + remaining)
                }
                remaining -= available
            }
            idleDays = worked ? 0 : idleDays + 1
            dayNumber += 1
        }
        return .distantFuture
    }

    /// Business minutes between two moments (0 when `end` ≤ `start`), counting only working time; fractional
    /// minutes are truncated.
    public func businessMinutes(from start: Date, to end: Date) -> Int {
        let from = start.timeIntervalSinceReferenceDate
        let to = end.timeIntervalSinceReferenceDate
        guard from.isFinite, to.isFinite, to > from else { return 0 }
        let schedule = Schedule(self)
        guard schedule.hasWorkingTime else { return 0 }
        var seconds = 0.0
        var dayNumber = LocalDate.of(start, in: timeZone).dayNumber - 1
        let lastDay = LocalDate.of(end, in: timeZone).dayNumber + 1
        while dayNumber <= lastDay {
            for block in schedule.blocks(on: dayNumber) {
                let span = schedule.span(of: block, on: dayNumber)
                if span.start >= to { return Self.wholeMinutes(seconds) }
                seconds += max(0, min(span.end, to) - max(span.start, from))
            }
            dayNumber += 1
        }
        return Self.wholeMinutes(seconds)
    }

    /// The first working moment at or after `date`; `Date.distantFuture` when there is none within the search limits.
    public func nextWorkingMoment(from date: Date) -> Date {
        addingBusinessMinutes(0, to: date)
    }

    /// Problems of a calendar built from user input: "week.<weekday>" with `overlappingBlocks`, `outOfRange`
    /// (a block outside 00:00–24:00 or a weekday outside 1…7) or `invalidValue` (a block that ends before it starts);
    /// the same for "makeupBlocks"; "timeZone" with `unknownTimeZone`; "week" with `noWorkingTime` when no weekday has
    /// a block and no make-up day has one either.
    public func issues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if TimeZone(identifier: timeZone.identifier) == nil {
            issues.append(ValidationIssue("timeZone", "unknownTimeZone"))
        }
        for weekday in week.keys.sorted() {
            let field = "week.\(weekday)"
            if !(1...7).contains(weekday) {
                issues.append(ValidationIssue(field, "outOfRange", ["1", "7"]))
            }
            issues += Self.blockIssues(week[weekday] ?? [], field: field)
        }
        issues += Self.blockIssues(makeupBlocks, field: "makeupBlocks")
        let weekWorks = (1...7).contains { weekday in (week[weekday] ?? []).contains(where: \.isValid) }
        let makeupWorks = !makeupWorkdays.isEmpty && makeupBlocks.contains(where: \.isValid)
        if !weekWorks && !makeupWorks {
            issues.append(ValidationIssue("week", "noWorkingTime"))
        }
        return issues
    }

    private static func blockIssues(_ blocks: [WorkingBlock], field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for block in blocks where !block.isValid {
            if block.start < 0 || block.end > 1440 {
                issues.append(ValidationIssue(field, "outOfRange", ["00:00", "24:00"]))
            } else {
                issues.append(ValidationIssue(field, "invalidValue", [block.description]))
            }
        }
        let sorted = blocks.filter(\.isValid).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.start < earlier.end {
            issues.append(ValidationIssue(field, "overlappingBlocks", [earlier.description, later.description]))
            break
        }
        return issues
    }

    /// Truncates to whole minutes; the small allowance absorbs floating-point noise from summing spans, so that a
    /// due date computed by `addingBusinessMinutes` counts back to exactly the minutes that produced it.
    private static func wholeMinutes(_ seconds: Double) -> Int {
        Int(((seconds + 1e-4) / 60).rounded(.down))
    }
}
