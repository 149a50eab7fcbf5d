import Foundation
import Testing

@testable import LiaisonCore

/// Due times on the standard office week with the shipped Mainland China schedule, worked out by hand. A working
/// day has 09:00–12:00 (180) and 13:30–18:00 (270): 450 minutes.
@Suite struct BusinessCalendarChinaScheduleTests {
    let calendar = CalendarFixtures.china

    func due(_ minutes: Int, after start: String) -> Date {
        calendar.addingBusinessMinutes(minutes, to: CalendarFixtures.local(start))
    }

    func minutes(_ start: String, _ end: String) -> Int {
        calendar.businessMinutes(from: CalendarFixtures.local(start), to: CalendarFixtures.local(end))
    }

    // MARK: National Day 2026 (Oct 1–7 off; Sun Sep 20 and Sat Oct 10 worked)

    @Test func complaintDueAcrossNationalDayLandsOnTheMorningAfter() {
        // Wed Sep 30 17:00–18:00 = 60; Oct 1–7 off; Thu Oct 8 09:00–12:00 = 180 → 240, due at the block's end.
        #expect(due(240, after: "2026-09-30 17:00") == CalendarFixtures.local("2026-10-08 12:00"))
        // One minute more runs into the afternoon block.
        #expect(due(241, after: "2026-09-30 17:00") == CalendarFixtures.local("2026-10-08 13:31"))
    }

    @Test func complaintDueAcrossNationalDayLandsOnTheMakeupSaturday() {
        // Fri Oct 9 17:00–18:00 = 60; Sat Oct 10 is worked: 09:00 + 1.
        #expect(due(60, after: "2026-10-09 17:00") == CalendarFixtures.local("2026-10-09 18:00"))
        #expect(due(61, after: "2026-10-09 17:00") == CalendarFixtures.local("2026-10-10 09:01"))
        // Sat Oct 10 18:00: Sunday Oct 11 is an ordinary day off, so Monday Oct 12 09:00 + 1.
        #expect(due(1, after: "2026-10-10 18:00") == CalendarFixtures.local("2026-10-12 09:01"))
    }

    @Test func aFridayStartCrossesTheMakeupSundayBeforeNationalDay() {
        // Fri Sep 18 17:00–18:00 = 60 (540 left); Sat Sep 19 off; Sun Sep 20 worked: 180 (360 left) + 270 (90 left);
        // Mon Sep 21 09:00 + 90 = 10:30.
        #expect(due(600, after: "2026-09-18 17:00") == CalendarFixtures.local("2026-09-21 10:30"))
        // The make-up Sunday alone: Sat Sep 19 12:00 + 181 → Sep 20 09:00–12:00 = 180, then 13:30 + 1.
        #expect(due(181, after: "2026-09-19 12:00") == CalendarFixtures.local("2026-09-20 13:31"))
    }

    @Test func aStartDuringNationalDayCountsFromOctoberEighth() {
        // Sat Oct 3 10:00 is a holiday; Thu Oct 8 09:00 + 30.
        #expect(due(30, after: "2026-10-03 10:00") == CalendarFixtures.local("2026-10-08 09:30"))
        #expect(due(0, after: "2026-10-01 09:30") == CalendarFixtures.local("2026-10-08 09:00"))
    }

    @Test func businessMinutesOverNationalDayCountOnlyTheWorkedDays() {
        // Sep 30 = 450, Oct 1–7 = 0, Oct 8 = 450.
        #expect(minutes("2026-09-30 09:00", "2026-10-09 09:00") == 900)
        // Fri Oct 9 = 450, Sat Oct 10 (make-up) = 450, Sun Oct 11 = 0.
        #expect(minutes("2026-10-09 09:00", "2026-10-12 09:00") == 900)
        // The make-up Sunday Sep 20 counts, the Saturday before it does not.
        #expect(minutes("2026-09-19 00:00", "2026-09-21 00:00") == 450)
    }

    // MARK: Spring Festival 2026 (Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked)

    @Test func fridayEveningBeforeSpringFestivalRunsIntoTheMakeupSaturday() {
        // Fri Feb 13 17:00–18:00 = 60; Sat Feb 14 worked: 09:00–12:00 = 180, 13:30 + 240 = 17:30 → 480.
        #expect(due(480, after: "2026-02-13 17:00") == CalendarFixtures.local("2026-02-14 17:30"))
    }

    @Test func theMakeupSaturdayEveningJumpsOverTheWholeFestival() {
        // Sat Feb 14 18:00; Feb 15–23 off (Feb 23 is a Monday); Tue Feb 24 09:00 + 60 = 10:00.
        #expect(due(60, after: "2026-02-14 18:00") == CalendarFixtures.local("2026-02-24 10:00"))
    }

