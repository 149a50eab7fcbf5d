import Foundation

/// Turns a group of time atoms into a due moment on the sender's business calendar, in its time zone:
/// - a day with no time is due at the end of that day's last working block (今天下班前, tomorrow EOD, 本周五, by
///   Friday, 12月20日前, Dec 20);
/// - 上午 / morning: the end of the morning (the end of the last block starting before 12:00, at most 12:00);
///   下午 / afternoon: the end of the last block; 中午 / noon: 12:00; 早上 / first thing: the first block's start;
///   晚上 / tonight: 23:59; a clock time is that time (下午3点 → 15:00; a bare 1–7 点 is read as afternoon);
/// - 本周五 / this Friday: Friday of this ISO week; 周五 / by Friday: the next Friday not yet past; 下周一 / next
///   Monday: Monday of next ISO week; 本周内 / end of the week: the week's last working day;
/// - 月底前 / end of month: the month's last working day; N个工作日内 / within N business days: the N-th working day
///   after today; N天内 / within N days: today + N calendar days; N小时内 / within N hours: now + N hours;
/// - 节后第一个工作日 / after the holiday: the first working day after the next run of holidays (国庆后: the run
///   around 1 October, 春节后 the one in January–February …); 节前 / before the holiday: the last working day before;
/// - a date without a year is this year's, or next year's when this year's lies more than 90 days back;
/// - a day that is not a working day (a holiday, a weekend) moves to the same time of the next working day; on a
///   public holiday the check warns (`date.holiday`).
struct CommitmentResolver {
    enum Resolution: Equatable {
        case due(Date, movedFromDayOff: Bool)
        /// A past day named as such (昨天, last week): not a promise.
        case reference
        /// A date that does not exist (2月30日).
        case invalid
    }

    let calendar: BusinessCalendar
    let now: Date
    let today: LocalDate
    private let schedule: Schedule

    init(calendar: BusinessCalendar, now: Date) {
        self.calendar = calendar
        self.now = now
        today = LocalDate.of(now, in: calendar.timeZone)
        schedule = Schedule(calendar)
    }

