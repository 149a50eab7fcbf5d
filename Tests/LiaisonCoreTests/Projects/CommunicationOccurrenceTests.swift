import Foundation
import Testing

@testable import LiaisonCore

@Suite struct CommunicationOccurrenceTests {
    let due = Date(timeIntervalSince1970: 1_773_388_800)  // 2026-03-13T08:00:00Z, Fri 16:00 in Shanghai
    let hour: TimeInterval = 3_600

    func decide(
        _ state: OccurrenceState = .scheduled, reminded: Bool = false, lead: TimeInterval = 86_400, at now: Date
    )
        -> OccurrenceSweep.Decision
    {
        OccurrenceSweep.decide(due: due, state: state, reminded: reminded, leadTime: lead, now: now)
    }

    @Test func beforeTheLeadTimeNothingHappensUntilTheReminderIsDue() {
        let decision = decide(at: due.addingTimeInterval(-48 * hour))
        #expect(decision == .init(remind: false, markMissed: false, nextCheck: due.addingTimeInterval(-24 * hour)))
    }

    @Test func withinTheLeadTimeTheOwnerIsRemindedOnce() {
        #expect(
            decide(at: due.addingTimeInterval(-24 * hour)) == .init(remind: true, markMissed: false, nextCheck: due))
        #expect(decide(at: due.addingTimeInterval(-hour)) == .init(remind: true, markMissed: false, nextCheck: due))
        #expect(
            decide(reminded: true, at: due.addingTimeInterval(-hour))
                == .init(remind: false, markMissed: false, nextCheck: due))
    }

    @Test func atTheDueTimeAnOccurrenceNotDoneIsMissedWithoutAReminder() {
        #expect(decide(at: due) == .init(remind: false, markMissed: true, nextCheck: nil))
        #expect(
            decide(reminded: true, at: due.addingTimeInterval(hour))
                == .init(remind: false, markMissed: true, nextCheck: nil))
    }

    @Test func doneAndMissedOccurrencesAreLeftAlone() {
        #expect(decide(.done, at: due.addingTimeInterval(hour)) == .nothing)
        #expect(decide(.missed, at: due.addingTimeInterval(hour)) == .nothing)
        #expect(decide(.done, at: due.addingTimeInterval(-hour)) == .nothing)
    }

    @Test func withoutALeadTimeThereIsNoReminder() {
        #expect(
            decide(lead: 0, at: due.addingTimeInterval(-hour))
                == .init(remind: false, markMissed: false, nextCheck: due))
        #expect(
            decide(lead: -5, at: due.addingTimeInterval(-hour))
                == .init(remind: false, markMissed: false, nextCheck: due))
    }

    @Test func onlyAScheduledOccurrenceMoves() {
        #expect(OccurrenceState.scheduled.canMove(to: .done) && OccurrenceState.scheduled.canMove(to: .missed))
        #expect(!OccurrenceState.missed.canMove(to: .done) && !OccurrenceState.done.canMove(to: .missed))
        #expect(!OccurrenceState.scheduled.canMove(to: .scheduled))
        #expect(
            OccurrenceState.allCases.map(\.labelKey) == [
                "commplan.occurrence.scheduled", "commplan.occurrence.done", "commplan.occurrence.missed",
            ])
    }

    @Test func aPassCreatesTheOccurrencesThatComeIntoView() throws {
        let weekly = try #require(CommunicationCadence("weekly fri 16:00 Asia/Shanghai"))
        let agreed = due.addingTimeInterval(-5 * 24 * hour)  // Sun Mar 8
        // On Mar 10 with three days' look-ahead, Friday's is not yet in view; on Mar 11 it is.
        #expect(
            OccurrenceSweep.dueToCreate(
                cadence: weekly, after: agreed, now: due.addingTimeInterval(-75 * hour), lookAhead: 72 * hour
            ).isEmpty)
        #expect(
            OccurrenceSweep.dueToCreate(
                cadence: weekly, after: agreed, now: due.addingTimeInterval(-72 * hour), lookAhead: 72 * hour) == [due])
        // After a three-week pause every occurrence meanwhile is created, to be marked missed.
        let late = OccurrenceSweep.dueToCreate(
            cadence: weekly, after: agreed, now: due.addingTimeInterval(21 * 24 * hour), lookAhead: 0)
        #expect(late == (0...3).map { due.addingTimeInterval(Double($0) * 7 * 24 * hour) })
        #expect(
            OccurrenceSweep.nextRowCheck(cadence: weekly, after: due, lookAhead: 72 * hour)
                == due.addingTimeInterval(4 * 24 * hour))
        let milestones = try #require(CommunicationCadence("milestones 09:00 UTC"))
        #expect(OccurrenceSweep.nextRowCheck(cadence: milestones, after: due, lookAhead: 0, milestones: []) == nil)
    }

    /// A weekly report swept every hour for three weeks: done in the first week, forgotten in the second and
    /// third. Each occurrence is reminded once; the forgotten ones are marked missed once, at their due time.
    @Test func aWeeklyReportSweptHourlyIsRemindedOnceAndMissedWhenNotDone() throws {
        let weekly = try #require(CommunicationCadence("weekly fri 16:00 Asia/Shanghai"))
        struct Occurrence {
            var due: Date
            var state = OccurrenceState.scheduled
            var reminders = 0
            var missedAt: Date?
        }
        var occurrences: [Occurrence] = []
        var last = due.addingTimeInterval(-5 * 24 * hour)
        var now = last
        let end = due.addingTimeInterval(15 * 24 * hour)
        while now <= end {
            for next in OccurrenceSweep.dueToCreate(cadence: weekly, after: last, now: now, lookAhead: 48 * hour) {
                occurrences.append(Occurrence(due: next))
                last = next
            }
            for index in occurrences.indices {
                // The owner sends the first report an hour early.
                if index == 0, occurrences[0].state == .scheduled, now >= due.addingTimeInterval(-hour) {
                    occurrences[0].state = .done
                }
                let decision = OccurrenceSweep.decide(
                    due: occurrences[index].due, state: occurrences[index].state,
                    reminded: occurrences[index].reminders > 0, leadTime: 24 * hour, now: now)
                if decision.remind { occurrences[index].reminders += 1 }
                if decision.markMissed {
                    occurrences[index].state = .missed
                    occurrences[index].missedAt = now
                }
            }
            now.addTimeInterval(hour)
        }
        #expect(occurrences.map(\.due) == (0...2).map { due.addingTimeInterval(Double($0) * 7 * 24 * hour) })
        #expect(occurrences.map(\.state) == [.done, .missed, .missed])
        #expect(occurrences.map(\.reminders) == [1, 1, 1])
        #expect(occurrences.map(\.missedAt) == [nil, occurrences[1].due, occurrences[2].due])
    }
}
