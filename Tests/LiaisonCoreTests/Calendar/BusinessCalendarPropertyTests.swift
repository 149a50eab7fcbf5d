import Foundation
import Testing

@testable import LiaisonCore

/// Laws that must hold for every start and every amount, checked on seeded random samples so failures repeat.
@Suite struct BusinessCalendarPropertyTests {
    /// 2025-01-01T00:00Z to 2027-01-01T00:00Z.
    static let years2025And2026 = 1_735_689_600.0...1_798_761_600.0

    /// A New York calendar whose night block straddles both clock changes, with lunch, and with holidays and a
    /// make-up Saturday so that every rule is exercised together.
    static let newYorkShifts = BusinessCalendar(
        timeZone: CalendarFixtures.newYork,
        week: Dictionary(
            uniqueKeysWithValues: (1...7).map {
                ($0, ["00:30-02:45", "09:00-12:00", "13:00-17:00"].compactMap(WorkingBlock.init))
            }),
        holidays: Set(["2025-07-04", "2025-12-25", "2026-07-03", "2026-12-25"].compactMap(LocalDate.init)),
        makeupWorkdays: Set(["2026-03-07"].compactMap(LocalDate.init)))

    /// Berlin hours with a Friday block ending at 24:00, one starting at Saturday 00:00 and a Sunday night block
    /// over both clock changes.
    static let berlinOffice = BusinessCalendar(
        timeZone: CalendarFixtures.berlin,
        week: [
            1: [WorkingBlock(start: 480, end: 720), WorkingBlock(start: 780, end: 1020)],
            2: [WorkingBlock(start: 480, end: 1020)], 3: [WorkingBlock(start: 0, end: 180)],
            5: [WorkingBlock(start: 1200, end: 1440)], 6: [WorkingBlock(start: 0, end: 240)],
            7: [WorkingBlock(start: 60, end: 240)],
        ])

    static let calendars: [(String, BusinessCalendar)] = [
        ("China 2026", CalendarFixtures.china), ("New York shifts", newYorkShifts), ("Berlin office", berlinOffice),
    ]

    @Test(arguments: 0..<calendars.count)
    func countingBackTheAddedMinutesGivesExactlyTheMinutes(index: Int) {
        let (name, calendar) = Self.calendars[index]
        var generator = CalendarFixtures.SeededGenerator(seed: 2026 + UInt64(index))
        for _ in 0..<2_000 {
            let start = Date(timeIntervalSince1970: Double.random(in: Self.years2025And2026, using: &generator))
            let minutes = Int.random(in: 0...20_000, using: &generator)
            let due = calendar.addingBusinessMinutes(minutes, to: start)
            #expect(due >= start, "\(name): \(start) + \(minutes)")
            #expect(calendar.businessMinutes(from: start, to: due) == minutes, "\(name): \(start) + \(minutes)")
            if minutes > 0 {
                // Nothing earlier would do: a second before the due moment one minute is still missing.
                let justBefore = due.addingTimeInterval(-1)
                #expect(calendar.businessMinutes(from: start, to: justBefore) == minutes - 1, "\(name): \(start)")
            } else {
                #expect(calendar.isWorkingTime(due), "\(name): \(start) + 0")
                #expect(calendar.businessMinutes(from: start, to: due) == 0, "\(name): \(start)")
            }
        }
    }

    @Test(arguments: 0..<calendars.count)
    func moreMinutesNeverFallDueEarlierAndTheDifferenceIsTheExtraMinutes(index: Int) {
        let (name, calendar) = Self.calendars[index]
        var generator = CalendarFixtures.SeededGenerator(seed: 99 + UInt64(index))
        for _ in 0..<1_000 {
            let start = Date(timeIntervalSince1970: Double.random(in: Self.years2025And2026, using: &generator))
            let fewer = Int.random(in: 0...20_000, using: &generator)
            let more = fewer + Int.random(in: 0...600, using: &generator)
            let earlier = calendar.addingBusinessMinutes(fewer, to: start)
            let later = calendar.addingBusinessMinutes(more, to: start)
            #expect(earlier <= later, "\(name): \(start) + \(fewer) / \(more)")
            #expect(calendar.businessMinutes(from: earlier, to: later) == more - fewer, "\(name): \(start)")
        }
    }

    @Test func startsAroundEachClockChangeCountBackExactly() {
        let changes = [
            "2025-03-09T07:00:00Z", "2025-11-02T06:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z",
            "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z",
        ].map(CalendarFixtures.utc)
        var generator = CalendarFixtures.SeededGenerator(seed: 314)
        for (name, calendar) in Self.calendars.dropFirst() {
            for change in changes {
                for _ in 0..<100 {
                    let start = change.addingTimeInterval(Double.random(in: -86_400...86_400, using: &generator))
                    let minutes = Int.random(in: 0...1_500, using: &generator)
                    let due = calendar.addingBusinessMinutes(minutes, to: start)
                    #expect(calendar.businessMinutes(from: start, to: due) == minutes, "\(name): \(start) + \(minutes)")
                }
            }
        }
    }

    @Test func minutesBetweenTwoMomentsAddUpOverAnyPointBetweenThem() {
        var generator = CalendarFixtures.SeededGenerator(seed: 8)
        for (name, calendar) in Self.calendars {
            for _ in 0..<300 {
                // Whole minutes, so that truncation cannot lose a minute at the split; within two months.
                let first = (Double.random(in: Self.years2025And2026, using: &generator) / 60).rounded(.down) * 60
                let bounds = [0.0, Double(Int.random(in: 0...86_400, using: &generator)) * 60, 5_184_000]
                    .map { Date(timeIntervalSince1970: first + $0) }.sorted()
                let whole = calendar.businessMinutes(from: bounds[0], to: bounds[2])
                let parts =
                    calendar.businessMinutes(from: bounds[0], to: bounds[1])
                    + calendar.businessMinutes(from: bounds[1], to: bounds[2])
                #expect(whole == parts, "\(name): \(bounds)")
            }
        }
    }
}
