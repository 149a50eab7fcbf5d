import Foundation

/// Where a progress report (进展报告) stands: a draft the project manager edits, or sent to the customer and kept as
/// sent (never changed again).
public enum ProgressReportStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case sent

    public var labelKey: String { "report.status.\(rawValue)" }
}

/// The days a report covers, both included.
public struct ReportPeriod: Sendable, Equatable, Codable {
    public var start: LocalDate
    public var end: LocalDate

    public init(start: LocalDate, end: LocalDate) {
        self.start = start
        self.end = end
    }

    /// The longest period one report covers: a quarter.
    public static let maxDays = 92
}

/// What the live data said about a project for a report's period, drafted when the report is created (and again
/// on "refresh" while it is a draft), frozen when it is sent.
public struct ProgressReportFacts: Sendable, Equatable, Codable {
    /// A task of the work plan as a report shows it.
    public struct TaskLine: Sendable, Equatable, Codable {
        public var id: UUID
        public var name: String
        public var ownerName: String?
        public var dueOn: LocalDate?
        public var doneOn: LocalDate?
        /// Done after its due day, or still open after it.
        public var late: Bool

        public init(id: UUID, name: String, ownerName: String?, dueOn: LocalDate?, doneOn: LocalDate?, late: Bool) {
            self.id = id
            self.name = name
            self.ownerName = ownerName
            self.dueOn = dueOn
            self.doneOn = doneOn
            self.late = late
        }
    }

    /// Where a milestone stood at the end of the period.
    public enum MilestoneState: String, Sendable, Equatable, Codable {
        case reached
        case missed
        case coming

        public var labelKey: String { "report.milestone.\(rawValue)" }
    }

    public struct MilestoneLine: Sendable, Equatable, Codable {
        public var name: String
        public var date: LocalDate
        public var state: MilestoneState

        public init(name: String, date: LocalDate, state: MilestoneState) {
            self.name = name
            self.date = date
            self.state = state
        }
    }

    public struct RiskLine: Sendable, Equatable, Codable {
        public var id: UUID
        public var title: String
        public var score: Int
        public var level: RiskScore.Level
        public var mitigation: String?
        public var ownerName: String?

        public init(id: UUID, title: String, score: Int, level: RiskScore.Level, mitigation: String?, ownerName: String?) {
            self.id = id
            self.title = title
            self.score = score
            self.level = level
            self.mitigation = mitigation
            self.ownerName = ownerName
        }
    }

    public struct IssueLine: Sendable, Equatable, Codable {
        public var id: UUID
        public var title: String
        public var severity: ProjectIssueSeverity
        public var status: ProjectIssueStatus
        public var resolution: String?
        public var dueOn: LocalDate?

        public init(
            id: UUID, title: String, severity: ProjectIssueSeverity, status: ProjectIssueStatus, resolution: String?,
            dueOn: LocalDate?
        ) {
            self.id = id
            self.title = title
            self.severity = severity
            self.status = status
            self.resolution = resolution
            self.dueOn = dueOn
        }
    }

    /// The customer's requests: how many were opened and resolved in the period, how many are open at its end,
    /// and how many of those missed a service-level target.
    public struct RequestTotals: Sendable, Equatable, Codable {
        public var opened: Int
        public var resolved: Int
        public var open: Int
        public var breached: Int

        public init(opened: Int = 0, resolved: Int = 0, open: Int = 0, breached: Int = 0) {
            self.opened = opened
            self.resolved = resolved
            self.open = open
            self.breached = breached
        }
    }

    public struct RequestLine: Sendable, Equatable, Codable {
        public var id: UUID
        public var number: Int64
        public var subject: String
        public var status: String
        public var breached: Bool

        public init(id: UUID, number: Int64, subject: String, status: String, breached: Bool) {
            self.id = id
            self.number = number
            self.subject = subject
            self.status = status
            self.breached = breached
        }
    }

