import Foundation

/// What a nudge (proactive communication) points at: something nobody has done yet that the customer would notice.
public enum NudgeKind: String, CaseIterable, Codable, Sendable {
    /// A customer with an owner whom nobody has contacted for longer than its tier allows.
    case customerQuiet
    /// A request waiting on us past its next-response target.
    case requestWaiting
    /// An open commitment due within the next day.
    case commitmentDueTomorrow
    /// A report, meeting or review of a communication plan due within two days.
    case planOccurrenceDue

    public var labelKey: String { "nudge.kind.\(rawValue)" }
}

/// One nudge for one person: its kind, the record it is about, and the period it belongs to. A nudge is sent once
/// per (kind, subject, period): the period changes when the situation starts again (the customer was contacted and
/// went quiet again, the request got a new target, the commitment a new due time).
public struct Nudge: Sendable, Equatable {
    public var kind: NudgeKind
    public var subjectID: UUID
    public var periodKey: String
    public var recipientID: UUID
    public var customerID: UUID?
    /// The subject's name as people know it (the customer's name, the request's number and subject …).
    public var title: String
    /// The moment that makes it a nudge: when the customer was last contacted, when the request's target passed,
    /// when the commitment or occurrence is due.
    public var since: Date
    /// The project, for a communication-plan occurrence (its page is the project's plan).
    public var projectID: UUID?

    public init(
        kind: NudgeKind, subjectID: UUID, periodKey: String, recipientID: UUID, customerID: UUID?, title: String,
        since: Date, projectID: UUID? = nil
    ) {
        self.kind = kind
        self.subjectID = subjectID
        self.periodKey = periodKey
        self.recipientID = recipientID
        self.customerID = customerID
        self.title = title
        self.since = since
        self.projectID = projectID
    }
}

/// How long a customer of each tier may go without contact before its owner is nudged, and how long before a
/// commitment is due its owner is reminded. Part of the organisation's settings.
public struct FollowUpSettings: Sendable, Equatable {
    public var quietDays: [CustomerTier: Int]
    public var reminderHours: Int

    public static let defaultQuietDays: [CustomerTier: Int] = [.strategic: 14, .key: 30, .standard: 90, .small: 180]
    public static let dayRange = 1...3650
    public static let hourRange = 1...168

    public init(
        quietDays: [CustomerTier: Int] = defaultQuietDays, reminderHours: Int = CommitmentReminder.defaultLeadHours
    ) {
        self.quietDays = quietDays
        self.reminderHours = reminderHours
    }

    /// The days a tier may stay quiet (the default for a tier not set).
    public func days(for tier: CustomerTier) -> Int { quietDays[tier] ?? Self.defaultQuietDays[tier] ?? 90 }

    /// The moment before which the last contact makes a customer of `tier` quiet.
    public func quietSince(_ tier: CustomerTier, now: Date) -> Date {
        now.addingTimeInterval(-Double(days(for: tier)) * 86_400)
    }
}
