import Foundation

/// What an announcement is about.
public enum AnnouncementKind: String, CaseIterable, Codable, Sendable {
    case news
    case productUpdate
    case maintenance

    public var labelKey: String { "announcementKind.\(rawValue)" }
}

/// Who an announcement is for: everyone (the public site), every customer, or chosen tiers and customers.
public enum AnnouncementAudience: String, CaseIterable, Codable, Sendable {
    case `public`
    case allCustomers
    case selected

    public var labelKey: String { "announcementAudience.\(rawValue)" }
    /// Customer audiences are mailed to their contacts when the announcement comes out.
    public var isCustomers: Bool { self != .public }
}

/// Where an announcement stands. A published one is visible from `publishAt` until `expiresAt`.
public enum AnnouncementStatus: String, CaseIterable, Codable, Sendable {
    case draft
    /// Waiting for a supervisor's approval.
    case pending
    /// Sent back by the approver, with a reason; edited, it becomes a draft again.
    case rejected
    case published
    case withdrawn

    public var labelKey: String { "announcementStatus.\(rawValue)" }
    /// Whose text and audience may still change (a published one is withdrawn first).
    public var isEditable: Bool { self == .draft || self == .rejected || self == .withdrawn }
}

/// An announcement as shown to staff.
public struct Announcement: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var kind: AnnouncementKind
    public var audience: AnnouncementAudience
    public var tiers: [CustomerTier]
    public var customerIDs: [UUID]
    public var titleZh: String
    public var titleEn: String
    public var bodyZh: String
    public var bodyEn: String
    public var status: AnnouncementStatus
    public var publishAt: Date?
    public var expiresAt: Date?
    /// When it came out (or will: the later of the publication and `publishAt`).
    public var publishedAt: Date?
    public var authorID: UUID?
    public var approvedBy: UUID?
    public var approvedAt: Date?
    public var rejectionReason: String?
    /// When its customers' contacts were queued for mail (nil: not yet, or a public one).
    public var notifiedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, kind: AnnouncementKind, audience: AnnouncementAudience, tiers: [CustomerTier], customerIDs: [UUID],
        titleZh: String, titleEn: String, bodyZh: String, bodyEn: String, status: AnnouncementStatus,
        publishAt: Date?, expiresAt: Date?, publishedAt: Date?, authorID: UUID?, approvedBy: UUID?,
        approvedAt: Date?, rejectionReason: String?, notifiedAt: Date?, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.audience = audience
        self.tiers = tiers
        self.customerIDs = customerIDs
        self.titleZh = titleZh
        self.titleEn = titleEn
        self.bodyZh = bodyZh
        self.bodyEn = bodyEn
        self.status = status
        self.publishAt = publishAt
        self.expiresAt = expiresAt
        self.publishedAt = publishedAt
        self.authorID = authorID
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.rejectionReason = rejectionReason
        self.notifiedAt = notifiedAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func title(in locale: AppLocale) -> String { locale == .en ? titleEn : titleZh }
    public func body(in locale: AppLocale) -> String { locale == .en ? bodyEn : bodyZh }

    /// Whether readers see it at `now`: published, its time come and not yet expired.
    public func isVisible(at now: Date) -> Bool {
        AnnouncementRules.isVisible(status: status, publishedAt: publishedAt, expiresAt: expiresAt, at: now)
    }
}

/// The rules of an announcement's life, without a database.
public enum AnnouncementRules {
    public static func isVisible(status: AnnouncementStatus, publishedAt: Date?, expiresAt: Date?, at now: Date) -> Bool {
        guard status == .published, let publishedAt, publishedAt <= now else { return false }
        if let expiresAt, expiresAt <= now { return false }
        return true
    }

    /// What submitting leads to: straight to publication, or to a supervisor first.
    public static func submitted(from status: AnnouncementStatus, needsApproval: Bool) -> Result<
        AnnouncementStatus, AnnouncementRefusal
    > {
        guard status == .draft || status == .rejected || status == .withdrawn else { return .failure(.notSubmittable) }
        return .success(needsApproval ? .pending : .published)
    }

    /// Whether `approver` may approve or reject an announcement written by `author`: never their own.
    public static func mayDecide(author: UUID?, approver: UUID?, status: AnnouncementStatus) -> AnnouncementRefusal? {
        guard status == .pending else { return .notPending }
        if let author, author == approver { return .ownAnnouncement }
        return nil
    }

    /// The moment it comes out when published at `now`: its `publishAt` when later.
    public static func publicationTime(publishAt: Date?, now: Date) -> Date {
        guard let publishAt, publishAt > now else { return now }
        return publishAt
    }

    /// Whether a customer of `tier` (its id `customerID`) is in an audience.
    public static func reaches(
        audience: AnnouncementAudience, tiers: [CustomerTier], customerIDs: [UUID], customerID: UUID,
        tier: CustomerTier
    ) -> Bool {
        switch audience {
        case .public, .allCustomers: true
        case .selected: tiers.contains(tier) || customerIDs.contains(customerID)
        }
    }
}

/// Why an announcement cannot move as asked; each names a catalog message (`conflict.announcement.<raw value>`).
public enum AnnouncementRefusal: String, Error, Sendable, CaseIterable {
    case notEditable
    case notSubmittable
    case notPending
    case ownAnnouncement
    case notPublished
    case notDeletable

    public var reason: String { "announcement.\(rawValue)" }
}
