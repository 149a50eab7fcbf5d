import Foundation
import Testing

@testable import LiaisonCore

/// The standard Chinese office week (Mon–Fri 09:00–12:00, 13:30–18:00, Asia/Shanghai) in March 2026, which has no
/// public holidays: Monday is 2026-03-02, Friday 03-06, the weekend 03-07/08.
@Suite struct BusinessCalendarTests {
    let week = BusinessCalendar.standardChina()

    func due(_ minutes: Int, after start: String, on calendar: BusinessCalendar? = nil) -> Date {
        (calendar ?? week).addingBusinessMinutes(minutes, to: CalendarFixtures.local(start))
    }

    func minutes(_ start: String, _ end: String, on calendar: BusinessCalendar? = nil) -> Int {
        (calendar ?? week).businessMinutes(from: CalendarFixtures.local(start), to: CalendarFixtures.local(end))
    }

    // MARK: addingBusinessMinutes

    @Test func fourHoursFromMondayTenCrossLunchAndFallDueAtHalfPastThree() {
        // 10:00–12:00 = 120, lunch skipped, 13:30 + 120 = 15:30.
        #expect(due(240, after: "2026-03-02 10:00") == CalendarFixtures.local("2026-03-02 15:30"))
    }

    @Test func anHourFromHalfPastFiveCrossesTheNightToHalfPastNine() {
        // 17:30–18:00 = 30, then Tuesday 09:00 + 30.
        #expect(due(60, after: "2026-03-02 17:30") == CalendarFixtures.local("2026-03-03 09:30"))
    }

    @Test func twoHoursFromFridayFiveCrossTheWeekendToMondayTen() {
        // Friday 17:00–18:00 = 60, Saturday and Sunday off, Monday 09:00 + 60.
        #expect(due(120, after: "2026-03-06 17:00") == CalendarFixtures.local("2026-03-09 10:00"))
    }

    @Test func aStartOnSaturdayCountsFromMondayMorning() {
        #expect(due(0, after: "2026-03-07 11:00") == CalendarFixtures.local("2026-03-09 09:00"))
        #expect(due(30, after: "2026-03-07 11:00") == CalendarFixtures.local("2026-03-09 09:30"))
    }

    @Test func aStartDuringLunchCountsFromHalfPastOne() {
        // 12:30 is lunch; 13:30 + 30 = 14:00.
        #expect(due(30, after: "2026-03-02 12:30") == CalendarFixtures.local("2026-03-02 14:00"))
    }

    @Test func addingNothingBeforeOpeningAnswersTheOpening() {
        #expect(due(0, after: "2026-03-02 08:00") == CalendarFixtures.local("2026-03-02 09:00"))
    }

    @Test func addingNothingInsideABlockAnswersTheStartItself() {
        #expect(due(0, after: "2026-03-02 10:17:42") == CalendarFixtures.local("2026-03-02 10:17:42"))
    }

    @Test func addingNothingAtABlocksEndAnswersTheNextBlock() {
        // A block's end is not working time: 12:00 belongs to lunch.
        #expect(due(0, after: "2026-03-02 12:00") == CalendarFixtures.local("2026-03-02 13:30"))
        #expect(due(0, after: "2026-03-02 18:00") == CalendarFixtures.local("2026-03-03 09:00"))
    }

    @Test func exactlyTheMorningBlockFallsDueAtNoonNotAfterLunch() {
        // 09:00–12:00 is 180 minutes; the answer is the block's end.
        #expect(due(180, after: "2026-03-02 09:00") == CalendarFixtures.local("2026-03-02 12:00"))
        #expect(due(181, after: "2026-03-02 09:00") == CalendarFixtures.local("2026-03-02 13:31"))
    }

    @Test func aWholeWorkingWeekFromMondayMorningEndsFridayEvening() {
        // 5 days × 450 minutes.
        #expect(due(2250, after: "2026-03-02 09:00") == CalendarFixtures.local("2026-03-06 18:00"))
        #expect(due(2251, after: "2026-03-02 09:00") == CalendarFixtures.local("2026-03-09 09:01"))
    }

    @Test func secondsOfTheStartCarryThrough() {
        #expect(due(1, after: "2026-03-02 10:00:30") == CalendarFixtures.local("2026-03-02 10:01:30"))
        // 11:59:30 leaves 30 seconds before lunch; the other 30 come after it.
        #expect(due(1, after: "2026-03-02 11:59:30") == CalendarFixtures.local("2026-03-02 13:30:30"))
    }

