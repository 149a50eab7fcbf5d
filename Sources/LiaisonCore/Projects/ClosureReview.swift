import Foundation

/// Where a project's closure review (项目总结) stands: a `draft` whose facts are worked out live each time it is
/// read, or `final`, its facts frozen when it was finalised so that the review does not change afterwards.
public enum ReviewStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case final

    public var labelKey: String { "review.status.\(rawValue)" }

    /// The project statuses in which a review may be finalised: the closure work, or after it.
    public static func mayFinalise(_ project: ProjectStatus) -> Bool { project == .closing || project == .closed }
}

/// What happened in a project, joined from its records: the facts a closure review starts from. Every count is
/// over the project's own records, or, for requests and satisfaction, over its customer's in the project's period
/// (`periodStart` to `periodEnd`).
public struct ClosureReviewFacts: Codable, Sendable, Equatable {
    /// Tasks with a due day, by when they were done (the day of `done_at` on the organisation's clock).
    public struct Tasks: Codable, Sendable, Equatable {
        public var total = 0
        public var doneOnTime = 0
        public var doneLate = 0
        /// Not done yet (cancelled tasks are left out); `overdue` of them past their due day.
        public var open = 0
        public var overdue = 0
        public var cancelled = 0
        public init() {}
    }

    /// Milestones: reached by their day, reached after it, or not reached though their day has passed.
    public struct Milestones: Codable, Sendable, Equatable {
        public var total = 0
        public var met = 0
        public var metLate = 0
        public var missed = 0
        public var upcoming = 0
        public init() {}
    }

    /// Communication-plan occurrences that were due: done by their due time, done after it, or missed.
    public struct Communication: Codable, Sendable, Equatable {
        public var due = 0
        public var doneOnTime = 0
        public var doneLate = 0
        public var missed = 0
        public init() {}
    }

    /// Progress reports sent to the customer, and those that delivered the communication plan's occurrence by its
    /// due time (`reportOccurrences` counts the plan's side: occurrences done on time, late or missed).
    public struct ReportFacts: Codable, Sendable, Equatable {
        public var sent = 0
        public var sentOnTime = 0
        public init(sent: Int, sentOnTime: Int) {
            self.sent = sent
            self.sentOnTime = sentOnTime
        }
    }

    /// The project's change requests: raised (all but those withdrawn), approved and rejected by the customer.
    public struct ChangeRequestFacts: Codable, Sendable, Equatable {
        public var raised = 0
        public var approved = 0
        public var rejected = 0
        public init(raised: Int, approved: Int, rejected: Int) {
            self.raised = raised
            self.approved = approved
            self.rejected = rejected
        }
    }

    /// The customer's requests opened in the project's period and how their SLA went (the breaches the SLA sweep
    /// stored on each request; merged requests are left out).
    public struct SLA: Codable, Sendable, Equatable {
        public var requests = 0
        /// Resolved or closed with no SLA target breached.
        public var met = 0
        /// At least one target (first response, next response, resolution) breached.
        public var breached = 0
        /// Still open, nothing breached so far.
        public var open = 0
        public init() {}
    }

    /// Satisfaction of the customer's contacts in the project's period: CSAT ratings of requests (1–5) and NPS
    /// answers (0–10).
    public struct Satisfaction: Codable, Sendable, Equatable {
        public var csatCount = 0
        /// The average rating, to two places; nil without ratings.
        public var csatAverage: Double?
        public var npsCount = 0
        /// −100…100; nil without answers.
        public var nps: Int?
        public init() {}
    }

    /// Risks that happened (became issues) and how the project's issues stand.
    public struct Risks: Codable, Sendable, Equatable {
        public var risks = 0
        public var occurred = 0
        public var issues = 0
        public var issuesOpen = 0
        public var issuesResolved = 0
        public init() {}
    }

    public var periodStart: Date
    public var periodEnd: Date
    public var computedAt: Date
    public var tasks = Tasks()
    public var milestones = Milestones()
    public var communication = Communication()
    /// The communication-plan occurrences whose row's content is a progress report (a part of `communication`).
    public var reportOccurrences = Communication()
    /// The progress reports sent (nil in a review finalised before reports were counted).
    public var reports: ReportFacts?
    /// The change requests (nil in a review finalised before they were counted).
    public var changeRequests: ChangeRequestFacts?
    public var sla = SLA()
    public var satisfaction = Satisfaction()
    public var risks = Risks()

