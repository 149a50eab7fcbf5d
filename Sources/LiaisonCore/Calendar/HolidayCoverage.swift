import Foundation

/// Whether a business calendar holds public-holiday data for the years its SLA clocks run in.
///
/// Holiday schedules are data that runs out: the Chinese State Council publishes each year's holidays and make-up
/// workdays (调休) in the autumn before, so a calendar filled for 2025–2026 silently counts 2027-01-01 as a working
/// day. The rule:
///
/// - A calendar **has data for year Y** when at least one holiday or make-up workday is dated in Y.
/// - A calendar **keeps holidays** unless it has no holiday preset and no holiday or make-up workday at all: such a
///   calendar was set up without public holidays (a 7×24 desk, an office that works through them) and is never
///   checked.
/// - A calendar that keeps holidays is **past its data** on a day when it lacks data for the current year, or, from
///   1 November of that year on, for the next year. Days are read in the calendar's own time zone, so a calendar
///   in Asia/Shanghai is past its 2027 data from 2026-11-01 00:00 Beijing time (2026-10-31 16:00 UTC).
///
/// 1 November leaves time to act: the schedule for the next year usually appears in late October or early
/// November (2026's on 2025-11-04), and the first working day of the new year is two months away.
public enum HolidayCoverage {
    /// The month and day from which the next year's data is expected.
    public static let noticeMonth = 11
    public static let noticeDay = 1

    /// Whether at least one holiday or make-up workday of the calendar is dated in `year`.
    public static func hasData(_ calendar: BusinessCalendar, for year: Int) -> Bool {
        calendar.holidays.contains { $0.year == year } || calendar.makeupWorkdays.contains { $0.year == year }
    }

    /// Whether the calendar has any holiday or make-up workday at all.
    public static func hasAnyDays(_ calendar: BusinessCalendar) -> Bool {
        !calendar.holidays.isEmpty || !calendar.makeupWorkdays.isEmpty
    }

    /// The years a calendar in `zone` should hold data for at `now`: the current one, and from 1 November also the
    /// next.
    public static func yearsNeeded(at now: Date, in zone: TimeZone) -> [Int] {
        let today = LocalDate.of(now, in: zone)
        let notice = LocalDate(year: today.year, month: noticeMonth, day: noticeDay)
        return today >= notice ? [today.year, today.year + 1] : [today.year]
    }

    /// The needed years, oldest first, for which the calendar has no data at `now`; empty when it is not past its
    /// data. `keepsHolidays` says whether the calendar observes public holidays at all; by default, whether it
    /// has any holiday or make-up workday (callers that know of a holiday preset pass true when one is set).
    public static func missingYears(_ calendar: BusinessCalendar, at now: Date, keepsHolidays: Bool? = nil) -> [Int] {
        guard keepsHolidays ?? hasAnyDays(calendar) else { return [] }
        return yearsNeeded(at: now, in: calendar.timeZone).filter { !hasData(calendar, for: $0) }
    }
}
