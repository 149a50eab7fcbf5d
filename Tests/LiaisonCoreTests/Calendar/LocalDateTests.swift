import Foundation
import Testing

@testable import LiaisonCore

@Suite struct LocalDateTests {
    @Test func parsesAnIsoDay() {
        #expect(LocalDate("2026-10-01") == LocalDate(year: 2026, month: 10, day: 1))
        #expect(LocalDate(" 2024-02-29 ") == LocalDate(year: 2024, month: 2, day: 29))
    }

    @Test func refusesDaysThatDoNotExistOrAreWrittenDifferently() {
        for text in [
            "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "20261001", "2026/10/01",
            "abcd-ef-gh", "", "2026-10-01T00:00", "0000-01-01", "２０２６-10-01",
        ] {
            #expect(LocalDate(text) == nil, "\(text)")
        }
    }

    @Test func describesItselfZeroPadded() {
        #expect(LocalDate(year: 2026, month: 2, day: 4).description == "2026-02-04")
        #expect("\(LocalDate(year: 987, month: 12, day: 31))" == "0987-12-31")
    }

    @Test func weekdaysFollowIsoFromMondayOne() {
        #expect(CalendarFixtures.day("2026-10-01").weekday == 4)  // Thursday
        #expect(CalendarFixtures.day("2026-02-14").weekday == 6)  // the make-up Saturday
        #expect(CalendarFixtures.day("2026-09-20").weekday == 7)  // the make-up Sunday
        #expect(CalendarFixtures.day("2026-03-02").weekday == 1)
        #expect(CalendarFixtures.day("1970-01-01").weekday == 4)
        #expect(CalendarFixtures.day("1969-12-31").weekday == 3)
    }

    @Test func addingDaysCrossesMonthYearAndLeapDay() {
        #expect(CalendarFixtures.day("2024-02-28").adding(days: 1) == CalendarFixtures.day("2024-02-29"))
        #expect(CalendarFixtures.day("2025-12-31").adding(days: 1) == CalendarFixtures.day("2026-01-01"))
        #expect(CalendarFixtures.day("2026-03-01").adding(days: -1) == CalendarFixtures.day("2026-02-28"))
        #expect(CalendarFixtures.day("2026-01-01").adding(days: 365) == CalendarFixtures.day("2027-01-01"))
    }

    @Test func dayNumbersAgreeWithFoundationFor1900To2100() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        var day = CalendarFixtures.day("1900-01-01")
        let epoch = Date(timeIntervalSince1970: 0)
        while day.year <= 2100 {
            let date = epoch.addingTimeInterval(Double(day.dayNumber) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            #expect(parts.year == day.year && parts.month == day.month && parts.day == day.day, "\(day)")
            // Foundation counts Sunday as 1.
            #expect((parts.weekday ?? 0) == day.weekday % 7 + 1, "\(day)")
            day = day.adding(days: 53)
        }
    }

    @Test func theSameInstantIsADifferentDayInShanghaiAndNewYork() {
        let instant = CalendarFixtures.utc("2026-09-30T16:30:00Z")
        #expect(LocalDate.of(instant, in: CalendarFixtures.shanghai) == CalendarFixtures.day("2026-10-01"))
        #expect(LocalDate.of(instant, in: CalendarFixtures.newYork) == CalendarFixtures.day("2026-09-30"))
        #expect(LocalDate.of(instant, in: .gmt) == CalendarFixtures.day("2026-09-30"))
    }

    @Test func theDayOfAnInstantAgreesWithFoundationIncludingClockChanges() {
        var generator = CalendarFixtures.SeededGenerator(seed: 7)
        for zone in [CalendarFixtures.shanghai, CalendarFixtures.newYork, CalendarFixtures.berlin] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for _ in 0..<300 {
                let instant = Date(timeIntervalSince1970: Double.random(in: 1.70e9...1.80e9, using: &generator))
                let parts = calendar.dateComponents([.year, .month, .day], from: instant)
                let expected = LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
                #expect(LocalDate.of(instant, in: zone) == expected, "\(instant) in \(zone.identifier)")
            }
        }
    }

    @Test func sortsByCalendarOrder() {
        let days = ["2026-10-01", "2025-12-31", "2026-02-14", "2026-01-04"].map(CalendarFixtures.day)
        #expect(days.sorted().map(\.description) == ["2025-12-31", "2026-01-04", "2026-02-14", "2026-10-01"])
    }

    @Test func encodesAsTheDayText() throws {
        let data = try JSONEncoder().encode(["day": CalendarFixtures.day("2026-10-01")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"day":"2026-10-01"}"#)
        let decoded = try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-14"]"#.utf8))
        #expect(decoded == [CalendarFixtures.day("2026-02-14")])
    }

    @Test func decodingRefusesADayThatDoesNotExist() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
