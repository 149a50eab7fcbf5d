import Foundation

/// A progress report as entered (API body or form). On creation a period left out runs from the day after the last
/// report's end (the first report: the week up to today, not before the project's start) to today; on an update a
/// field left out keeps its value.
public struct ProgressReportInput: Sendable, Equatable {
    public var periodStart: String?
    public var periodEnd: String?
    public var title: String?
    public var summary: String?
    public var problems: String?
    public var nextSteps: String?

    public init(
        periodStart: String? = nil, periodEnd: String? = nil, title: String? = nil, summary: String? = nil,
        problems: String? = nil, nextSteps: String? = nil
    ) {
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.title = title
        self.summary = summary
        self.problems = problems
        self.nextSteps = nextSteps
    }

    public static let maxTitle = 200
    public static let maxText = 20_000

    /// Every field checked at once, the period against `today` (in the organisation's time zone): a report tells
    /// what happened, so its period may not end after today, and it covers at most a quarter.
    public func validated(today: LocalDate) throws(ValidationFailure) -> ValidProgressReport {
        var v = FieldValidator()
        let start = v.day("periodStart", periodStart)
        let end = v.day("periodEnd", periodEnd)
        let title = v.optionalText("title", title, max: Self.maxTitle)
        let summary = v.optionalText("summary", summary, max: Self.maxText, multiline: true)
        let problems = v.optionalText("problems", problems, max: Self.maxText, multiline: true)
        let nextSteps = v.optionalText("nextSteps", nextSteps, max: Self.maxText, multiline: true)
        Self.checkPeriod(start: start, end: end, today: today, &v)
        try v.check()
        return ValidProgressReport(
            periodStart: start, periodEnd: end, title: title, summary: summary, problems: problems,
            nextSteps: nextSteps)
    }

    /// The period's rules, for a period as entered and for one completed with defaults.
    public static func checkPeriod(start: LocalDate?, end: LocalDate?, today: LocalDate, _ v: inout FieldValidator) {
        if let start, start > today { v.add("periodStart", "reportPeriodFuture", [today.description]) }
        if let end, end > today { v.add("periodEnd", "reportPeriodFuture", [today.description]) }
        if let start, let end {
            if end < start {
                v.add("periodEnd", "reportEndBeforeStart")
            } else if start.adding(days: ReportPeriod.maxDays) <= end {
                v.add("periodEnd", "reportPeriodTooLong", [String(ReportPeriod.maxDays)])
            }
        }
    }
}

/// A checked report input; nil fields were left out.
public struct ValidProgressReport: Sendable, Equatable {
    public var periodStart: LocalDate?
    public var periodEnd: LocalDate?
    public var title: String?
    public var summary: String?
    public var problems: String?
    public var nextSteps: String?
}

/// Sending a report, or telling the customer of a risk or an issue: to whom (the contacts of the customer; left
/// out, the customer-side audiences of the communication plan), and, for a report, which occurrence of the plan it
/// delivers (left out, the one due most recently, up to three days ahead).
public struct CustomerMessageInput: Sendable, Equatable {
    public var contactIDs: [String]?
    public var occurrenceID: String?
    /// What to tell the customer (telling of a risk or an issue only).
    public var message: String?

    public init(contactIDs: [String]? = nil, occurrenceID: String? = nil, message: String? = nil) {
        self.contactIDs = contactIDs
        self.occurrenceID = occurrenceID
        self.message = message
    }

    public static let maxContacts = 50

    public struct Valid: Sendable, Equatable {
        public var contactIDs: [UUID]?
        public var occurrenceID: UUID?
        public var message: String?
    }

    /// `needsMessage`: telling of a risk or an issue, where the words are the point.
    public func validated(needsMessage: Bool) throws(ValidationFailure) -> Valid {
        var v = FieldValidator()
        var ids: [UUID]?
        if let contactIDs {
            if contactIDs.count > Self.maxContacts {
                v.add("contactIds", "tooMany", [String(Self.maxContacts)])
            }
            var seen: [UUID] = []
            for raw in contactIDs.prefix(Self.maxContacts) {
                guard let id = v.requiredReference("contactIds", raw) else { continue }
                if !seen.contains(id) { seen.append(id) }
            }
            ids = seen
        }
        let occurrence = v.reference("occurrenceId", occurrenceID)
        let message =
            needsMessage
            ? v.requiredText("message", message, max: ProgressReportInput.maxText, multiline: true)
            : v.optionalText("message", message, max: ProgressReportInput.maxText, multiline: true)
        try v.check()
        return Valid(contactIDs: ids, occurrenceID: occurrence, message: message)
    }
}