    @Test func theSecondMakeupSaturdayAfterSpringFestivalIsWorked() {
        // Fri Feb 27 17:00–18:00 = 60; Sat Feb 28 09:00 + 60 = 10:00.
        #expect(due(120, after: "2026-02-27 17:00") == CalendarFixtures.local("2026-02-28 10:00"))
    }

    @Test func businessMinutesOverSpringFestivalCountOnlyTheWorkedDays() {
        // Fri Feb 13 = 450, Sat Feb 14 = 450, Feb 15–23 = 0, Tue Feb 24 = 450.
        #expect(minutes("2026-02-13 09:00", "2026-02-25 09:00") == 1350)
        // From inside the make-up Saturday's afternoon block to inside the first day back.
        // Feb 14 16:00–18:00 = 120, Feb 24 09:00–11:00 = 120.
        #expect(minutes("2026-02-14 16:00", "2026-02-24 11:00") == 240)
    }

    // MARK: The other 2026 holidays

    @Test func newYearsEveRunsIntoTheMakeupSundayJanuaryFourth() {
        // Wed Dec 31 2025 17:00–18:00 = 60; Jan 1–3 off; Sun Jan 4 worked: 09:00 + 60.
        #expect(due(120, after: "2025-12-31 17:00") == CalendarFixtures.local("2026-01-04 10:00"))
    }

    @Test func qingmingSkipsTheHolidayMonday() {
        // Fri Apr 3 17:00–18:00 = 60; Apr 4–6 off (Apr 6 is a Monday); Tue Apr 7 09:00 + 1.
        #expect(due(61, after: "2026-04-03 17:00") == CalendarFixtures.local("2026-04-07 09:01"))
    }

    @Test func labourDaySkipsFiveDaysAndTheMakeupSaturdayMayNinthIsWorked() {
        // Thu Apr 30 17:00–18:00 = 60; May 1–5 off; Wed May 6 09:00 + 1.
        #expect(due(61, after: "2026-04-30 17:00") == CalendarFixtures.local("2026-05-06 09:01"))
        // Fri May 8 17:00–18:00 = 60; Sat May 9 worked: 09:00 + 60.
        #expect(due(120, after: "2026-05-08 17:00") == CalendarFixtures.local("2026-05-09 10:00"))
    }

    @Test func dragonBoatAndMidAutumnFridaysAreSkipped() {
        // Thu Jun 18 17:00–18:00 = 60; Jun 19–21 off; Mon Jun 22 09:00 + 60.
        #expect(due(120, after: "2026-06-18 17:00") == CalendarFixtures.local("2026-06-22 10:00"))
        // Thu Sep 24 17:00–18:00 = 60; Sep 25–27 off; Mon Sep 28 09:00 + 60.
        #expect(due(120, after: "2026-09-24 17:00") == CalendarFixtures.local("2026-09-28 10:00"))
    }

    // MARK: 2025

    @Test func nationalDay2025RunsEightDaysAndTheMakeupSaturdayOctoberEleventhIsWorked() {
        // Tue Sep 30 17:00–18:00 = 60; Oct 1–8 off; Thu Oct 9 09:00 + 60.
        #expect(due(120, after: "2025-09-30 17:00") == CalendarFixtures.local("2025-10-09 10:00"))
        // Fri Oct 10 17:00–18:00 = 60; Sat Oct 11 worked: 09:00 + 60.
        #expect(due(120, after: "2025-10-10 17:00") == CalendarFixtures.local("2025-10-11 10:00"))
    }

    @Test func springFestival2025StartsAfterTheMakeupSundayJanuaryTwentySixth() {
        // Fri Jan 24 17:00–18:00 = 60; Sat Jan 25 off; Sun Jan 26 worked: 09:00 + 60.
        #expect(due(120, after: "2025-01-24 17:00") == CalendarFixtures.local("2025-01-26 10:00"))
        // Mon Jan 27 18:00; Jan 28 – Feb 4 off; Wed Feb 5 09:00 + 60.
        #expect(due(60, after: "2025-01-27 18:00") == CalendarFixtures.local("2025-02-05 10:00"))
    }

    // MARK: Whole years

    @Test func eachYearHas248WorkingDays() {
        // Both years have 261 weekdays. 2026 loses 19 of them to holidays and gains 6 make-up days; 2025 loses 18
        // and gains 5. Either way 248 working days of 450 minutes.
        #expect(minutes("2026-01-01 00:00", "2027-01-01 00:00") == 248 * 450)
        #expect(minutes("2025-01-01 00:00", "2026-01-01 00:00") == 248 * 450)
    }
}
