import Foundation

/// Where an NPS campaign stands: being prepared (it may be changed or deleted), or sent (its invitations are out;
/// it takes answers until it closes).
public enum NPSSurveyStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case sent

    public var labelKey: String { "nps.status.\(rawValue)" }
}

/// How results are grouped: by the customer's tier, by customer, or by the month an answer was given (UTC).
public enum NPSSegment: String, CaseIterable, Codable, Sendable {
    case tier
    case customer
    case period

    public var labelKey: String { "nps.segment.\(rawValue)" }
}

/// An NPS campaign (净推荐值调查): who is asked (customers of some tiers and chosen customers), an optional
/// introduction shown above the question, and an optional closing time.
public struct NPSSurvey: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var intro: String?
    public var tiers: [CustomerTier]
    public var customerIDs: [UUID]
    public var closesAt: Date?
    public var status: NPSSurveyStatus
    public var sentAt: Date?
    public var invitedCount: Int
    public var answeredCount: Int
    public var createdBy: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, intro: String?, tiers: [CustomerTier], customerIDs: [UUID], closesAt: Date?,
        status: NPSSurveyStatus, sentAt: Date?, invitedCount: Int, answeredCount: Int, createdBy: UUID?,
        version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.intro = intro
        self.tiers = tiers
        self.customerIDs = customerIDs
        self.closesAt = closesAt
        self.status = status
        self.sentAt = sentAt
        self.invitedCount = invitedCount
        self.answeredCount = answeredCount
        self.createdBy = createdBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether answers are refused: closing time reached.
    public func isClosed(at now: Date) -> Bool {
        if let closesAt { return closesAt <= now }
        return false
    }
}

/// A contact who may be asked: one with an email address whose consent to email is not refused.
public enum NPSAudience {
    public static func mayBeAsked(emails: [String], consent: [Channel: Bool]) -> Bool {
        !emails.isEmpty && consent[.email] != false
    }
}
