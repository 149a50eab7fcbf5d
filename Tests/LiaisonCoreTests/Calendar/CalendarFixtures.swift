import Foundation

@testable import LiaisonCore

/// Zones, calendars and date helpers shared by the business-calendar tests. Expected moments are built with
/// Foundation's `Calendar`, independently of the code under test.
enum CalendarFixtures {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
    static let newYork = TimeZone(identifier: "America/New_York") ?? .gmt
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    /// Monday–Friday 09:00–12:00 and 13:30–18:00 in Shanghai with the shipped 2025–2026 holidays.
    static var china: BusinessCalendar {
        BusinessCalendar.standardChina().applying(HolidayPresets.china)
    }

    /// Every day of the week worked in `blocks`.
    static func everyDay(_ zone: TimeZone, _ blocks: [String]) -> BusinessCalendar {
        let day = blocks.compactMap(WorkingBlock.init)
        return BusinessCalendar(timeZone: zone, week: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, day) }))
    }

    /// Monday to Friday worked in `blocks`.
    static func weekdays(_ zone: TimeZone, _ blocks: [String]) -> BusinessCalendar {
        let day = blocks.compactMap(WorkingBlock.init)
        return BusinessCalendar(timeZone: zone, week: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, day) }))
    }

    /// "2026-09-30 17:00" (seconds optional) as wall-clock time in `zone`; only for times that exist exactly once.
    static func local(_ text: String, _ zone: TimeZone = shanghai) -> Date {
        let parts = text.split(whereSeparator: { " -:".contains($0) }).compactMap { Int($0) }
        guard parts.count >= 5 else { return .distantPast }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4],
            second: parts.count > 5 ? parts[5] : 0)
        return calendar.date(from: components) ?? .distantPast
    }

    /// "2026-03-08T07:30:00Z".
    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? .distantPast
    }

    static func day(_ text: String) -> LocalDate {
        LocalDate(text) ?? LocalDate(year: 0, month: 0, day: 0)
    }

    /// SplitMix64: a tiny generator whose fixed seed makes the property tests repeatable.
    struct SeededGenerator: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}
