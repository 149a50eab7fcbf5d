import Foundation
import Testing

@testable import LiaisonCore

/// Clock changes in 2026. New York: Sun Mar 8 02:00 EST → 03:00 EDT (07:00Z), Sun Nov 1 02:00 EDT → 01:00 EST
/// (06:00Z). Berlin: Sun Mar 29 02:00 CET → 03:00 CEST (01:00Z), Sun Oct 25 03:00 CEST → 02:00 CET (01:00Z).
/// Moments are written in UTC because the local times around a change are ambiguous.
@Suite struct BusinessCalendarDaylightSavingTests {
    let office = CalendarFixtures.weekdays(CalendarFixtures.newYork, ["09:00-17:00"])
    let nightShift = CalendarFixtures.everyDay(CalendarFixtures.newYork, ["01:00-04:00"])

    func utc(_ text: String) -> Date {
        CalendarFixtures.utc(text)
    }

    @Test func officeHoursFollowTheWallClockAcrossSpringForward() {
        // Fri Mar 6 16:00 EST (21:00Z) to 17:00 = 60; Mon Mar 9 09:00 is EDT, 13:00Z; + 60 = 14:00Z.
        #expect(office.addingBusinessMinutes(120, to: utc("2026-03-06T21:00:00Z")) == utc("2026-03-09T14:00:00Z"))
        // Fri 09:00 EST (14:00Z) to Mon 17:00 EDT (21:00Z): two full days of 480.
        #expect(office.businessMinutes(from: utc("2026-03-06T14:00:00Z"), to: utc("2026-03-09T21:00:00Z")) == 960)
    }

    @Test func officeHoursFollowTheWallClockAcrossFallBack() {
        // Fri Oct 30 16:00 EDT (20:00Z) to 17:00 = 60; Mon Nov 2 09:00 is EST, 14:00Z; + 60 = 15:00Z.
        #expect(office.addingBusinessMinutes(120, to: utc("2026-10-30T20:00:00Z")) == utc("2026-11-02T15:00:00Z"))
    }

    @Test func aBlockOverTheSkippedHourIsAnHourShorter() {
        // 01:00 EST (06:00Z) to 04:00 EDT (08:00Z) is two real hours.
        #expect(nightShift.businessMinutes(from: utc("2026-03-08T05:00:00Z"), to: utc("2026-03-08T09:00:00Z")) == 120)
        // The day before has the full three hours: 01:00 EST (06:00Z) to 04:00 EST (09:00Z).
        #expect(nightShift.businessMinutes(from: utc("2026-03-07T05:00:00Z"), to: utc("2026-03-07T10:00:00Z")) == 180)
    }

    @Test func minutesAddedOverTheSkippedHourLandOnTheNewTime() {
        // 01:00 EST (06:00Z) + 60 reaches 02:00 EST, which is shown as 03:00 EDT (07:00Z); 30 more: 07:30Z.
        #expect(nightShift.addingBusinessMinutes(90, to: utc("2026-03-08T06:00:00Z")) == utc("2026-03-08T07:30:00Z"))
        // Only 120 minutes exist that night, the 121st is on Monday at 01:00 EDT (05:00Z) + 1.
        #expect(nightShift.addingBusinessMinutes(120, to: utc("2026-03-08T06:00:00Z")) == utc("2026-03-08T08:00:00Z"))
        #expect(nightShift.addingBusinessMinutes(121, to: utc("2026-03-08T06:00:00Z")) == utc("2026-03-09T05:01:00Z"))
        #expect(nightShift.isWorkingTime(utc("2026-03-08T07:00:00Z")))
    }

    @Test func aBlockStartingInTheSkippedHourStartsWhenTheClockJumps() {
        // 02:30–04:00 on Mar 8: 02:30 never shows; the block runs 03:00 EDT (07:00Z) to 04:00 EDT (08:00Z).
        let calendar = CalendarFixtures.everyDay(CalendarFixtures.newYork, ["02:30-04:00"])
        #expect(calendar.businessMinutes(from: utc("2026-03-08T05:00:00Z"), to: utc("2026-03-08T09:00:00Z")) == 60)
        #expect(calendar.nextWorkingMoment(from: utc("2026-03-08T06:00:00Z")) == utc("2026-03-08T07:00:00Z"))
    }

