import Foundation
import LiaisonCore

/// Dates and times as the pages show them, written without ICU: "2026年9月22日 6:35" / "22 Sep 2026 at 6:35", the
/// date alone at midnight. The same text Foundation's `Date.FormatStyle(date: .abbreviated, time: .shortened)`
/// writes for zh_CN and en_GB (`DateDisplayTests` holds them equal), at a fraction of its cost: a list page formats
/// a date per row.
enum DateDisplay {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date, in zone: TimeZone, locale: AppLocale) -> String {
        let local = Int64(floor(date.timeIntervalSince1970)) + Int64(zone.secondsFromGMT(for: date))
        let days = floorDivide(local, 86_400)
        let seconds = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let hour = seconds / 3600
        let minute = (seconds % 3600) / 60
        let midnight = seconds == 0
        let time = "\(hour):" + (minute < 10 ? "0\(minute)" : "\(minute)")
        switch locale {
        case .zhHans:
            return "\(year)年\(month)月\(day)日" + (midnight ? "" : " " + time)
        case .en:
            return "\(day) \(months[Int(month) - 1]) \(year)" + (midnight ? "" : " at " + time)
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's civil-from-days).
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
