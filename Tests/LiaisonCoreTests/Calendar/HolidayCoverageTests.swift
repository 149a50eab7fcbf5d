import Foundation
import Testing

@testable import LiaisonCore

/// When a calendar is past its holiday data: the current year without any entry, or from 1 November (in the
/// calendar's own zone) the next year without any.
@Suite struct HolidayCoverageTests {
    let china = CalendarFixtures.china  // 2025–2026, Asia/Shanghai

    @Test func aYearHasDataWhenAnyHolidayOrMakeupWorkdayFallsInIt() {
        #expect(HolidayCoverage.hasData(china, for: 2025))
        #expect(HolidayCoverage.hasData(china, for: 2026))
        #expect(!HolidayCoverage.hasData(china, for: 2027))
        var onlyMakeup = CalendarFixtures.weekdays(CalendarFixtures.shanghai, ["09:00-17:00"])
        onlyMakeup.makeupWorkdays = [CalendarFixtures.day("2028-01-08")]
        #expect(HolidayCoverage.hasData(onlyMakeup, for: 2028))
    }

    @Test func theShippedChinaScheduleIsFineUntilTheLastDayOfOctober() {
        let lastOctober = CalendarFixtures.local("2026-10-31 23:59:59")
        #expect(HolidayCoverage.missingYears(china, at: lastOctober).isEmpty)
    }

    @Test func fromTheFirstOfNovemberInTheCalendarsZoneTheNextYearIsMissing() {
        // 2026-11-01 00:00 in Shanghai is still 31 October in UTC.
        let firstNovember = CalendarFixtures.local("2026-11-01 00:00")
        #expect(LocalDate.of(firstNovember, in: .gmt) == CalendarFixtures.day("2026-10-31"))
        #expect(HolidayCoverage.missingYears(china, at: firstNovember) == [2027])
        #expect(HolidayCoverage.missingYears(china, at: CalendarFixtures.local("2026-12-31 23:59")) == [2027])
    }

    @Test func theSameMomentIsJudgedInEachCalendarsOwnZone() {
        // 2026-11-01 03:00 in Shanghai is 2026-10-31 15:00 in New York.
        let moment = CalendarFixtures.local("2026-11-01 03:00")
        var newYork = china
        newYork.timeZone = CalendarFixtures.newYork
        #expect(HolidayCoverage.missingYears(china, at: moment) == [2027])
        #expect(HolidayCoverage.missingYears(newYork, at: moment).isEmpty)
        #expect(
            HolidayCoverage.missingYears(
                newYork, at: CalendarFixtures.local("2026-11-01 00:00", CalendarFixtures.newYork)) == [2027])
    }

    @Test func aYearWithoutDataIsMissingAllYearAndTheNextJoinsItInNovember() {
        #expect(HolidayCoverage.missingYears(china, at: CalendarFixtures.local("2027-01-01 08:00")) == [2027])
        #expect(HolidayCoverage.missingYears(china, at: CalendarFixtures.local("2027-06-30 12:00")) == [2027])
        #expect(HolidayCoverage.missingYears(china, at: CalendarFixtures.local("2027-11-01 00:00")) == [2027, 2028])
    }

    @Test func addingTheNextYearsScheduleClearsTheWarning() {
        var calendar = china
        calendar.holidays.insert(CalendarFixtures.day("2027-01-01"))
        #expect(HolidayCoverage.missingYears(calendar, at: CalendarFixtures.local("2026-11-15 10:00")).isEmpty)
        #expect(HolidayCoverage.missingYears(calendar, at: CalendarFixtures.local("2027-11-15 10:00")) == [2028])
    }

    @Test func aCalendarWithoutAnyHolidaysIsNotCheckedUnlessItSaysItKeepsThem() {
        let plain = CalendarFixtures.everyDay(CalendarFixtures.shanghai, ["00:00-24:00"])
        let now = CalendarFixtures.local("2027-01-01 08:00")
        #expect(HolidayCoverage.missingYears(plain, at: now).isEmpty)
        #expect(HolidayCoverage.missingYears(plain, at: now, keepsHolidays: true) == [2027])
        #expect(HolidayCoverage.missingYears(china, at: now, keepsHolidays: false).isEmpty)
    }

    @Test func neededYearsChangeExactlyAtLocalMidnightOfTheFirstOfNovember() {
        let zone = CalendarFixtures.berlin
        #expect(
            HolidayCoverage.yearsNeeded(at: CalendarFixtures.local("2026-10-31 23:59:59", zone), in: zone) == [2026])
        #expect(
            HolidayCoverage.yearsNeeded(at: CalendarFixtures.local("2026-11-01 00:00:00", zone), in: zone) == [
                2026, 2027,
            ])
        #expect(
            HolidayCoverage.yearsNeeded(at: CalendarFixtures.local("2027-01-01 00:00:00", zone), in: zone) == [2027])
    }
}
