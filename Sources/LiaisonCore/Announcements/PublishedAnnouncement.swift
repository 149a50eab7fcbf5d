import Foundation

/// A published announcement as readers see it (the public site, the customer portal, the feed): both languages,
/// so a page picks the reader's with `title(in:)` and `body(in:)`. The body is Markdown, rendered safely by the
/// page (`#markdown`).
public struct PublishedAnnouncement: Sendable, Equatable, Identifiable, Codable {
    public var id: UUID
    public var kind: AnnouncementKind
    public var titleZh: String
    public var titleEn: String
    public var bodyZh: String
    public var bodyEn: String
    public var publishedAt: Date
    public var expiresAt: Date?
    public var updatedAt: Date

    public init(
        id: UUID, kind: AnnouncementKind, titleZh: String, titleEn: String, bodyZh: String, bodyEn: String,
        publishedAt: Date, expiresAt: Date?, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.titleZh = titleZh
        self.titleEn = titleEn
        self.bodyZh = bodyZh
        self.bodyEn = bodyEn
        self.publishedAt = publishedAt
        self.expiresAt = expiresAt
        self.updatedAt = updatedAt
    }

    public func title(in locale: AppLocale) -> String { locale == .en ? titleEn : titleZh }
    public func body(in locale: AppLocale) -> String { locale == .en ? bodyEn : bodyZh }
}

/// A contact an announcement is (or was) mailed to.
public struct AnnouncementRecipient: Sendable, Equatable {
    public var contactID: UUID
    public var customerID: UUID
    public var contactName: String
    public var customerName: String
    public var email: String
    public var locale: AppLocale
    /// For mail already queued: "queued", "sent" or "skipped"; nil before publication.
    public var status: String?

    public init(
        contactID: UUID, customerID: UUID, contactName: String, customerName: String, email: String, locale: AppLocale,
        status: String? = nil
    ) {
        self.contactID = contactID
        self.customerID = customerID
        self.contactName = contactName
        self.customerName = customerName
        self.email = email
        self.locale = locale
        self.status = status
    }
}
