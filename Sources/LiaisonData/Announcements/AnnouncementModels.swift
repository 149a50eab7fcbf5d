import FluentKit
import Foundation
import LiaisonCore

final class AnnouncementModel: Model, @unchecked Sendable {
    static let schema = "announcements"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "audience") var audience: String
    /// The chosen tiers between commas (",key,strategic,"), or "" when none.
    @Field(key: "tiers") var tiers: String
    @Field(key: "title_zh") var titleZh: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "body_zh") var bodyZh: String
    @Field(key: "body_en") var bodyEn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "publish_at") var publishAt: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "author_id") var authorID: UUID?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "rejection_reason") var rejectionReason: String?
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var tierList: [CustomerTier] { Self.tiers(tiers) }

    static func tiers(_ stored: String) -> [CustomerTier] {
        stored.split(separator: ",").compactMap { CustomerTier(rawValue: String($0)) }
    }

    static func store(_ tiers: [CustomerTier]) -> String {
        tiers.isEmpty ? "" : "," + tiers.map(\.rawValue).joined(separator: ",") + ","
    }

    func announcement(customers: [UUID]) -> Announcement {
        Announcement(
            id: id ?? UUID(), kind: AnnouncementKind(rawValue: kind) ?? .news,
            audience: AnnouncementAudience(rawValue: audience) ?? .selected, tiers: tierList, customerIDs: customers,
            titleZh: titleZh, titleEn: titleEn, bodyZh: bodyZh, bodyEn: bodyEn,
            status: AnnouncementStatus(rawValue: status) ?? .draft, publishAt: publishAt, expiresAt: expiresAt,
            publishedAt: publishedAt, authorID: authorID, approvedBy: approvedBy, approvedAt: approvedAt,
            rejectionReason: rejectionReason, notifiedAt: notifiedAt, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}

final class AnnouncementCustomerModel: Model, @unchecked Sendable {
    static let schema = "announcement_customers"

    @ID(custom: "announcement_id", generatedBy: .user) var id: UUID?
    @Field(key: "customer_id") var customerID: UUID

    init() {}
}

final class AnnouncementDeliveryModel: Model, @unchecked Sendable {
    static let schema = "announcement_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "announcement_id") var announcementID: UUID
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "email") var email: String
    @Field(key: "locale") var locale: String
    /// "queued", "sent" or "skipped".
    @Field(key: "status") var status: String
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
