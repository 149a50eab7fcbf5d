import Foundation
import Testing

@testable import LiaisonCore

/// Clock changes in Berlin, 2026: Sun Mar 29 02:00 CET → 03:00 CEST (01:00Z), Sun Oct 25 03:00 CEST → 02:00 CET
/// (01:00Z). Shanghai has had none since 1991. Moments are written in UTC.
@Suite struct CommunicationCadenceTests {
    func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? .distantPast
    }

    func cadence(_ text: String) throws -> CommunicationCadence {
        try #require(CommunicationCadence(text))
    }

    func day(_ text: String) -> LocalDate {
        LocalDate(text) ?? LocalDate(year: 0, month: 0, day: 0)
    }

    // MARK: Weekly

    @Test func aWeeklyCadenceFallsOnItsWeekdayAtItsLocalTime() throws {
        let weekly = try cadence("weekly mon 09:30 Asia/Shanghai")
        // Wed 2026-03-04 → Mon 2026-03-09 09:30 +08:00.
        #expect(weekly.nextOccurrence(after: utc("2026-03-04T00:00:00Z")) == utc("2026-03-09T01:30:00Z"))
    }

    @Test func theNextOccurrenceIsStrictlyAfterTheMoment() throws {
        let weekly = try cadence("weekly mon 09:30 Asia/Shanghai")
        #expect(weekly.nextOccurrence(after: utc("2026-03-09T01:30:00Z")) == utc("2026-03-16T01:30:00Z"))
        #expect(weekly.nextOccurrence(after: utc("2026-03-09T01:29:59Z")) == utc("2026-03-09T01:30:00Z"))
    }

    @Test func aWeeklyCadenceKeepsItsWallClockTimeAcrossSpringForwardInBerlin() throws {
        let weekly = try cadence("weekly mon 09:30 Europe/Berlin")
        // Mon Mar 23 09:30 CET = 08:30Z; Mon Mar 30 09:30 CEST = 07:30Z.
        #expect(
            weekly.occurrences(after: utc("2026-03-20T00:00:00Z"), through: utc("2026-04-01T00:00:00Z"))
                == [utc("2026-03-23T08:30:00Z"), utc("2026-03-30T07:30:00Z")])
    }

    @Test func aWeeklyCadenceKeepsItsWallClockTimeAcrossFallBackInBerlin() throws {
        let weekly = try cadence("weekly mon 09:30 Europe/Berlin")
        // Mon Oct 19 09:30 CEST = 07:30Z; Mon Oct 26 09:30 CET = 08:30Z.
        #expect(weekly.nextOccurrence(after: utc("2026-10-19T07:30:00Z")) == utc("2026-10-26T08:30:00Z"))
    }

    @Test func aTimeTheClockChangeSkipsHappensWhenTheClockJumps() throws {
        let weekly = try cadence("weekly sun 02:30 Europe/Berlin")
        // Sun Mar 22 02:30 CET = 01:30Z; Mar 29 02:30 does not exist: 03:00 CEST = 01:00Z; Apr 5 02:30 CEST = 00:30Z.
        #expect(
            weekly.occurrences(after: utc("2026-03-21T00:00:00Z"), through: utc("2026-04-06T00:00:00Z"))
                == [utc("2026-03-22T01:30:00Z"), utc("2026-03-29T01:00:00Z"), utc("2026-04-05T00:30:00Z")])
    }

    @Test func aTimeShownTwiceHappensAtItsFirstShowing() throws {
        let weekly = try cadence("weekly sun 02:30 Europe/Berlin")
        // Oct 25 02:30 is shown at 00:30Z (CEST) and again at 01:30Z (CET): once, the first.
        #expect(
            weekly.occurrences(after: utc("2026-10-24T00:00:00Z"), through: utc("2026-10-26T00:00:00Z"))
                == [utc("2026-10-25T00:30:00Z")])
    }

    @Test func shanghaiOccurrencesAreAlwaysEightHoursAheadOfUTC() throws {
        let weekly = try cadence("weekly fri 17:00 Asia/Shanghai")
        let all = weekly.occurrences(after: utc("2026-01-01T00:00:00Z"), through: utc("2027-01-01T00:00:00Z"))
        #expect(all.count == 52)
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        for occurrence in all {
            #expect(Int(occurrence.timeIntervalSince1970) % 86_400 == 9 * 3_600)
            #expect(LocalDate.of(occurrence, in: zone).weekday == 5)
        }
    }

    // MARK: Fortnightly

    @Test func aFortnightlyCadenceStartsOnItsWeekdayOnOrAfterTheAnchor() throws {
        // Anchor Wed 2026-03-04: Fri Mar 6, Mar 20, Apr 3; 16:00 CET = 15:00Z, 16:00 CEST = 14:00Z.
        let fortnightly = try cadence("fortnightly fri 2026-03-04 16:00 Europe/Berlin")
        #expect(
            fortnightly.occurrences(after: utc("2026-01-01T00:00:00Z"), through: utc("2026-04-05T00:00:00Z"))
                == [utc("2026-03-06T15:00:00Z"), utc("2026-03-20T15:00:00Z"), utc("2026-04-03T14:00:00Z")])
    }

    @Test func theFortnightsDoNotShiftWithTheMomentAsked() throws {
        let fortnightly = try cadence("fortnightly fri 2026-03-06 16:00 Asia/Shanghai")
        // From any day of the two weeks after Mar 6, the next one is Mar 20.
        for offset in 0..<14 {
            let asked = day("2026-03-06").adding(days: offset)
            let moment = utc("\(asked)T09:00:00Z")
            #expect(fortnightly.nextOccurrence(after: moment) == utc("2026-03-20T08:00:00Z"), "asked on \(asked)")
        }
        #expect(fortnightly.nextOccurrence(after: utc("2027-03-01T00:00:00Z")) == utc("2027-03-05T08:00:00Z"))
    }

    // MARK: Monthly

    @Test func aMonthlyDayPastTheMonthsEndFallsOnItsLastDay() throws {
        let monthly = try cadence("monthly 31 10:00 Asia/Shanghai")
        let days = monthly.occurrences(after: utc("2026-01-01T00:00:00Z"), through: utc("2026-07-01T00:00:00Z"))
            .map { LocalDate.of($0, in: TimeZone(identifier: "Asia/Shanghai") ?? .gmt).description }
        #expect(days == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"])
    }

    @Test func theTwentyNinthFallsOnTheTwentyNinthOfALeapFebruary() throws {
        let monthly = try cadence("monthly 29 10:00 UTC")
        #expect(monthly.nextOccurrence(after: utc("2028-02-01T00:00:00Z")) == utc("2028-02-29T10:00:00Z"))
        #expect(monthly.nextOccurrence(after: utc("2027-02-01T00:00:00Z")) == utc("2027-02-28T10:00:00Z"))
        #expect(monthly.nextOccurrence(after: utc("2027-02-28T10:00:00Z")) == utc("2027-03-29T10:00:00Z"))
    }

    @Test func aMonthlyCadenceMovesToTheNextMonthOnceItsDayHasPassed() throws {
        let monthly = try cadence("monthly 15 09:00 UTC")
        #expect(monthly.nextOccurrence(after: utc("2026-12-15T09:00:00Z")) == utc("2027-01-15T09:00:00Z"))
        #expect(monthly.nextOccurrence(after: utc("2026-12-14T23:00:00Z")) == utc("2026-12-15T09:00:00Z"))
    }

    // MARK: Milestones

    @Test func aMilestoneCadenceFollowsTheMilestonesInDateOrder() throws {
        let atMilestones = try cadence("milestones 09:00 Asia/Shanghai")
        let milestones = [day("2026-05-10"), day("2026-04-01"), day("2026-06-30")]
        #expect(
            atMilestones.occurrences(
                after: utc("2026-04-01T01:00:00Z"), through: utc("2026-12-31T00:00:00Z"), milestones: milestones)
                == [utc("2026-05-10T01:00:00Z"), utc("2026-06-30T01:00:00Z")])
        #expect(atMilestones.nextOccurrence(after: utc("2026-06-30T01:00:00Z"), milestones: milestones) == nil)
        #expect(atMilestones.nextOccurrence(after: utc("2026-01-01T00:00:00Z")) == nil)
    }

    // MARK: Limits

    @Test func anUnknownZoneOrTheEndOfTheAllowedYearsHasNoOccurrence() {
        let unknown = CommunicationCadence(.weekly(weekday: 1), minuteOfDay: 540, timeZone: "Mars/Olympus")
        #expect(unknown.nextOccurrence(after: utc("2026-01-01T00:00:00Z")) == nil)
        let weekly = CommunicationCadence(.weekly(weekday: 1), minuteOfDay: 540, timeZone: "UTC")
        #expect(weekly.nextOccurrence(after: utc("2200-12-31T12:00:00Z")) == nil)
        let badWeekday = CommunicationCadence(.weekly(weekday: 9), minuteOfDay: 540, timeZone: "UTC")
        #expect(badWeekday.nextOccurrence(after: utc("2026-01-01T00:00:00Z")) == nil)
    }

    @Test func occurrencesStopAtTheLimit() throws {
        let weekly = try cadence("weekly mon 09:30 UTC")
        let first = weekly.occurrences(
            after: utc("2026-01-01T00:00:00Z"), through: utc("2027-01-01T00:00:00Z"), limit: 3)
        #expect(first == [utc("2026-01-05T09:30:00Z"), utc("2026-01-12T09:30:00Z"), utc("2026-01-19T09:30:00Z")])
        #expect(weekly.occurrences(after: utc("2026-02-01T00:00:00Z"), through: utc("2026-01-01T00:00:00Z")).isEmpty)
    }

    /// Random cadences and moments: the next occurrence is after the moment, nothing lies between, and its
    /// wall-clock time and weekday are the cadence's (in a zone without clock changes).
    @Test func theNextOccurrenceIsTheFirstInTheRangeAfterAnyMoment() throws {
        var random = ProjectsRandom(seed: 17)
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        for _ in 0..<300 {
            let weekday = Int(random.next() % 7) + 1
            let minute = Int(random.next() % 1440)
            let rule: CommunicationCadence.Rule =
                switch random.next() % 3 {
                case 0: .weekly(weekday: weekday)
                case 1: .fortnightly(weekday: weekday, anchor: day("2026-01-01").adding(days: Int(random.next() % 400)))
                default: .monthly(day: Int(random.next() % 31) + 1)
                }
            let cadence = CommunicationCadence(rule, minuteOfDay: minute, timeZone: "Asia/Shanghai")
            let moment = Date(timeIntervalSince1970: 1_767_225_600 + Double(random.next() % 40_000_000))
            let next = try #require(cadence.nextOccurrence(after: moment))
            #expect(next > moment)
            #expect(cadence.occurrences(after: moment, through: next) == [next])
            let local = LocalDate.of(next, in: zone)
            #expect((Int(next.timeIntervalSince1970) + 8 * 3_600) % 86_400 == minute * 60)
            switch rule {
            case .weekly(let weekday), .fortnightly(let weekday, _): #expect(local.weekday == weekday)
            case .monthly(let dayOfMonth):
                #expect(local.day == min(dayOfMonth, CommunicationCadence.daysIn(year: local.year, month: local.month)))
            case .milestones: break
            }
        }
    }

    // MARK: Text form

    @Test func theTextFormReadsBackAsTheSameCadence() throws {
        let texts = [
            "weekly mon 09:30 Asia/Shanghai", "fortnightly fri 2026-03-06 16:00 Europe/Berlin",
            "monthly 31 10:00 Asia/Shanghai", "milestones 09:00 UTC", "weekly sun 00:00 America/New_York",
        ]
        for text in texts {
            let cadence = try cadence(text)
            #expect(cadence.description == text)
            let json = try JSONEncoder().encode([cadence])
            #expect(try JSONDecoder().decode([CommunicationCadence].self, from: json) == [cadence])
        }
        #expect(
            try cadence("weekly mon 09:30 Asia/Shanghai")
                == CommunicationCadence(.weekly(weekday: 1), minuteOfDay: 570, timeZone: "Asia/Shanghai"))
        #expect(
            try cadence("fortnightly fri 2026-03-06 16:00 UTC").rule
                == .fortnightly(weekday: 5, anchor: day("2026-03-06")))
    }

    @Test func malformedTextIsRefused() {
        let texts = [
            "", "weekly", "weekly mon 09:30", "weekly xyz 09:30 UTC", "weekly mon 9:30 UTC", "weekly mon 24:00 UTC",
            "weekly mon 09:60 UTC", "monthly 32 09:00 UTC", "monthly 0 09:00 UTC", "monthly -1 09:00 UTC",
            "weekly mon 09:30 Mars/Olympus", "fortnightly mon 2026-02-30 09:00 UTC", "fortnightly mon 09:00 UTC",
            "milestones mon 09:00 UTC", "daily 09:00 UTC", "weekly  mon 09:30 UTC", "weekly mon 09:30 UTC extra",
        ]
        for text in texts { #expect(CommunicationCadence(text) == nil, "\(text)") }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CommunicationCadence].self, from: Data(#"["weekly mon 25:00 UTC"]"#.utf8))
        }
    }

    @Test func aCadenceValueNamesItsBadParts() {
        let bad = CommunicationCadence(.monthly(day: 40), minuteOfDay: 1_500, timeZone: "Nowhere")
        #expect(bad.issues().map(\.code) == ["outOfRange", "invalidClockTime", "unknownTimeZone"])
        #expect(
            CommunicationCadence(.weekly(weekday: 0), minuteOfDay: 0, timeZone: "UTC").issues().map(\.code) == [
                "invalidWeekday"
            ])
        #expect(CommunicationCadence(.milestones, minuteOfDay: 0, timeZone: "UTC").issues().isEmpty)
    }
}

/// SplitMix64, seeded, so the random tests repeat.
struct ProjectsRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
