import Foundation

/// When a requirement handed to R&D is late for its assessment: after `days` business days of the department's
/// calendar. The day of the hand-off does not count; the requirement is late once the last of those days is over.
public enum AssessmentDeadline {
    /// The last day of the assessment period: the `days`-th working day after the hand-off's day. Nil when the
    /// calendar has no working day within a year after the hand-off (nothing is ever late on it).
    public static func lastDay(handedOffAt: Date, days: Int, calendar: BusinessCalendar) -> LocalDate? {
        var day = LocalDate.of(handedOffAt, in: calendar.timeZone)
        var counted = 0
        var looked = 0
        while counted < max(1, days) {
            day = day.adding(days: 1)
            looked += 1
            if looked > 366 + max(1, days) * 7 { return nil }
            if !calendar.blocks(on: day).isEmpty { counted += 1 }
        }
        return day
    }

    /// Whether the assessment period is over at `now`.
    public static func isOverdue(handedOffAt: Date, days: Int, calendar: BusinessCalendar, at now: Date) -> Bool {
        guard let last = lastDay(handedOffAt: handedOffAt, days: days, calendar: calendar) else { return false }
        return LocalDate.of(now, in: calendar.timeZone) > last
    }
}