    /// Tasks of the plan (cancelled ones left out) and how many are done.
    public var tasksTotal: Int
    public var tasksDoneTotal: Int
    /// Done in the period.
    public var tasksDone: [TaskLine]
    /// Open at the period's end and past their due day.
    public var tasksLate: [TaskLine]
    /// Open tasks due in the fortnight after the period: the next steps.
    public var tasksNext: [TaskLine]
    /// Milestones due in the period, missed before it and still not reached, or coming in the next month.
    public var milestones: [MilestoneLine]
    /// Open and mitigated risks, the highest score first.
    public var risks: [RiskLine]
    /// Open issues, the most severe first.
    public var issues: [IssueLine]
    public var requests: RequestTotals
    /// The requests still open at the period's end (at most `maxLines`).
    public var openRequests: [RequestLine]

    /// The most lines a list of a report holds; the totals count everything.
    public static let maxLines = 50

    public init(
        tasksTotal: Int = 0, tasksDoneTotal: Int = 0, tasksDone: [TaskLine] = [], tasksLate: [TaskLine] = [],
        tasksNext: [TaskLine] = [], milestones: [MilestoneLine] = [], risks: [RiskLine] = [],
        issues: [IssueLine] = [], requests: RequestTotals = .init(), openRequests: [RequestLine] = []
    ) {
        self.tasksTotal = tasksTotal
        self.tasksDoneTotal = tasksDoneTotal
        self.tasksDone = tasksDone
        self.tasksLate = tasksLate
        self.tasksNext = tasksNext
        self.milestones = milestones
        self.risks = risks
        self.issues = issues
        self.requests = requests
        self.openRequests = openRequests
    }

    /// Done tasks as a share of the plan, 0…100 (0 for an empty plan).
    public var percentDone: Int { tasksTotal == 0 ? 0 : tasksDoneTotal * 100 / tasksTotal }
}

/// Who a sent report (or a message telling the customer of a risk) went to.
public struct ReportRecipient: Sendable, Equatable, Codable {
    public var contactID: UUID
    public var name: String
    /// The address it was mailed to; nil when the contact has none (the portal only).
    public var email: String?

    public init(contactID: UUID, name: String, email: String?) {
        self.contactID = contactID
        self.name = name
        self.email = email
    }
}

/// A project's progress report (进展报告).
public struct ProgressReport: Sendable, Equatable {
    public var id: UUID
    public var projectID: UUID
    /// 1, 2, 3… within the project ("PR-3").
    public var number: Int
    public var period: ReportPeriod
    public var status: ProgressReportStatus
    public var title: String
    /// The project manager's words: the summary, the problems with the proposed solutions, the next steps.
    public var summary: String
    public var problems: String
    public var nextSteps: String
    public var facts: ProgressReportFacts
    public var factsAt: Date
    public var recipients: [ReportRecipient]
    public var sentAt: Date?
    public var sentBy: UUID?
    /// The communication-plan occurrence the report delivered, and whether it went by its due time.
    public var occurrenceID: UUID?
    public var onTime: Bool?
    /// The interaction that records the sending on the customer's timeline.
    public var interactionID: UUID?
    public var createdBy: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, number: Int, period: ReportPeriod, status: ProgressReportStatus, title: String,
        summary: String, problems: String, nextSteps: String, facts: ProgressReportFacts, factsAt: Date,
        recipients: [ReportRecipient], sentAt: Date?, sentBy: UUID?, occurrenceID: UUID?, onTime: Bool?,
        interactionID: UUID?, createdBy: UUID?, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.period = period
        self.status = status
        self.title = title
        self.summary = summary
        self.problems = problems
        self.nextSteps = nextSteps
        self.facts = facts
        self.factsAt = factsAt
        self.recipients = recipients
        self.sentAt = sentAt
        self.sentBy = sentBy
        self.occurrenceID = occurrenceID
        self.onTime = onTime
        self.interactionID = interactionID
        self.createdBy = createdBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var numberText: String { "PR-\(number)" }
}