    @Test func aBlockEntirelyInTheSkippedHourDoesNotExistThatDay() {
        // 02:00–03:00 on Mar 8 is empty; the next one is Mon Mar 9 02:00 EDT (06:00Z).
        let calendar = CalendarFixtures.everyDay(CalendarFixtures.newYork, ["02:00-03:00"])
        #expect(calendar.nextWorkingMoment(from: utc("2026-03-08T05:00:00Z")) == utc("2026-03-09T06:00:00Z"))
        #expect(calendar.addingBusinessMinutes(30, to: utc("2026-03-08T05:00:00Z")) == utc("2026-03-09T06:30:00Z"))
        #expect(calendar.businessMinutes(from: utc("2026-03-08T00:00:00Z"), to: utc("2026-03-09T00:00:00Z")) == 0)
    }

    @Test func aBlockOverTheRepeatedHourCountsTheRealElapsedTime() {
        // 01:00 EDT (05:00Z) to 04:00 EST (09:00Z) is four real hours.
        #expect(nightShift.businessMinutes(from: utc("2026-11-01T04:00:00Z"), to: utc("2026-11-01T10:00:00Z")) == 240)
        // 05:00Z + 90: 01:00 EDT → 02:00 EDT, shown again as 01:00 EST (06:00Z), + 30 → 06:30Z.
        #expect(nightShift.addingBusinessMinutes(90, to: utc("2026-11-01T05:00:00Z")) == utc("2026-11-01T06:30:00Z"))
        #expect(nightShift.addingBusinessMinutes(240, to: utc("2026-11-01T05:00:00Z")) == utc("2026-11-01T09:00:00Z"))
        #expect(nightShift.isWorkingTime(utc("2026-11-01T06:30:00Z")))
    }

    @Test func aBerlinDayLasts23HoursInMarchAnd25InOctober() {
        let always = CalendarFixtures.everyDay(CalendarFixtures.berlin, ["00:00-24:00"])
        // Mar 29 00:00 CET = Mar 28 23:00Z; Mar 30 00:00 CEST = Mar 29 22:00Z.
        #expect(always.businessMinutes(from: utc("2026-03-28T23:00:00Z"), to: utc("2026-03-29T22:00:00Z")) == 1380)
        // Oct 25 00:00 CEST = Oct 24 22:00Z; Oct 26 00:00 CET = Oct 25 23:00Z.
        #expect(always.businessMinutes(from: utc("2026-10-24T22:00:00Z"), to: utc("2026-10-25T23:00:00Z")) == 1500)
    }

    @Test func aRoundTheClockCalendarAddsRealTimeEvenAcrossClockChanges() {
        let always = CalendarFixtures.everyDay(CalendarFixtures.berlin, ["00:00-24:00"])
        for start in ["2026-03-29T00:30:00Z", "2026-10-25T00:15:00Z", "2026-10-24T21:59:59Z"] {
            let moment = utc(start)
            for minutes in [0, 1, 59, 60, 61, 1439, 1500, 3000] {
                let expected = moment.addingTimeInterval(Double(minutes) * 60)
                #expect(always.addingBusinessMinutes(minutes, to: moment) == expected, "\(start) + \(minutes)")
            }
        }
    }

    @Test func berlinOfficeHoursMoveWithTheClockInSpring() {
        let office = CalendarFixtures.weekdays(CalendarFixtures.berlin, ["09:00-18:00"])
        // Fri Mar 27 17:00 CET (16:00Z) to 18:00 = 60; Mon Mar 30 09:00 CEST (07:00Z) + 60 = 08:00Z.
        #expect(office.addingBusinessMinutes(120, to: utc("2026-03-27T16:00:00Z")) == utc("2026-03-30T08:00:00Z"))
        // Fri Oct 23 17:00 CEST (15:00Z) to 18:00 = 60; Mon Oct 26 09:00 CET (08:00Z) + 60 = 09:00Z.
        #expect(office.addingBusinessMinutes(120, to: utc("2026-10-23T15:00:00Z")) == utc("2026-10-26T09:00:00Z"))
    }
}
