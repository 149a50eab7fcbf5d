import Foundation
import Testing

@testable import LiaisonCore

/// SLA clocks on the standard office week in March 2026 (Mon 03-02 … Fri 03-06, weekend 03-07/08).
@Suite struct SLAClockTests {
    let week = BusinessCalendar.standardChina()

    func at(_ text: String) -> Date {
        CalendarFixtures.local(text)
    }

    @Test func aNewClockRunsFromItsStart() {
        let clock = SLAClock(targetMinutes: 240, startedAt: at("2026-03-02 10:00"))
        #expect(clock.isRunning)
        #expect(clock.consumed(at: at("2026-03-02 11:00"), calendar: week) == 60)
        // 10:00–12:00 = 120, 13:30 + 120.
        #expect(clock.dueDate(calendar: week) == at("2026-03-02 15:30"))
    }

    @Test func pausingOverTheWeekendKeepsTheFridayMinutesAndCountsOnFromMonday() {
        var clock = SLAClock(targetMinutes: 480, startedAt: at("2026-03-06 16:00"))
        clock.pause(at: at("2026-03-06 17:00"), calendar: week)
        #expect(clock.consumedMinutes == 60)
        #expect(clock.dueDate(calendar: week) == nil)
        // The customer answers on Saturday; the clock resumes but the weekend is not working time.
        clock.resume(at: at("2026-03-07 10:00"))
        #expect(clock.consumed(at: at("2026-03-08 20:00"), calendar: week) == 60)
        // Monday 09:00–10:00 = 60 more.
        #expect(clock.consumed(at: at("2026-03-09 10:00"), calendar: week) == 120)
        #expect(clock.remaining(at: at("2026-03-09 10:00"), calendar: week) == 360)
        // 420 left from Saturday: Monday 09:00–12:00 = 180, 13:30 + 240 = 17:30.
        #expect(clock.dueDate(calendar: week) == at("2026-03-09 17:30"))
    }

    @Test func pausingTwiceOrResumingARunningClockChangesNothing() {
        var clock = SLAClock(targetMinutes: 60, startedAt: at("2026-03-02 09:00"))
        clock.resume(at: at("2026-03-02 09:30"))
        #expect(clock.runningSince == at("2026-03-02 09:00"))
        clock.pause(at: at("2026-03-02 09:20"), calendar: week)
        clock.pause(at: at("2026-03-02 11:00"), calendar: week)
        #expect(clock.consumedMinutes == 20)
        #expect(clock.consumed(at: at("2026-03-03 11:00"), calendar: week) == 20)
    }

    @Test func remainingTurnsNegativeOnceTheTargetIsExceeded() {
        let clock = SLAClock(targetMinutes: 60, startedAt: at("2026-03-02 10:00"))
        #expect(clock.remaining(at: at("2026-03-02 10:59"), calendar: week) == 1)
        #expect(!clock.isBreached(at: at("2026-03-02 10:59"), calendar: week))
        #expect(!clock.isBreached(at: at("2026-03-02 11:00"), calendar: week))
        #expect(clock.isBreached(at: at("2026-03-02 11:00:01"), calendar: week))
        #expect(clock.remaining(at: at("2026-03-02 11:30"), calendar: week) == -30)
        // Lunch does not count against it: 11:00–12:00 = 60 over, then 13:30–14:00 = 30.
        #expect(clock.remaining(at: at("2026-03-02 14:00"), calendar: week) == -90)
    }

    @Test func aPausedClockIsBreachedOnlyIfItUsedMoreThanTheTarget() {
        var clock = SLAClock(targetMinutes: 60, startedAt: at("2026-03-02 10:00"))
        clock.pause(at: at("2026-03-02 11:00"), calendar: week)
        #expect(!clock.isBreached(at: at("2026-03-05 10:00"), calendar: week))
        clock.resume(at: at("2026-03-02 11:10"))
        clock.pause(at: at("2026-03-02 11:20"), calendar: week)
        #expect(clock.isBreached(at: at("2026-03-02 11:20"), calendar: week))
        #expect(clock.remaining(at: at("2026-03-05 10:00"), calendar: week) == -10)
    }

    @Test func theWarningAtThreeQuartersFallsWhen180Of240MinutesAreUsed() {
        let clock = SLAClock(targetMinutes: 240, startedAt: at("2026-03-02 10:00"))
        // 10:00–12:00 = 120, 13:30 + 60 = 14:30.
        #expect(clock.warningDate(share: 0.75, calendar: week) == at("2026-03-02 14:30"))
        #expect(clock.warningDate(share: 1, calendar: week) == clock.dueDate(calendar: week))
    }

    @Test func theWarningShareIsNotInflatedByFloatingPoint() {
        let clock = SLAClock(targetMinutes: 100, startedAt: at("2026-03-02 09:00"))
        // 0.7 × 100 is 70.00000000000001 in binary floating point; the warning is still at 70 minutes.
        #expect(clock.warningDate(share: 0.7, calendar: week) == at("2026-03-02 10:10"))
        // 0.755 × 100 = 75.5 rounds up to 76.
        #expect(clock.warningDate(share: 0.755, calendar: week) == at("2026-03-02 10:16"))
    }

    @Test func aWarningAlreadyPassedIsTheNextWorkingMomentOfTheRunningPeriod() {
        var clock = SLAClock(targetMinutes: 240, startedAt: at("2026-03-02 09:00"))
        clock.pause(at: at("2026-03-02 12:00"), calendar: week)
        clock.resume(at: at("2026-03-02 12:30"))
        #expect(clock.warningDate(share: 0.5, calendar: week) == at("2026-03-02 13:30"))
        // 60 left from the resume: 13:30 + 60.
        #expect(clock.dueDate(calendar: week) == at("2026-03-02 14:30"))
    }

    @Test func aPausedClockHasNoDueOrWarningDate() {
        var clock = SLAClock(targetMinutes: 240, startedAt: at("2026-03-02 10:00"))
        clock.pause(at: at("2026-03-02 10:30"), calendar: week)
        #expect(clock.dueDate(calendar: week) == nil)
        #expect(clock.warningDate(share: 0.75, calendar: week) == nil)
        #expect(!clock.isRunning)
    }

    @Test func meaninglessSharesHaveNoWarningDate() {
        let clock = SLAClock(targetMinutes: 240, startedAt: at("2026-03-02 10:00"))
        #expect(clock.warningDate(share: -0.5, calendar: week) == nil)
        #expect(clock.warningDate(share: .nan, calendar: week) == nil)
        #expect(clock.warningDate(share: .infinity, calendar: week) == nil)
    }

    @Test func aClockDueOverTheNationalDayHolidaysLandsOnOctoberEighth() {
        let clock = SLAClock(targetMinutes: 240, startedAt: at("2026-09-30 17:00"))
        #expect(clock.dueDate(calendar: CalendarFixtures.china) == at("2026-10-08 12:00"))
        #expect(!clock.isBreached(at: at("2026-10-07 23:00"), calendar: CalendarFixtures.china))
    }

    @Test func clocksSurviveAJSONRoundTrip() throws {
        var clock = SLAClock(targetMinutes: 240, startedAt: at("2026-03-02 10:00"))
        clock.pause(at: at("2026-03-02 11:00"), calendar: week)
        let paused = try JSONDecoder().decode(SLAClock.self, from: JSONEncoder().encode(clock))
        #expect(paused == clock)
        let running = SLAClock(targetMinutes: 30, startedAt: at("2026-03-02 10:00"))
        #expect(try JSONDecoder().decode(SLAClock.self, from: JSONEncoder().encode(running)) == running)
    }
}
