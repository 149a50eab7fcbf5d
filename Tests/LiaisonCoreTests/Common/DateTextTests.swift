import Foundation
import Testing

@testable import LiaisonCore

/// Dates read strictly: valid ones round-trip, rolled-over and out-of-range ones are refused, on seeded samples.
@Suite struct DateTextTests {
    typealias Generator = CalendarFixtures.SeededGenerator

    /// `seconds` since 1970 written as RFC 3339 with `offset` seconds east of UTC and `millis` (nil: none).
    static func rfc3339(_ seconds: Int, offset: Int, millis: Int?) -> String {
        let local = seconds + offset
        let day = LocalDate(dayNumber: LocalDate.floorDiv(local, 86_400))
        let second = LocalDate.floorMod(local, 86_400)
        var text = "\(day)T" + two(second / 3600) + ":" + two(second / 60 % 60) + ":" + two(second % 60)
        if let millis { text += "." + String(format: "%03d", millis) }
        if offset == 0 { return text + "Z" }
        return text + (offset < 0 ? "-" : "+") + two(abs(offset) / 3600) + ":" + two(abs(offset) / 60 % 60)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// 1900-01-01T00:00Z to 2201-01-01T00:00Z.
    static let range = -2_208_988_800..<7_289_654_400

    @Test func everyMomentInRangeReadsBackAsWritten() throws {
        var generator = Generator(seed: 3339)
        for _ in 0..<5_000 {
            let seconds = Int.random(in: Self.range, using: &generator)
            let offset = Int.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &generator) * 60
            let millis: Int? = Bool.random(using: &generator) ? Int.random(in: 0...999, using: &generator) : nil
            let text = Self.rfc3339(seconds, offset: offset, millis: millis)
            let expected = Double(seconds) + Double(millis ?? 0) / 1000
            guard Self.range.contains(seconds) else { continue }
            let date = try DateText.moment(text)
            #expect(abs(date.timeIntervalSince1970 - expected) < 0.000_001, "\(text)")
        }
    }