    func resolve(_ group: [TimeAtom], impliedPart: TimeAtom.Part?, text: TimeText) -> Resolution? {
        var day: TimeAtom.Day?
        var part = impliedPart
        var clock: (minutes: Int, settled: Bool, strong: Bool)?
        for atom in group {
            switch atom.value {
            case .day(let value):
                if case .date = value { day = value } else { day = day ?? value }
            case .part(let value): part = value
            case .clock(let minutes, let settled, let strong): clock = (minutes, settled, strong)
            case .invalid: return .invalid
            case .marker: break
            }
        }
        if day == nil {
            if let clock, !clock.strong, part == nil { return nil }
            if clock == nil && part == nil { return nil }
        }
        var target: LocalDate
        var isWorkingDayByConstruction = false
        switch day ?? .offset(0) {
        case .past:
            return .reference
        case .hours(let hours):
            return .due(now.addingTimeInterval(Double(max(0, min(hours, 10_000))) * 3600), movedFromDayOff: false)
        case .offset(let days):
            target = today.adding(days: days)
        case .calendarDays(let days):
            target = today.adding(days: min(days, 3660))
        case .weekday(let week, let weekday):
            let monday = today.adding(days: 1 - today.weekday)
            if let week {
                target = monday.adding(days: 7 * week + weekday - 1)
            } else {
                target = monday.adding(days: weekday - 1)
                if target < today { target = target.adding(days: 7) }
            }
        case .date(let year, let month, let dayOfMonth):
            guard let date = self.date(year: year, month: month, day: dayOfMonth) else { return .invalid }
            target = date
        case .dayOfMonth(let dayOfMonth):
            var year = today.year
            var month = today.month
            if dayOfMonth < today.day {
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
            guard let date = LocalDate.checked(year: year, month: month, day: dayOfMonth) else { return .invalid }
            target = date
        case .monthEnd(let months):
            var year = today.year
            var month = today.month + months
            while month > 12 {
                month -= 12
                year += 1
            }
            guard let last = lastWorkingDay(onOrBefore: lastDay(year: year, month: month), notBefore: today) else {
                return nil
            }
            target = last
            isWorkingDayByConstruction = true
        case .monthEndOf(let month):
            let year = month < today.month ? today.year + 1 : today.year
            guard (1...12).contains(month),
                let last = lastWorkingDay(
                    onOrBefore: lastDay(year: year, month: month),
                    notBefore: LocalDate(year: year, month: month, day: 1))
            else { return .invalid }
            target = last
            isWorkingDayByConstruction = true
        case .weekEnd(let weeks):
            let sunday = today.adding(days: 7 - today.weekday + 7 * weeks)
            target = lastWorkingDay(onOrBefore: sunday, notBefore: sunday.adding(days: -6)) ?? sunday
            isWorkingDayByConstruction = target != sunday || isWorking(sunday)
        case .businessDays(let count):
            var cursor = today
            var counted = 0
            var steps = 0
            while counted < min(count, 400) && steps < 1_000 {
                cursor = cursor.adding(days: 1)
                steps += 1
                if isWorking(cursor) { counted += 1 }
            }
            target = cursor
            isWorkingDayByConstruction = count > 0
        case .afterHoliday(let name):
            guard let holiday = nextHoliday(named: name) else { return nil }
            var cursor = holiday
            var steps = 0
            while !isWorking(cursor) && steps < 60 {
                cursor = cursor.adding(days: 1)
                steps += 1
            }
            target = cursor
            isWorkingDayByConstruction = true
        case .beforeHoliday(let name):
            guard let holiday = nextHoliday(named: name),
                let last = lastWorkingDay(onOrBefore: holiday.adding(days: -1), notBefore: holiday.adding(days: -30))
            else { return nil }
            target = last
            isWorkingDayByConstruction = true
        }
        var moved = false
        if !isWorkingDayByConstruction && !isWorking(target) {
            var cursor = target
            var steps = 0
            while !isWorking(cursor) && steps < 60 {
                cursor = cursor.adding(days: 1)
                steps += 1
            }
            if isWorking(cursor) {
                // Warned only for a public holiday, which the writer may have missed; a weekend is a day off
                // everyone knows (周六系统维护 names it on purpose), and moves without a warning.
                moved = calendar.holidays.contains(target)
                target = cursor
            }
        }
        var due = self.due(on: target, part: part, clock: clock)
        if case .weekday(week: nil, day: _)? = day, due < now {
            // "Monday morning" said on Monday afternoon: next Monday.
            target = target.adding(days: 7)
            due = self.due(on: target, part: part, clock: clock)
        }
        if day == nil && due < now {
            // A bare time already past today ("at 2am", 下午三点 said at four) means the next working day's.
            var next = target.adding(days: 1)
            var steps = 0
            while !isWorking(next) && steps < 60 {
                next = next.adding(days: 1)
                steps += 1
            }
            due = self.due(on: next, part: part, clock: clock)
        }
        return .due(due, movedFromDayOff: moved)
    }

    /// Whether a past due time of this group matters without a deadline word: today's times do (今天下午三点).
    func isRelativeToToday(_ group: [TimeAtom]) -> Bool {
        for atom in group {
            if case .day(let day) = atom.value { return day == .offset(0) }
        }
        return true
    }

    /// "2026-10-08 18:00" in the calendar's zone.
    func label(_ date: Date) -> String {
        let day = LocalDate.of(date, in: calendar.timeZone)
        let seconds = LocalDate.localSeconds(of: date, in: calendar.timeZone)
        let minutes = LocalDate.floorMod(seconds / 60, 1440)
        let hours = minutes / 60
        let rest = minutes % 60
        return day.description + " " + (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "")
            + String(rest)
    }

    private func due(on day: LocalDate, part: TimeAtom.Part?, clock: (minutes: Int, settled: Bool, strong: Bool)?)
        -> Date
    {
        let minute = self.minute(on: day, part: part, clock: clock)
        return Date(timeIntervalSinceReferenceDate: schedule.moment(dayNumber: day.dayNumber, minute: minute))
    }

    private func minute(on day: LocalDate, part: TimeAtom.Part?, clock: (minutes: Int, settled: Bool, strong: Bool)?)
        -> Int
    {
        let blocks = schedule.blocks(on: day.dayNumber)
        let lastEnd = blocks.last?.end ?? 18 * 60
        if var minutes = clock?.minutes {
            if clock?.settled == false {
                switch part {
                case .afternoon, .evening:
                    if minutes < 12 * 60 { minutes += 12 * 60 }
                case .noon, .morning, .early:
                    break
                case .endOfDay, nil:
                    if minutes >= 60 && minutes < 8 * 60 { minutes += 12 * 60 }
                }
            }
            return min(minutes, 1440)
        }
        switch part {
        case .early: return blocks.first?.start ?? 9 * 60
        case .morning:
            let morning = blocks.last { $0.start < 12 * 60 }
            return min(morning?.end ?? 12 * 60, 12 * 60)
        case .noon: return 12 * 60
        case .evening: return 23 * 60 + 59
        case .afternoon, .endOfDay, nil: return lastEnd
        }
    }

    private func isWorking(_ day: LocalDate) -> Bool {
        !schedule.blocks(on: day.dayNumber).isEmpty
    }

    private func lastWorkingDay(onOrBefore day: LocalDate, notBefore floor: LocalDate) -> LocalDate? {
        var cursor = day
        while cursor >= floor {
            if isWorking(cursor) { return cursor }
            cursor = cursor.adding(days: -1)
        }
        return nil
    }

    private func lastDay(year: Int, month: Int) -> LocalDate {
        let next =
            month == 12 ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: month + 1, day: 1)
        return next.adding(days: -1)
    }

    private func date(year: Int?, month: Int, day: Int) -> LocalDate? {
        if let year { return LocalDate.checked(year: year, month: month, day: day) }
        // 2月29日 exists in some years only: try this year, then the next.
        guard
            let thisYear = LocalDate.checked(year: today.year, month: month, day: day)
                ?? LocalDate.checked(year: today.year + 1, month: month, day: day)
        else { return nil }
        if thisYear < today && today.dayNumber - thisYear.dayNumber > 90 {
            return LocalDate.checked(year: thisYear.year + 1, month: month, day: day) ?? thisYear
        }
        return thisYear
    }

    /// The first holiday on or after today (within a year), of the named holiday's usual window if a name is given.
    private func nextHoliday(named name: String?) -> LocalDate? {
        let windows: [String: [(Int, Int, Int, Int)]] = [
            "元旦": [(12, 30, 12, 31), (1, 1, 1, 3)], "春节": [(1, 15, 2, 28)], "清明": [(4, 1, 4, 7)],
            "劳动节": [(4, 28, 5, 6)], "端午": [(5, 25, 6, 25)], "中秋": [(9, 5, 10, 8)], "国庆": [(9, 28, 10, 10)],
        ]
        let holidays = calendar.holidays.filter { $0 >= today && $0.dayNumber - today.dayNumber <= 400 }.sorted()
        guard let name, let window = windows[name] else { return holidays.first }
        return holidays.first { day in
            window.contains { from in
                (day.month, day.day) >= (from.0, from.1) && (day.month, day.day) <= (from.2, from.3)
            }
        }
    }
}