    @Test func negativeMinutesCountAsNone() {
        #expect(due(-30, after: "2026-03-02 08:00") == CalendarFixtures.local("2026-03-02 09:00"))
    }

    @Test func nextWorkingMomentIsAddingNothing() {
        let saturday = CalendarFixtures.local("2026-03-07 11:00")
        #expect(week.nextWorkingMoment(from: saturday) == CalendarFixtures.local("2026-03-09 09:00"))
        let inside = CalendarFixtures.local("2026-03-02 14:00")
        #expect(week.nextWorkingMoment(from: inside) == inside)
    }

    // MARK: businessMinutes

    @Test func aRangeInsideOneBlockCountsItsLength() {
        #expect(minutes("2026-03-02 10:00", "2026-03-02 11:15") == 75)
    }

    @Test func aRangeOverLunchLeavesLunchOut() {
        // 11:00–12:00 = 60, 13:30–14:00 = 30.
        #expect(minutes("2026-03-02 11:00", "2026-03-02 14:00") == 90)
    }

    @Test func rangesOverTheNightAndTheWeekendCountOnlyOfficeHours() {
        #expect(minutes("2026-03-02 17:00", "2026-03-03 10:00") == 120)
        #expect(minutes("2026-03-06 17:00", "2026-03-09 10:00") == 120)
        #expect(minutes("2026-03-02 00:00", "2026-03-09 00:00") == 2250)
    }

    @Test func rangesEntirelyOutsideWorkingHoursCountNothing() {
        #expect(minutes("2026-03-07 10:00", "2026-03-08 20:00") == 0)
        #expect(minutes("2026-03-02 12:00", "2026-03-02 13:30") == 0)
        #expect(minutes("2026-03-02 18:00", "2026-03-03 09:00") == 0)
    }

    @Test func anEndBeforeOrAtTheStartCountsNothing() {
        #expect(minutes("2026-03-02 11:00", "2026-03-02 10:00") == 0)
        #expect(minutes("2026-03-02 11:00", "2026-03-02 11:00") == 0)
    }

    @Test func partialMinutesAreTruncated() {
        #expect(minutes("2026-03-02 10:00:00", "2026-03-02 10:01:59") == 1)
        #expect(minutes("2026-03-02 10:00:00", "2026-03-02 10:00:59") == 0)
        #expect(minutes("2026-03-02 11:59:30", "2026-03-02 13:30:30") == 1)
    }

    // MARK: Holidays and make-up days

