import Foundation

/// Drafting a progress report's facts from the project's records as read, a pure function so that the rules are
/// tested without a database: the caller reads the project's tasks, milestones, risks, issues and the customer's
/// requests, and this sorts them into what the period saw.
public enum ProgressReportDraft {
    /// A task as read for a report.
    public struct TaskRecord: Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var ownerName: String?
        public var dueOn: LocalDate?
        public var status: TaskStatus
        public var doneAt: Date?

        public init(id: UUID, name: String, ownerName: String?, dueOn: LocalDate?, status: TaskStatus, doneAt: Date?) {
            self.id = id
            self.name = name
            self.ownerName = ownerName
            self.dueOn = dueOn
            self.status = status
            self.doneAt = doneAt
        }
    }

    public struct MilestoneRecord: Sendable, Equatable {
        public var name: String
        public var date: LocalDate
        public var reached: Bool

        public init(name: String, date: LocalDate, reached: Bool) {
            self.name = name
            self.date = date
            self.reached = reached
        }
    }

    /// A request of the customer as read for a report.
    public struct RequestRecord: Sendable, Equatable {
        public var id: UUID
        public var number: Int64
        public var subject: String
        public var status: RequestStatus
        public var createdAt: Date
        public var resolvedAt: Date?
        public var breached: Bool

        public init(
            id: UUID, number: Int64, subject: String, status: RequestStatus, createdAt: Date, resolvedAt: Date?,
            breached: Bool
        ) {
            self.id = id
            self.number = number
            self.subject = subject
            self.status = status
            self.createdAt = createdAt
            self.resolvedAt = resolvedAt
            self.breached = breached
        }
    }

    /// How far ahead the next steps and the coming milestones look.
    public static let nextStepDays = 14
    public static let comingMilestoneDays = 30

    /// The facts of `period`: days are read on the organisation's clock (`zone`).
    public static func facts(
        period: ReportPeriod, zone: TimeZone, tasks: [TaskRecord], milestones: [MilestoneRecord], risks: [Risk],
        issues: [ProjectIssue], requests: [RequestRecord], ownerNames: [UUID: String] = [:]
    ) -> ProgressReportFacts {
        var facts = ProgressReportFacts()
        let planned = tasks.filter { $0.status != .cancelled }
        facts.tasksTotal = planned.count
        facts.tasksDoneTotal = planned.filter { $0.status == .done }.count
        func day(_ date: Date) -> LocalDate { LocalDate.of(date, in: zone) }
        func line(_ task: TaskRecord, doneOn: LocalDate?, late: Bool) -> ProgressReportFacts.TaskLine {
            .init(id: task.id, name: task.name, ownerName: task.ownerName, dueOn: task.dueOn, doneOn: doneOn, late: late)
        }
        for task in planned {
            if task.status == .done, let doneAt = task.doneAt {
                let doneOn = day(doneAt)
                if doneOn >= period.start && doneOn <= period.end {
                    facts.tasksDone.append(line(task, doneOn: doneOn, late: task.dueOn.map { doneOn > $0 } ?? false))
                }
            } else if task.status != .done, let due = task.dueOn {
                if due < period.end {
                    facts.tasksLate.append(line(task, doneOn: nil, late: true))
                } else if due <= period.end.adding(days: nextStepDays) {
                    facts.tasksNext.append(line(task, doneOn: nil, late: false))
                }
            }
        }
        let never = LocalDate(year: 1, month: 1, day: 1)
        facts.tasksDone.sort { ($0.doneOn ?? never, $0.name) < ($1.doneOn ?? never, $1.name) }
        facts.tasksLate.sort { ($0.dueOn ?? never, $0.name) < ($1.dueOn ?? never, $1.name) }
        facts.tasksNext.sort { ($0.dueOn ?? never, $0.name) < ($1.dueOn ?? never, $1.name) }
        let horizon = period.end.adding(days: comingMilestoneDays)
        facts.milestones = milestones.compactMap { milestone in
            if milestone.reached {
                return milestone.date >= period.start && milestone.date <= period.end
                    ? .init(name: milestone.name, date: milestone.date, state: .reached) : nil
            }
            if milestone.date <= period.end { return .init(name: milestone.name, date: milestone.date, state: .missed) }
            if milestone.date <= horizon { return .init(name: milestone.name, date: milestone.date, state: .coming) }
            return nil
        }.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
        facts.risks = risks.filter(\.status.isActive)
            .sorted { ($0.score.value, $1.createdAt) > ($1.score.value, $0.createdAt) }
            .map {
                .init(
                    id: $0.id, title: $0.title, score: $0.score.value, level: $0.score.level, mitigation: $0.mitigation,
                    ownerName: $0.ownerID.flatMap { ownerNames[$0] })
            }
        facts.issues = issues.filter(\.status.isOpen)
            .sorted { (severityRank($0.severity), $1.createdAt) > (severityRank($1.severity), $0.createdAt) }
            .map {
                .init(
                    id: $0.id, title: $0.title, severity: $0.severity, status: $0.status, resolution: $0.resolution,
                    dueOn: $0.dueOn)
            }
        for request in requests {
            let opened = day(request.createdAt)
            guard opened <= period.end else { continue }
            if opened >= period.start { facts.requests.opened += 1 }
            let resolvedOn = request.resolvedAt.map(day)
            if let resolvedOn, resolvedOn >= period.start, resolvedOn <= period.end { facts.requests.resolved += 1 }
            let openAtEnd = request.status.isOpen || (resolvedOn.map { $0 > period.end } ?? false)
            if openAtEnd {
                facts.requests.open += 1
                if request.breached { facts.requests.breached += 1 }
                facts.openRequests.append(
                    .init(
                        id: request.id, number: request.number, subject: request.subject,
                        status: request.status.rawValue, breached: request.breached))
            }
        }
        facts.openRequests.sort { ($0.breached ? 0 : 1, $0.number) < ($1.breached ? 0 : 1, $1.number) }
        let cap = ProgressReportFacts.maxLines
        facts.tasksDone = Array(facts.tasksDone.prefix(cap))
        facts.tasksLate = Array(facts.tasksLate.prefix(cap))
        facts.tasksNext = Array(facts.tasksNext.prefix(cap))
        facts.milestones = Array(facts.milestones.prefix(cap))
        facts.risks = Array(facts.risks.prefix(cap))
        facts.issues = Array(facts.issues.prefix(cap))
        facts.openRequests = Array(facts.openRequests.prefix(cap))
        return facts
    }

    static func severityRank(_ severity: ProjectIssueSeverity) -> Int {
        ProjectIssueSeverity.allCases.firstIndex(of: severity) ?? 0
    }

    /// The next steps a new draft proposes, one line per coming task: "2026-05-04 Name (Owner)".
    public static func nextStepsText(_ facts: ProgressReportFacts) -> String {
        facts.tasksNext.map { task in
            [task.dueOn?.description, task.name, task.ownerName.map { "(\($0))" }].compactMap { $0 }
                .joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The problems a new draft proposes: each open issue with its resolution, each high or critical risk with its
    /// mitigation, so that the customer hears of problems together with the proposed solution.
    public static func problemsText(_ facts: ProgressReportFacts) -> String {
        let issues = facts.issues.map { issue in
            issue.title + (issue.resolution.map { " → " + $0 } ?? "")
        }
        let risks = facts.risks.filter { $0.level >= .high }.map { risk in
            risk.title + (risk.mitigation.map { " → " + $0 } ?? "")
        }
        return (issues + risks).joined(separator: "\n")
    }
}
