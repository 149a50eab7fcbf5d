import Foundation
import LiaisonCore

/// The due-time preview's input (a start and a number of business minutes), checked once for the API and the
/// calendar page, so that no start or count can crash the process or produce a date outside four-digit years.
struct CalendarDueInput: Equatable {
    static let minutes = 0...5_256_000

    var start: Date
    var minutes: Int

    /// Reads `start` (RFC 3339; with `localIn`, also "2026-09-30T17:00" in that time zone, as a datetime-local
    /// input sends it) and `minutes`, naming every bad field at once. Starts are read strictly and must fall in
    /// `DateText.years` (`dateOutOfRange`), like every other date: the arithmetic then stays within four-digit years.
    static func validated(start: String?, minutes: String?, localIn zone: TimeZone? = nil) throws(ValidationFailure)
        -> CalendarDueInput
    {
        var v = FieldValidator()
        var parsedStart: Date?
        if let text = start?.nilIfBlank {
            if let zone {
                parsedStart = v.localMoment("start", text, in: zone, orMoment: true)
            } else {
                parsedStart = v.moment("start", text)
            }
        } else {
            v.add("start", "required")
        }
        var parsedMinutes: Int?
        if let text = minutes?.nilIfBlank {
            parsedMinutes = Int(text.trimmedSpaces())
            if parsedMinutes.map(Self.minutes.contains) != true {
                v.add("minutes", "outOfRange", [String(Self.minutes.lowerBound), String(Self.minutes.upperBound)])
            }
        } else {
            v.add("minutes", "required")
        }
        try v.check()
        guard let parsedStart, let parsedMinutes else {
            throw ValidationFailure([ValidationIssue("start", "required")])
        }
        return CalendarDueInput(start: parsedStart, minutes: parsedMinutes)
    }

    /// When the minutes run out on `calendar`; a `noDueTime` problem when the calendar offers no working time
    /// within its search limits.
    func due(on calendar: BusinessCalendar) throws(ValidationFailure) -> Date {
        let due = calendar.addingBusinessMinutes(minutes, to: start)
        guard due != .distantFuture, LocalDate.of(due, in: .gmt).year <= 9999 else {
            throw ValidationFailure([ValidationIssue("minutes", "noDueTime")])
        }
        return due
    }
}