    @Test func wholeSecondsAreExact() throws {
        var generator = Generator(seed: 1)
        for _ in 0..<2_000 {
            let seconds = Int.random(in: Self.range, using: &generator)
            #expect(
                try DateText.moment(Self.rfc3339(seconds, offset: 0, millis: nil)).timeIntervalSince1970
                    == Double(seconds))
        }
    }

    @Test func aFieldPastItsEndIsRefusedInsteadOfRollingOver() {
        var generator = Generator(seed: 2026)
        let daysIn = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for _ in 0..<5_000 {
            let year = Int.random(in: 1901...2199, using: &generator)
            var month = Int.random(in: 1...12, using: &generator)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays = month == 2 && leap ? 29 : daysIn[month - 1]
            var day = Int.random(in: 1...monthDays, using: &generator)
            var hour = Int.random(in: 0...23, using: &generator)
            var minute = Int.random(in: 0...59, using: &generator)
            var second = Int.random(in: 0...59, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: month = Int.random(in: 13...99, using: &generator)
            case 1: day = Int.random(in: (monthDays + 1)...99, using: &generator)
            case 2: hour = Int.random(in: 24...99, using: &generator)
            case 3: minute = Int.random(in: 60...99, using: &generator)
            case 4: second = Int.random(in: 60...99, using: &generator)
            default: day = 0
            }
            let text =
                "\(year)-\(Self.two(month))-\(Self.two(day))T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))Z"
            #expect(throws: DateText.Problem.invalid, "\(text)") { try DateText.moment(text) }
        }
    }

    @Test(arguments: [
        "2026-02-30T25:61:00Z", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-31T23:59:60Z",
        "2026-05-01T09:30Z", "2026-05-01T09:30:00", "2026-05-01", "2026-05-01T09:30:00+24:00", "2026-05-01T09:30:00+08",
        "2026-05-01T09:30:00.Z", "2026-05-01T09:30:00.1234567890Z", "2026-5-1T09:30:00Z", "２０２６-05-01T09:30:00Z",
        "2026-05-01T09:30:00Zjunk", "", "yesterday", "2026-05-01T09:30:00\u{0}Z",
    ])
    func malformedMomentsAreInvalid(_ text: String) {
        #expect(throws: DateText.Problem.invalid) { try DateText.moment(text) }
    }

    @Test(arguments: [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1899-12-31T23:59:59.999Z",
        "1900-01-01T07:59:59+08:00", "2201-01-01T00:00:00Z", "2200-12-31T20:00:00-04:00",
    ])
    func momentsOutsideTheYearsAreOutOfRange(_ text: String) {
        #expect(throws: DateText.Problem.outOfRange) { try DateText.moment(text) }
    }

    @Test func theEdgesAndTheSpellingsRfc3339Allows() throws {
        #expect(try DateText.moment("1900-01-01T00:00:00Z") == DateText.earliest)
        #expect(try DateText.moment("2200-12-31T23:59:59.999Z") < DateText.end)
        let moment = try DateText.moment("2026-05-01T09:30:00+08:00")
        #expect(try DateText.moment("2026-05-01t01:30:00z") == moment)
        #expect(try DateText.moment("2026-05-01 01:30:00-00:00") == moment)
        #expect(try DateText.moment(" 2026-05-01T01:30:00.000000000Z ") == moment)
        #expect(try DateText.moment("2024-02-29T12:00:00Z").timeIntervalSince1970 == 1_709_208_000)
        #expect(try DateText.moment("2026-05-01T01:30:00.5Z").timeIntervalSince(moment) == 0.5)
    }

    @Test func plainDaysAreCheckedTheSameWay() throws {
        #expect(try DateText.day("2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(throws: DateText.Problem.invalid) { try DateText.day("2026-02-29") }
        #expect(throws: DateText.Problem.invalid) { try DateText.day("2026-02-28T00:00:00Z") }
        #expect(throws: DateText.Problem.outOfRange) { try DateText.day("0001-01-01") }
        #expect(throws: DateText.Problem.outOfRange) { try DateText.day("9999-12-31") }
        #expect(LocalDate("9999-12-31") == nil)
    }

    @Test func wallClockTimesAreReadInTheZone() throws {
        let shanghai = CalendarFixtures.shanghai
        #expect(try DateText.localMoment("2026-05-01T09:30", in: shanghai) == DateText.moment("2026-05-01T01:30:00Z"))
        #expect(
            try DateText.localMoment("2026-05-01 09:30:15", in: shanghai) == DateText.moment("2026-05-01T01:30:15Z"))
        #expect(
            try DateText.localMoment("2026-05-01", in: shanghai, orDay: true) == DateText.moment("2026-04-30T16:00:00Z")
        )
        #expect(throws: DateText.Problem.invalid) { try DateText.localMoment("2026-05-01", in: shanghai) }
        #expect(throws: DateText.Problem.invalid) { try DateText.localMoment("2026-02-30T09:30", in: shanghai) }
        #expect(throws: DateText.Problem.invalid) { try DateText.localMoment("2026-05-01T24:00", in: shanghai) }
        #expect(throws: DateText.Problem.invalid) { try DateText.localMoment("2026-05-01T09:30:00Z", in: shanghai) }
        #expect(
            try DateText.localMoment("2026-05-01T09:30:00Z", in: shanghai, orMoment: true)
                == DateText.moment("2026-05-01T09:30:00Z"))
        #expect(throws: DateText.Problem.outOfRange) { try DateText.localMoment("9999-12-31T23:59", in: shanghai) }
        #expect(throws: DateText.Problem.outOfRange) {
            try DateText.localMoment("0001-01-01", in: shanghai, orDay: true)
        }
    }

    @Test func clockChangesTakeTheFirstShowingAndSkipTheGap() throws {
        let newYork = CalendarFixtures.newYork
        // 01:30 happens twice on 2026-11-01: the first, in daylight time (UTC−4).
        #expect(try DateText.localMoment("2026-11-01T01:30", in: newYork) == DateText.moment("2026-11-01T05:30:00Z"))
        // 02:30 does not happen on 2026-03-08: read as 03:30 daylight time, as a clock not put forward shows it.
        #expect(try DateText.localMoment("2026-03-08T02:30", in: newYork) == DateText.moment("2026-03-08T07:30:00Z"))
    }

    @Test func wallClockTimesRoundTrip() throws {
        var generator = Generator(seed: 8)
        let zones = [CalendarFixtures.shanghai, CalendarFixtures.newYork, CalendarFixtures.berlin]
        for _ in 0..<2_000 {
            let zone = zones[Int.random(in: 0..<zones.count, using: &generator)]
            let seconds = Int.random(in: 0..<4_102_444_800, using: &generator) / 60 * 60
            let instant = Date(timeIntervalSince1970: Double(seconds))
            let local = seconds + zone.secondsFromGMT(for: instant)
            let day = LocalDate(dayNumber: LocalDate.floorDiv(local, 86_400))
            let minute = LocalDate.floorMod(local, 86_400) / 60
            let text = "\(day)T\(Self.two(minute / 60)):\(Self.two(minute % 60))"
            let read = try DateText.localMoment(text, in: zone)
            // The same wall clock; the same moment except for the second showing of a repeated hour.
            #expect(LocalDate.localSeconds(of: read, in: zone) == local, "\(text) \(zone.identifier)")
            if zone.secondsFromGMT(for: instant) == zone.secondsFromGMT(for: instant.addingTimeInterval(-7200)) {
                #expect(read == instant, "\(text) \(zone.identifier)")
            }
        }
    }

    @Test func theValidatorNamesTheFieldAndTheRule() {
        var v = FieldValidator()
        #expect(v.moment("occurredAt", "2026-02-30T25:61:00Z") == nil)
        #expect(v.moment("from", "9999-12-31T23:59:59Z") == nil)
        #expect(v.day("date", "") == nil)
        #expect(v.moment("to", "2026-05-01T09:30:00+08:00") != nil)
        v.inRange("nextStepDueAt", Date(timeIntervalSince1970: 1e12))
        #expect(
            v.issues == [
                ValidationIssue("occurredAt", "invalidDate"),
                ValidationIssue("from", "dateOutOfRange", ["1900", "2200"]),
                ValidationIssue("nextStepDueAt", "dateOutOfRange", ["1900", "2200"]),
            ])
    }
}