    @Test func aHolidayOnAWednesdayIsSkipped() {
        let calendar = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai, week: week.week, holidays: [CalendarFixtures.day("2026-03-04")])
        // Tuesday 17:00–18:00 = 60, Wednesday off, Thursday 09:00 + 60.
        #expect(due(120, after: "2026-03-03 17:00", on: calendar) == CalendarFixtures.local("2026-03-05 10:00"))
        #expect(minutes("2026-03-03 09:00", "2026-03-05 09:00", on: calendar) == 450)
        #expect(calendar.blocks(on: CalendarFixtures.day("2026-03-04")).isEmpty)
    }

    @Test func aMakeupSaturdayIsWorkedWithMondaysHours() {
        let calendar = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai, week: week.week, makeupWorkdays: [CalendarFixtures.day("2026-03-07")])
        // Friday 17:00–18:00 = 60, Saturday 09:00 + 60.
        #expect(due(120, after: "2026-03-06 17:00", on: calendar) == CalendarFixtures.local("2026-03-07 10:00"))
        // Friday 450 + Saturday 450.
        #expect(minutes("2026-03-06 09:00", "2026-03-09 09:00", on: calendar) == 900)
        #expect(calendar.blocks(on: CalendarFixtures.day("2026-03-07")) == week.week[1])
    }

    @Test func aDayListedAsHolidayAndMakeupWorkdayIsADayOff() {
        let saturday = CalendarFixtures.day("2026-03-07")
        let calendar = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai, week: week.week, holidays: [saturday], makeupWorkdays: [saturday])
        #expect(calendar.blocks(on: saturday).isEmpty)
        #expect(due(120, after: "2026-03-06 17:00", on: calendar) == CalendarFixtures.local("2026-03-09 10:00"))
    }

    @Test func aMakeupWorkdayUsesTheMakeupBlocksEvenOnAWorkingWeekday() {
        let short = [WorkingBlock(start: 600, end: 960)]
        let wednesday = CalendarFixtures.day("2026-03-04")
        let calendar = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai, week: week.week, makeupWorkdays: [wednesday], makeupBlocks: short)
        #expect(calendar.blocks(on: wednesday) == short)
        #expect(minutes("2026-03-04 00:00", "2026-03-05 00:00", on: calendar) == 360)
    }

    @Test func makeupBlocksDefaultToMondaysElseTheFirstWorkingWeekdays() {
        let morning = [WorkingBlock(start: 540, end: 720)]
        let evening = [WorkingBlock(start: 1080, end: 1320)]
        #expect(BusinessCalendar(timeZone: .gmt, week: [3: evening, 1: morning]).makeupBlocks == morning)
        #expect(BusinessCalendar(timeZone: .gmt, week: [1: [], 6: morning, 3: evening]).makeupBlocks == evening)
        #expect(BusinessCalendar(timeZone: .gmt, week: [:]).makeupBlocks.isEmpty)
    }

    @Test func overlappingBlocksAreNeverCountedTwice() {
        let calendar = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai,
            week: [1: [WorkingBlock(start: 660, end: 780), WorkingBlock(start: 540, end: 720)]])
        // 09:00–13:00 merged: 240, not 180 + 120.
        #expect(minutes("2026-03-02 00:00", "2026-03-03 00:00", on: calendar) == 240)
        #expect(calendar.blocks(on: CalendarFixtures.day("2026-03-02")) == [WorkingBlock(start: 540, end: 780)])
        #expect(due(240, after: "2026-03-02 08:00", on: calendar) == CalendarFixtures.local("2026-03-02 13:00"))
    }

    // MARK: isWorkingTime

    @Test func workingTimeIsInsideBlocksWithTheEndExcluded() {
        #expect(week.isWorkingTime(CalendarFixtures.local("2026-03-02 09:00")))
        #expect(week.isWorkingTime(CalendarFixtures.local("2026-03-02 11:59:59")))
        #expect(!week.isWorkingTime(CalendarFixtures.local("2026-03-02 12:00")))
        #expect(week.isWorkingTime(CalendarFixtures.local("2026-03-02 13:30")))
        #expect(!week.isWorkingTime(CalendarFixtures.local("2026-03-02 08:59:59")))
        #expect(!week.isWorkingTime(CalendarFixtures.local("2026-03-02 18:00")))
        #expect(!week.isWorkingTime(CalendarFixtures.local("2026-03-07 10:00")))
    }

    // MARK: Time zones

    @Test func aShanghaiCalendarAnswersTheSameInstantsWhenAskedInUTC() {
        // Monday 10:00 in Shanghai is 02:00 UTC; 15:30 is 07:30 UTC.
        let start = CalendarFixtures.utc("2026-03-02T02:00:00Z")
        #expect(week.addingBusinessMinutes(240, to: start) == CalendarFixtures.utc("2026-03-02T07:30:00Z"))
        #expect(week.businessMinutes(from: start, to: CalendarFixtures.utc("2026-03-02T07:30:00Z")) == 240)
        // Sunday 23:00 UTC is already Monday 07:00 in Shanghai: the next working moment is Monday 09:00 there.
        let sundayNightUTC = CalendarFixtures.utc("2026-03-01T23:00:00Z")
        #expect(week.nextWorkingMoment(from: sundayNightUTC) == CalendarFixtures.utc("2026-03-02T01:00:00Z"))
    }

    @Test func theSameHoursWrittenInUTCGiveTheSameAnswers() {
        // Shanghai 09:00–12:00 and 13:30–18:00 are 01:00–04:00 and 05:30–10:00 UTC, on the same weekdays.
        let utcWeek = CalendarFixtures.weekdays(.gmt, ["01:00-04:00", "05:30-10:00"])
        var generator = CalendarFixtures.SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let start = Date(timeIntervalSince1970: Double.random(in: 1.74e9...1.79e9, using: &generator))
            let minutes = Int.random(in: 0...5_000, using: &generator)
            #expect(week.addingBusinessMinutes(minutes, to: start) == utcWeek.addingBusinessMinutes(minutes, to: start))
        }
    }

    @Test func blockStartsAgreeWithFoundationsCalendarOnEveryDayOf2025And2026() {
        for zone in [CalendarFixtures.shanghai, CalendarFixtures.newYork, CalendarFixtures.berlin] {
            let calendar = CalendarFixtures.everyDay(zone, ["09:00-17:00"])
            var day = CalendarFixtures.day("2025-01-01")
            while day.year < 2027 {
                let midnight = CalendarFixtures.local("\(day) 00:00", zone)
                let opening = CalendarFixtures.local("\(day) 09:00", zone)
                #expect(calendar.nextWorkingMoment(from: midnight) == opening, "\(day) \(zone.identifier)")
                day = day.adding(days: 1)
            }
        }
    }

    // MARK: Calendars without working time

    @Test func aCalendarWithoutWorkingTimeGivesUpInsteadOfLooping() {
        let idle = BusinessCalendar(timeZone: CalendarFixtures.shanghai, week: [:])
        let start = CalendarFixtures.local("2026-03-02 10:00")
        #expect(idle.addingBusinessMinutes(60, to: start) == .distantFuture)
        #expect(idle.nextWorkingMoment(from: start) == .distantFuture)
        #expect(idle.businessMinutes(from: start, to: .distantFuture) == 0)
        #expect(!idle.isWorkingTime(start))
    }

    @Test func aCalendarWhoseOnlyWorkdaysArePastGivesUpAfterTenIdleYears() {
        let onlyMakeup = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai, week: [:], makeupWorkdays: [CalendarFixtures.day("2026-02-14")],
            makeupBlocks: [WorkingBlock(start: 540, end: 720)])
        #expect(due(60, after: "2026-02-01 10:00", on: onlyMakeup) == CalendarFixtures.local("2026-02-14 10:00"))
        #expect(due(181, after: "2026-02-01 10:00", on: onlyMakeup) == .distantFuture)
        #expect(due(0, after: "2026-03-01 10:00", on: onlyMakeup) == .distantFuture)
    }

    @Test func absurdlyLargeTargetsStopAtTheSearchHorizon() {
        #expect(due(Int.max, after: "2026-03-02 10:00") == .distantFuture)
    }

    // MARK: Validation

    @Test func theStandardWeekHasNoIssues() {
        #expect(week.issues().isEmpty)
        #expect(CalendarFixtures.china.issues().isEmpty)
    }

    @Test func overlappingBlocksAreReportedOnTheirWeekday() {
        var calendar = week
        calendar.week[2] = [WorkingBlock(start: 540, end: 720), WorkingBlock(start: 700, end: 800)]
        let issues = calendar.issues()
        #expect(issues.map(\.field) == ["week.2"])
        #expect(issues.map(\.code) == ["overlappingBlocks"])
        #expect(issues.first?.values == ["09:00-12:00", "11:40-13:20"])
    }

    @Test func aWeekWithoutBlocksAndWithoutMakeupDaysHasNoWorkingTime() {
        let empty = BusinessCalendar(timeZone: CalendarFixtures.shanghai, week: [1: [], 2: []])
        #expect(empty.issues() == [ValidationIssue("week", "noWorkingTime")])
        let makeupOnly = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai, week: [:], makeupWorkdays: [CalendarFixtures.day("2026-02-14")],
            makeupBlocks: [WorkingBlock(start: 540, end: 720)])
        #expect(makeupOnly.issues().isEmpty)
    }

    @Test func blocksOutsideTheDayOrBackwardAreReported() {
        let calendar = BusinessCalendar(
            timeZone: CalendarFixtures.shanghai,
            week: [
                1: [WorkingBlock(start: 540, end: 720)], 3: [WorkingBlock(start: 1380, end: 1500)],
                4: [WorkingBlock(start: 720, end: 540)], 8: [WorkingBlock(start: 540, end: 720)],
            ])
        let issues = calendar.issues()
        #expect(issues.contains(ValidationIssue("week.3", "outOfRange", ["00:00", "24:00"])))
        #expect(issues.contains(ValidationIssue("week.4", "invalidValue", ["12:00-09:00"])))
        #expect(issues.contains(ValidationIssue("week.8", "outOfRange", ["1", "7"])))
        #expect(issues.count == 3)
    }

    @Test func fixedOffsetZonesAreKnown() {
        let zone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        #expect(BusinessCalendar(timeZone: zone, week: week.week).issues().isEmpty)
    }
}
