import Foundation
import Testing

@testable import LiaisonCore

/// Drafting a report's facts: which tasks count as done in the period, late or next; milestones reached, missed
/// or coming; active risks by score; open issues by severity; the customer's requests as they stood at the end.
@Suite struct ProgressReportDraftTests {
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    let period = ReportPeriod(start: LocalDate("2026-09-14")!, end: LocalDate("2026-09-20")!)

    func at(_ text: String) -> Date { (try? DateText.moment(text)) ?? .distantPast }

    func task(_ name: String, due: String?, _ status: TaskStatus, doneAt: String? = nil) -> ProgressReportDraft.TaskRecord {
        .init(
            id: UUID(), name: name, ownerName: nil, dueOn: due.flatMap(LocalDate.init), status: status,
            doneAt: doneAt.map(at))
    }

    @Test func tasksAreSortedIntoDoneLateAndNext() {
        let tasks = [
            // Done on Sunday 20th at 23:30 Shanghai (15:30 UTC): inside the period, a day late.
            task("联调", due: "2026-09-19", .done, doneAt: "2026-09-20T15:30:00Z"),
            // Done on Monday 21st Shanghai time (16:30 UTC on the 20th): after the period.
            task("部署", due: "2026-09-25", .done, doneAt: "2026-09-20T16:30:00Z"),
            task("迁移", due: "2026-09-10", .inProgress),
            task("培训", due: "2026-09-30", .notStarted),
            task("验收", due: "2026-12-01", .notStarted),
            task("取消的", due: "2026-09-01", .cancelled),
        ]
        let facts = ProgressReportDraft.facts(
            period: period, zone: zone, tasks: tasks, milestones: [], risks: [], issues: [], requests: [])
        #expect(facts.tasksTotal == 5)
        #expect(facts.tasksDoneTotal == 2)
        #expect(facts.percentDone == 40)
        #expect(facts.tasksDone.map(\.name) == ["联调"])
        #expect(facts.tasksDone.first?.late == true)
        #expect(facts.tasksDone.first?.doneOn == LocalDate("2026-09-20"))
        #expect(facts.tasksLate.map(\.name) == ["迁移"])
        #expect(facts.tasksNext.map(\.name) == ["培训"])
        #expect(ProgressReportDraft.nextStepsText(facts) == "2026-09-30 培训")
    }

    @Test func milestonesRisksIssuesAndRequests() {
        let now = at("2026-09-01T00:00:00Z")
        let milestones: [ProgressReportDraft.MilestoneRecord] = [
            .init(name: "上线", date: LocalDate("2026-09-15")!, reached: true),
            .init(name: "设计评审", date: LocalDate("2026-09-01")!, reached: false),
            .init(name: "验收", date: LocalDate("2026-10-10")!, reached: false),
            .init(name: "年终", date: LocalDate("2026-12-31")!, reached: false),
            .init(name: "早已达成", date: LocalDate("2026-08-01")!, reached: true),
        ]
        func risk(_ title: String, _ p: Int, _ i: Int, _ status: RiskStatus) -> Risk {
            Risk(
                id: UUID(), projectID: UUID(), title: title, description: nil,
                score: RiskScore(probability: p, impact: i), ownerID: nil, mitigation: "措施", contingency: nil,
                dueOn: nil, status: status, issueID: nil, toldAt: nil, version: 1, createdAt: now, updatedAt: now)
        }
        func issue(_ title: String, _ severity: ProjectIssueSeverity, _ status: ProjectIssueStatus) -> ProjectIssue {
            ProjectIssue(
                id: UUID(), projectID: UUID(), title: title, description: nil, severity: severity, ownerID: nil,
                resolution: nil, dueOn: nil, status: status, riskID: nil, toldAt: nil, version: 1, createdAt: now,
                updatedAt: now)
        }
        func request(_ number: Int64, opened: String, resolved: String?, _ status: RequestStatus, breached: Bool = false)
            -> ProgressReportDraft.RequestRecord
        {
            .init(
                id: UUID(), number: number, subject: "请求 \(number)", status: status, createdAt: at(opened),
                resolvedAt: resolved.map(at), breached: breached)
        }
        let facts = ProgressReportDraft.facts(
            period: period, zone: zone, tasks: [], milestones: milestones,
            risks: [risk("小", 1, 2, .open), risk("大", 5, 4, .mitigating), risk("已关", 5, 5, .closed)],
            issues: [issue("一般", .low, .open), issue("严重", .critical, .inProgress), issue("已解决", .high, .resolved)],
            requests: [
                request(1, opened: "2026-09-15T02:00:00Z", resolved: "2026-09-16T02:00:00Z", .resolved),
                request(2, opened: "2026-09-10T02:00:00Z", resolved: nil, .open, breached: true),
                // Resolved after the period: still open at its end.
                request(3, opened: "2026-09-18T02:00:00Z", resolved: "2026-09-22T02:00:00Z", .closed),
                // Opened after the period: not in it.
                request(4, opened: "2026-09-21T02:00:00Z", resolved: nil, .new),
            ])
        #expect(facts.milestones.map(\.name) == ["设计评审", "上线", "验收"])
        #expect(facts.milestones.map(\.state) == [.missed, .reached, .coming])
        #expect(facts.risks.map(\.title) == ["大", "小"])
        #expect(facts.issues.map(\.title) == ["严重", "一般"])
        #expect(facts.requests == .init(opened: 2, resolved: 1, open: 2, breached: 1))
        #expect(facts.openRequests.map(\.number) == [2, 3])
        #expect(ProgressReportDraft.problemsText(facts) == "严重\n一般\n大 → 措施")
    }

    @Test func aPeriodInTheFutureOrBackwardsOrTooLongIsRefused() {
        let today = LocalDate("2026-09-21")!
        func codes(_ start: String, _ end: String) -> [String] {
            do {
                _ = try ProgressReportInput(periodStart: start, periodEnd: end).validated(today: today)
                return []
            } catch { return error.issues.map(\.code) }
        }
        #expect(codes("2026-09-14", "2026-09-21") == [])
        #expect(codes("2026-09-14", "2026-09-22") == ["reportPeriodFuture"])
        #expect(codes("2026-09-20", "2026-09-14") == ["reportEndBeforeStart"])
        #expect(codes("2026-01-01", "2026-09-21") == ["reportPeriodTooLong"])
        #expect(codes("2026-02-30", "2026-09-21") == ["invalidDate"])
    }
}
