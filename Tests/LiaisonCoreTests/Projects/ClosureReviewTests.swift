import Foundation
import Testing

@testable import LiaisonCore

/// The closure review's rules: how a task, a milestone and a communication occurrence count (on time, late, missed),
/// when a review may be finalised, the evaluation form's checks, improvement actions' moves and the reminder's two
/// notices, each once.
@Suite struct ClosureReviewRulesTests {
    let today = LocalDate(year: 2026, month: 9, day: 21)
    let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T13:33:20Z, 21:33 in Shanghai
    let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    func day(_ text: String) -> LocalDate { LocalDate(text) ?? LocalDate(year: 2000, month: 1, day: 1) }

    @Test func aTaskIsLateOnlyWhenDoneAfterItsDueDay() {
        var facts = ClosureReviewFacts(periodStart: now, periodEnd: now, computedAt: now)
        facts.addTask(status: .done, due: day("2026-09-10"), doneOn: day("2026-09-10"), today: today)
        facts.addTask(status: .done, due: day("2026-09-10"), doneOn: day("2026-09-11"), today: today)
        facts.addTask(status: .inProgress, due: day("2026-09-20"), doneOn: nil, today: today)
        facts.addTask(status: .blocked, due: day("2026-09-21"), doneOn: nil, today: today)
        facts.addTask(status: .cancelled, due: day("2026-09-01"), doneOn: nil, today: today)
        facts.addTask(status: .done, due: nil, doneOn: today, today: today)
        #expect(facts.tasks.total == 5)
        #expect(facts.tasks.doneOnTime == 1 && facts.tasks.doneLate == 1)
        #expect(facts.tasks.open == 2 && facts.tasks.overdue == 1 && facts.tasks.cancelled == 1)
    }

    @Test func aMilestoneIsMissedOnceItsDayHasPassedUnreached() {
        var facts = ClosureReviewFacts(periodStart: now, periodEnd: now, computedAt: now)
        facts.addMilestone(date: day("2026-09-01"), reached: true, reachedOn: day("2026-09-01"), today: today)
        facts.addMilestone(date: day("2026-09-01"), reached: true, reachedOn: day("2026-09-02"), today: today)
        facts.addMilestone(date: day("2026-09-20"), reached: false, reachedOn: nil, today: today)
        facts.addMilestone(date: today, reached: false, reachedOn: nil, today: today)
        #expect(facts.milestones.met == 1 && facts.milestones.metLate == 1)
        #expect(facts.milestones.missed == 1 && facts.milestones.upcoming == 1)
    }

    @Test func occurrencesCountOnlyOnceDueAndReportsApart() {
        var facts = ClosureReviewFacts(periodStart: now, periodEnd: now, computedAt: now)
        facts.addOccurrence(state: .done, due: now, doneAt: now.addingTimeInterval(-60), isReport: true)
        facts.addOccurrence(state: .done, due: now, doneAt: now.addingTimeInterval(60), isReport: false)
        facts.addOccurrence(state: .missed, due: now, doneAt: nil, isReport: true)
        facts.addOccurrence(state: .scheduled, due: now, doneAt: nil, isReport: true)
        #expect(
            facts.communication
                == {
                    var c = ClosureReviewFacts.Communication()
                    (c.due, c.doneOnTime, c.doneLate, c.missed) = (3, 1, 1, 1)
                    return c
                }())
        #expect(facts.reportOccurrences.due == 2 && facts.reportOccurrences.missed == 1)
        #expect(facts.reports == nil && facts.changeRequests == nil)
    }

    @Test func aReviewIsFinalisedOnlyWhenTheProjectIsClosingOrClosed() {
        #expect(ProjectStatus.allCases.filter(ReviewStatus.mayFinalise) == [.closing, .closed])
    }

    @Test func anEvaluationNeedsEveryScoreFromOneToFive() throws {
        let bad = CustomerEvaluationInput(scores: ["overall": "0", "communication": " ", "quality": "五"], comment: nil)
        #expect(throws: ValidationFailure.self) { try bad.validated() }
        do { _ = try bad.validated() } catch {
            #expect(
                Dictionary(uniqueKeysWithValues: error.issues.map { ($0.field, $0.code) }) == [
                    "overall": "outOfRange", "communication": "required", "quality": "outOfRange",
                    "timeliness": "required",
                ])
        }
        let good = try CustomerEvaluationInput(
            scores: ["overall": "5", "communication": "4", "quality": " 3 ", "timeliness": "1"], comment: " 很好 "
        ).validated()
        #expect(good.scores == [.overall: 5, .communication: 4, .quality: 3, .timeliness: 1])
        #expect(good.comment == "很好")
    }

    @Test func improvementActionsMoveToDoneAndAreTakenUpAgainOnlyAsInProgress() {
        #expect(ImprovementStatus.open.canMove(to: .done))
        #expect(ImprovementStatus.inProgress.canMove(to: .cancelled))
        #expect(!ImprovementStatus.inProgress.canMove(to: .open))
        #expect(!ImprovementStatus.done.canMove(to: .open))
        #expect(ImprovementStatus.done.canMove(to: .inProgress))
        #expect(ImprovementNumber.format(12) == "IA-12")
    }

    @Test func theOwnerIsToldTheDayBeforeAndTheDayAfterEachOnce() {
        let due = day("2026-09-23")
        func decide(_ at: Date, soon: Bool = false, overdue: Bool = false, status: ImprovementStatus = .open)
            -> (ImprovementReminder.Notice?, Date?)
        {
            let d = ImprovementReminder.decide(
                status: status, dueOn: due, remindedDueSoon: soon, remindedOverdue: overdue, now: at, in: shanghai)
            return (d.notice, d.nextCheck)
        }
        let dayBefore = ImprovementReminder.start(of: day("2026-09-22"), in: shanghai)
        let dayAfter = ImprovementReminder.start(of: day("2026-09-24"), in: shanghai)
        #expect(dayBefore == Date(timeIntervalSince1970: 1_790_006_400))  // 2026-09-21T16:00Z
        #expect(decide(now) == (nil, dayBefore))
        #expect(decide(dayBefore) == (.dueSoon, dayAfter))
        #expect(decide(dayBefore, soon: true) == (nil, dayAfter))
        #expect(decide(dayAfter, soon: true) == (.overdue, nil))
        #expect(decide(dayAfter, soon: true, overdue: true) == (nil, nil))
        #expect(decide(dayAfter, status: .done) == (nil, nil))
    }
}
