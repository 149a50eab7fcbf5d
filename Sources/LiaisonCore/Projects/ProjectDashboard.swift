import Foundation

/// What the project manager and the leads watch (项目看板): the plan's progress (burn-up), the overdue tasks, the
/// milestones, the risks by band, what the communication plan has coming, the reports sent, and how the customer
/// fares (satisfaction and service levels).
public struct ProjectDashboard: Sendable, Equatable, Codable {
    public struct Upcoming: Sendable, Equatable, Codable {
        public var occurrenceId: UUID
        public var dueAt: Date
        public var content: CommunicationContent
        public var topic: String?
        public var channel: Channel
        public var ownerName: String?

        public init(
            occurrenceId: UUID, dueAt: Date, content: CommunicationContent, topic: String?, channel: Channel,
            ownerName: String?
        ) {
            self.occurrenceId = occurrenceId
            self.dueAt = dueAt
            self.content = content
            self.topic = topic
            self.channel = channel
            self.ownerName = ownerName
        }
    }

    /// A meeting of the project still to come.
    public struct MeetingLine: Sendable, Equatable, Codable {
        public var id: UUID
        public var title: String
        public var kind: String
        public var startsAt: Date

        public init(id: UUID, title: String, kind: String, startsAt: Date) {
            self.id = id
            self.title = title
            self.kind = kind
            self.startsAt = startsAt
        }
    }

    /// The customer's side: satisfaction over the last 90 days, and the requests open now.
    public struct CustomerState: Sendable, Equatable, Codable {
        public var csatAverage: Double?
        public var csatCount: Int
        public var openRequests: Int
        /// Open requests past a service-level target.
        public var breachedRequests: Int

        public init(csatAverage: Double? = nil, csatCount: Int = 0, openRequests: Int = 0, breachedRequests: Int = 0) {
            self.csatAverage = csatAverage
            self.csatCount = csatCount
            self.openRequests = openRequests
            self.breachedRequests = breachedRequests
        }
    }

    public var tasksTotal: Int
    public var tasksDone: Int
    public var overdueCount: Int
    /// The overdue tasks, the longest overdue first (at most `maxLines`).
    public var overdue: [ProgressReportFacts.TaskLine]
    public var milestones: [ProgressReportFacts.MilestoneLine]
    public var burnUp: [BurnUpChart.Point]
    /// Open and mitigated risks by band (`low`, `medium`, `high`, `critical`).
    public var risksByLevel: [String: Int]
    public var openIssues: Int
    /// The communication plan's occurrences due in the next fortnight.
    public var upcoming: [Upcoming]
    /// The project's scheduled meetings in the next fortnight.
    public var meetings: [MeetingLine]
    public var communicationMissed: Int
    public var reportsSent: Int
    public var reportsOnTime: Int
    public var lastReportSentAt: Date?
    public var customer: CustomerState

    public static let maxLines = 20
    /// How far ahead the communication plan's coming occurrences are shown.
    public static let upcomingDays = 14

    public init(
        tasksTotal: Int = 0, tasksDone: Int = 0, overdueCount: Int = 0, overdue: [ProgressReportFacts.TaskLine] = [],
        milestones: [ProgressReportFacts.MilestoneLine] = [], burnUp: [BurnUpChart.Point] = [],
        risksByLevel: [String: Int] = [:], openIssues: Int = 0, upcoming: [Upcoming] = [], meetings: [MeetingLine] = [],
        communicationMissed: Int = 0, reportsSent: Int = 0, reportsOnTime: Int = 0, lastReportSentAt: Date? = nil,
        customer: CustomerState = .init()
    ) {
        self.tasksTotal = tasksTotal
        self.tasksDone = tasksDone
        self.overdueCount = overdueCount
        self.overdue = overdue
        self.milestones = milestones
        self.burnUp = burnUp
        self.risksByLevel = risksByLevel
        self.openIssues = openIssues
        self.upcoming = upcoming
        self.meetings = meetings
        self.communicationMissed = communicationMissed
        self.reportsSent = reportsSent
        self.reportsOnTime = reportsOnTime
        self.lastReportSentAt = lastReportSentAt
        self.customer = customer
    }

    /// The plan's part from its tasks as read (cancelled ones left out): totals, overdue (open, due before
    /// `today`), the burn-up from the project's `start` (or its first due day) to its `end` (or its last due day,
    /// whichever comes later), and the milestones' states on `today`.
    public static func plan(
        tasks: [ProgressReportDraft.TaskRecord], milestones: [ProgressReportDraft.MilestoneRecord], today: LocalDate,
        zone: TimeZone, start: LocalDate?, end: LocalDate?
    ) -> ProjectDashboard {
        var board = ProjectDashboard()
        let planned = tasks.filter { $0.status != .cancelled }
        board.tasksTotal = planned.count
        let done = planned.filter { $0.status == .done }
        board.tasksDone = done.count
        let overdue = planned.filter { $0.status != .done && ($0.dueOn.map { $0 < today } ?? false) }
            .sorted { ($0.dueOn ?? today, $0.name) < ($1.dueOn ?? today, $1.name) }
        board.overdueCount = overdue.count
        board.overdue = overdue.prefix(maxLines).map {
            .init(id: $0.id, name: $0.name, ownerName: $0.ownerName, dueOn: $0.dueOn, doneOn: nil, late: true)
        }
        board.milestones = milestones.map { milestone in
            .init(
                name: milestone.name, date: milestone.date,
                state: milestone.reached ? .reached : milestone.date < today ? .missed : .coming)
        }.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
        let dues = planned.compactMap(\.dueOn)
        let doneDays = done.compactMap { $0.doneAt.map { LocalDate.of($0, in: zone) } }
        let first = [start, dues.min()].compactMap { $0 }.min() ?? today
        let last = max([end, dues.max()].compactMap { $0 }.max() ?? today, first)
        board.burnUp = BurnUpChart.points(dueDays: planned.map(\.dueOn), doneDays: doneDays, from: first, to: last)
        return board
    }
}
