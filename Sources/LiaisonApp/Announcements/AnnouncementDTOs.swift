import Fluent
import Foundation
import LiaisonCore
import Vapor

/// An announcement in the API.
struct AnnouncementDTO: Content {
    var id: UUID
    var kind: String
    var audience: String
    var tiers: [String]
    /// The chosen customers the reader may know of.
    var customerIds: [UUID]
    /// Chosen customers the reader may not know of: counted, not named.
    var hiddenCustomers: Int
    var titleZh: String
    var titleEn: String
    var bodyZh: String
    var bodyEn: String
    var status: String
    var publishAt: Date?
    var expiresAt: Date?
    var publishedAt: Date?
    var visible: Bool
    var authorId: UUID?
    var approvedBy: UUID?
    var approvedAt: Date?
    var rejectionReason: String?
    var mailedAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ a: Announcement, now: Date, known: Set<UUID>) {
        id = a.id
        kind = a.kind.rawValue
        audience = a.audience.rawValue
        tiers = a.tiers.map(\.rawValue)
        customerIds = a.customerIDs.filter(known.contains)
        hiddenCustomers = a.customerIDs.count - customerIds.count
        titleZh = a.titleZh
        titleEn = a.titleEn
        bodyZh = a.bodyZh
        bodyEn = a.bodyEn
        status = a.status.rawValue
        publishAt = a.publishAt
        expiresAt = a.expiresAt
        publishedAt = a.publishedAt
        visible = a.isVisible(at: now)
        authorId = a.authorID
        approvedBy = a.approvedBy
        approvedAt = a.approvedAt
        rejectionReason = a.rejectionReason
        mailedAt = a.notifiedAt
        version = a.version
        createdAt = a.createdAt
        updatedAt = a.updatedAt
    }
}

/// The body of a create or an update; on an update a field left out keeps its value, and an empty `publishAt` or
/// `expiresAt` clears it.
struct AnnouncementBody: Content {
    var kind: String?
    var audience: String?
    var tiers: [String]?
    var customerIds: [String]?
    var titleZh: String?
    var titleEn: String?
    var bodyZh: String?
    var bodyEn: String?
    var publishAt: String?
    var expiresAt: String?

    /// `hidden`: chosen customers the caller may not know of, kept whatever the caller sends (they cannot name
    /// them, so they cannot mean to remove them).
    func input(over current: Announcement? = nil, hidden: [UUID] = []) -> AnnouncementInput {
        AnnouncementInput(
            kind: kind ?? current?.kind.rawValue, audience: audience ?? current?.audience.rawValue,
            tiers: tiers ?? current?.tiers.map(\.rawValue),
            customerIDs: customerIds.map { $0 + hidden.map(\.uuidString) }
                ?? current?.customerIDs.map(\.uuidString), titleZh: titleZh ?? current?.titleZh,
            titleEn: titleEn ?? current?.titleEn, bodyZh: bodyZh ?? current?.bodyZh, bodyEn: bodyEn ?? current?.bodyEn,
            publishAt: publishAt ?? current?.publishAt.map(DateText.rfc3339),
            expiresAt: expiresAt ?? current?.expiresAt.map(DateText.rfc3339))
    }
}

/// Who an announcement reaches by mail: all of them counted, those the reader may know of listed.
struct RecipientsDTO: Content {
    struct Item: Content {
        var contactId: UUID
        var customerId: UUID
        var name: String
        var customerName: String
        var email: String
        var language: String
        var status: String?
    }

    /// Before publication: who would be mailed now; after: who was queued.
    var stage: String
    var count: Int
    /// Recipients of customers the reader may not know of: counted, not listed.
    var hidden: Int
    var items: [Item]
}
