import Foundation

/// One piece of a time expression, as the recognisers find it: a day, a part of the day, or a clock time. Pieces
/// next to each other ("明天" + "下午" + "三点") make one expression.
struct TimeAtom: Equatable {
    enum Day: Equatable {
        /// Today + n calendar days (今天, 明天, tomorrow).
        case offset(Int)
        /// A weekday (1 = Monday … 7 = Sunday) of this ISO week + `week`, or (nil) the next one not yet past.
        case weekday(week: Int?, day: Int)
        /// A calendar date; a missing year means the nearest one (see `CommitmentResolver`).
        case date(year: Int?, month: Int, day: Int)
        /// A day of this month (20号), or of the next one when it is past.
        case dayOfMonth(Int)
        /// The last working day of this month + n.
        case monthEnd(Int)
        /// The last working day of a named month (3月底, end of March): this year's, or next year's once past.
        case monthEndOf(Int)
        /// The last working day of this ISO week + n.
        case weekEnd(Int)
        /// The end of the n-th working day after today.
        case businessDays(Int)
        /// The end of the working day n calendar days from today.
        case calendarDays(Int)
        /// n hours from now.
        case hours(Int)
        /// The first working day after the next holiday run (a named one: the run around its usual date).
        case afterHoliday(String?)
        /// The last working day before the next holiday run.
        case beforeHoliday(String?)
        /// A day in the past (昨天, 上周五, last Monday): a reference, never a promise.
        case past
    }

    enum Part: Equatable {
        case early, morning, noon, afternoon, evening, endOfDay
    }

    enum Value: Equatable {
        case day(Day)
        case part(Part)
        /// Minutes after midnight; `meridiem` true when am/pm or 上午/下午 settled it, so no guessing is needed.
        case clock(minutes: Int, settled: Bool, strong: Bool)
        /// A date or time that does not exist (2月30日, 25:00).
        case invalid
        /// 前 / 之前 / by / before / within: marks a deadline.
        case marker
    }

    var value: Value
    var start: Int
    var end: Int
}