    public init(periodStart: Date, periodEnd: Date, computedAt: Date) {
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.computedAt = computedAt
    }

    /// Classifies a task: its due day, its status and, when done, the day it was done.
    public mutating func addTask(status: TaskStatus, due: LocalDate?, doneOn: LocalDate?, today: LocalDate) {
        guard let due else { return }
        tasks.total += 1
        switch status {
        case .cancelled: tasks.cancelled += 1
        case .done:
            if let doneOn, doneOn > due { tasks.doneLate += 1 } else { tasks.doneOnTime += 1 }
        default:
            tasks.open += 1
            if today > due { tasks.overdue += 1 }
        }
    }

    /// Classifies a milestone by its day, whether it is reached and the day it was.
    public mutating func addMilestone(date: LocalDate, reached: Bool, reachedOn: LocalDate?, today: LocalDate) {
        milestones.total += 1
        if reached {
            if let reachedOn, reachedOn > date { milestones.metLate += 1 } else { milestones.met += 1 }
        } else if today > date {
            milestones.missed += 1
        } else {
            milestones.upcoming += 1
        }
    }

    /// Classifies a communication occurrence that was due (scheduled ones not yet due are not counted).
    public mutating func addOccurrence(state: OccurrenceState, due: Date, doneAt: Date?, isReport: Bool) {
        func add(_ part: inout Communication) {
            switch state {
            case .scheduled: return
            case .missed: part.missed += 1
            case .done: if let doneAt, doneAt > due { part.doneLate += 1 } else { part.doneOnTime += 1 }
            }
            part.due += 1
        }
        add(&communication)
        if isReport { add(&reportOccurrences) }
    }
}

/// A project's closure review: the team's notes on what went well and what fell short, the lessons, and, once
/// final, the facts as they were then.
public struct ProjectReview: Sendable, Equatable {
    public var projectID: UUID
    public var wentWell: String
    public var fellShort: String
    public var lessons: String
    public var status: ReviewStatus
    /// The frozen facts of a final review; nil for a draft.
    public var frozenFacts: ClosureReviewFacts?
    public var finalisedBy: UUID?
    public var finalisedAt: Date?
    /// 0 for a review never written (a draft shown from the live facts only).
    public var version: Int
    public var updatedAt: Date?

    public init(
        projectID: UUID, wentWell: String = "", fellShort: String = "", lessons: String = "",
        status: ReviewStatus = .draft, frozenFacts: ClosureReviewFacts? = nil, finalisedBy: UUID? = nil,
        finalisedAt: Date? = nil, version: Int = 0, updatedAt: Date? = nil
    ) {
        self.projectID = projectID
        self.wentWell = wentWell
        self.fellShort = fellShort
        self.lessons = lessons
        self.status = status
        self.frozenFacts = frozenFacts
        self.finalisedBy = finalisedBy
        self.finalisedAt = finalisedAt
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// The review's notes as entered; a field left out keeps its value.
public struct ProjectReviewInput: Sendable, Equatable {
    public var wentWell: String?
    public var fellShort: String?
    public var lessons: String?

    public init(wentWell: String? = nil, fellShort: String? = nil, lessons: String? = nil) {
        self.wentWell = wentWell
        self.fellShort = fellShort
        self.lessons = lessons
    }

    public static let maxText = 20_000

    public func validated() throws(ValidationFailure) -> ValidReviewNotes {
        var v = FieldValidator()
        let wentWell = v.optionalText("wentWell", wentWell, max: Self.maxText, multiline: true)
        let fellShort = v.optionalText("fellShort", fellShort, max: Self.maxText, multiline: true)
        let lessons = v.optionalText("lessons", lessons, max: Self.maxText, multiline: true)
        try v.check()
        return ValidReviewNotes(wentWell: wentWell ?? "", fellShort: fellShort ?? "", lessons: lessons ?? "")
    }
}

public struct ValidReviewNotes: Sendable, Equatable {
    public var wentWell: String
    public var fellShort: String
    public var lessons: String
}
