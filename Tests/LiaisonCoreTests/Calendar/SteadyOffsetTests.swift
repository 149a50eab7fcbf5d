import Foundation
import Testing

@testable import LiaisonCore

/// A schedule skips the time-zone lookups while it knows the offset is steady: every moment must be the one the
/// three lookups give, in zones with daylight saving, with changes of their standard offset, and without either.
@Suite struct SteadyOffsetTests {
    static let zones = [
        "Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo",
        "Pacific/Apia", "Europe/Moscow", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca",
        "Asia/Tehran", "Europe/Dublin", "America/Santiago", "Antarctica/Troll",
    ]

    @Test(arguments: zones)
    func learntMomentsAreTheLookedUpOnes(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let calendar = BusinessCalendar(timeZone: timeZone, week: [1: [WorkingBlock(start: 540, end: 1080)]])
        let learning = Schedule(calendar)
        let lookingUp = Schedule(calendar, learningSteadyOffsets: false)
        var generator = SystemRandomNumberGenerator()
        // Walks forward day by day through whole years (as a due-date computation does), with jumps back and
        // forth between them, over 1970–2040.
        var day = 0
        for step in 0..<6000 {
            if step % 400 == 0 { day = Int.random(in: 0...25_500, using: &generator) } else { day += 1 }
            for minute in [0, 90, 150, 540, 1439, Int.random(in: 0...1440, using: &generator)] {
                #expect(
                    learning.moment(dayNumber: day, minute: minute) == lookingUp.moment(dayNumber: day, minute: minute),
                    "\(zone) day \(day) minute \(minute)")
            }
        }
    }

    @Test func dueDatesAcrossAClockChangeAreUnchanged() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let week = Dictionary(uniqueKeysWithValues: (1...7).map { ($0, [WorkingBlock(start: 0, end: 1440)]) })
        let calendar = BusinessCalendar(timeZone: zone, week: week)
        // 2026-03-08 02:00 the clocks go forward: business time is real time, so 24 business hours from noon the
        // day before end at 13:00 on the new clock; a schedule that kept the winter offset would say 12:00.
        let start = try #require(ISO8601DateFormatter().date(from: "2026-03-07T12:00:00-05:00"))
        let due = calendar.addingBusinessMinutes(24 * 60, to: start)
        #expect(due == ISO8601DateFormatter().date(from: "2026-03-08T13:00:00-04:00"))
        let later = calendar.addingBusinessMinutes(48 * 60, to: start)
        #expect(later == ISO8601DateFormatter().date(from: "2026-03-09T13:00:00-04:00"))
    }
}
