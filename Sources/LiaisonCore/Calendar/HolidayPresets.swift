import Foundation

/// Public-holiday schedules shipped as data, selectable when a business calendar is created (`"holidayPreset"`).
public enum HolidayPresets {
    /// One day off with the holiday's name.
    public struct Holiday: Sendable, Equatable, Codable {
        public var date: LocalDate
        public var nameZh: String
        public var nameEn: String

        /// A named day off.
        public init(date: LocalDate, nameZh: String, nameEn: String) {
            self.date = date
            self.nameZh = nameZh
            self.nameEn = nameEn
        }
    }

    /// A country's days off and make-up workdays for the years it covers.
    public struct Preset: Sendable, Equatable {
        public var code: String
        /// Every day of every holiday period, weekend days inside a period included, in date order.
        public var holidays: [Holiday]
        /// Weekend days worked to make up for a holiday bridge (调休上班日), in date order.
        public var makeupWorkdays: [LocalDate]
        public var years: ClosedRange<Int>

        /// A preset from its data.
        public init(code: String, holidays: [Holiday], makeupWorkdays: [LocalDate], years: ClosedRange<Int>) {
            self.code = code
            self.holidays = holidays
            self.makeupWorkdays = makeupWorkdays
            self.years = years
        }
    }

    /// Official Mainland China public holidays and make-up workdays (国务院办公厅通知) for 2025 and 2026.
    public static let china = Preset(
        code: "CN",
        holidays: [
            // 2025: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）.
            period("元旦", "New Year's Day", from: (2025, 1, 1), to: (2025, 1, 1)),
            period("春节", "Spring Festival", from: (2025, 1, 28), to: (2025, 2, 4)),
            period("清明节", "Qingming Festival", from: (2025, 4, 4), to: (2025, 4, 6)),
            period("劳动节", "Labour Day", from: (2025, 5, 1), to: (2025, 5, 5)),
            period("端午节", "Dragon Boat Festival", from: (2025, 5, 31), to: (2025, 6, 2)),
            period(
                "国庆节、中秋节", "National Day and Mid-Autumn Festival", from: (2025, 10, 1), to: (2025, 10, 8)),
            // 2026: 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日发布）.
            period("元旦", "New Year's Day", from: (2026, 1, 1), to: (2026, 1, 3)),
            period("春节", "Spring Festival", from: (2026, 2, 15), to: (2026, 2, 23)),
            period("清明节", "Qingming Festival", from: (2026, 4, 4), to: (2026, 4, 6)),
            period("劳动节", "Labour Day", from: (2026, 5, 1), to: (2026, 5, 5)),
            period("端午节", "Dragon Boat Festival", from: (2026, 6, 19), to: (2026, 6, 21)),
            period("中秋节", "Mid-Autumn Festival", from: (2026, 9, 25), to: (2026, 9, 27)),
            period("国庆节", "National Day", from: (2026, 10, 1), to: (2026, 10, 7)),
        ].flatMap { $0 },
        makeupWorkdays: [
            (2025, 1, 26), (2025, 2, 8), (2025, 4, 27), (2025, 9, 28), (2025, 10, 11),
            (2026, 1, 4), (2026, 2, 14), (2026, 2, 28), (2026, 5, 9), (2026, 9, 20), (2026, 10, 10),
        ].map { LocalDate(year: $0.0, month: $0.1, day: $0.2) },
        years: 2025...2026)

    /// The preset with this code, ignoring case ("CN", "cn"); nil for an unknown code.
    public static func preset(_ code: String) -> Preset? {
        switch code.trimmedSpaces().uppercased() {
        case china.code: china
        default: nil
        }
    }

    /// Every preset, for pickers and validation messages.
    public static var all: [Preset] {
        [china]
    }

    /// One holiday entry per day from `first` to `last`, both included.
    private static func period(
        _ nameZh: String, _ nameEn: String, from first: (Int, Int, Int), to last: (Int, Int, Int)
    ) -> [Holiday] {
        let start = LocalDate(year: first.0, month: first.1, day: first.2)
        let end = LocalDate(year: last.0, month: last.1, day: last.2)
        return (0...max(0, end.dayNumber - start.dayNumber)).map {
            Holiday(date: start.adding(days: $0), nameZh: nameZh, nameEn: nameEn)
        }
    }
}
