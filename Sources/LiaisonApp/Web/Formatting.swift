import Foundation
import LiaisonCore
import Vapor

extension Request {
    /// The time zone dates are shown in: the signed-in person's, else the configured default.
    var displayTimeZone: TimeZone {
        TimeZone(identifier: principal?.person.timeZone ?? appConfig.defaultTimeZone) ?? .gmt
    }

    /// A date and time as people of the page's language write it: "2026年11月29日 18:35" / "29 Nov 2026, 18:35".
    /// A moment in the viewer's language and time zone; a date given without a time (stored as that day's
    /// midnight where the viewer is) shows as the date alone, not "0:00".
    func format(_ date: Date?) -> String {
        guard let date else { return "" }
        return DateDisplay.format(date, in: displayTimeZone, locale: locale)
    }

    /// Field → localised message, for forms to show next to each input.
    func fieldErrors(_ failure: ValidationFailure) -> [String: String] {
        var errors: [String: String] = [:]
        for issue in failure.issues where errors[issue.field] == nil {
            errors[issue.field] = catalog.message(for: issue, locale)
        }
        return errors
    }
}
