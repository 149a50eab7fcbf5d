import FluentKit
import Foundation
import LiaisonCore

/// The mail of an announcement to one contact, as its job sees it.
public enum AnnouncementMail {
    public struct Delivery: Sendable, Equatable {
        public var id: UUID
        public var announcementID: UUID
        public var contactID: UUID
        public var email: String
        public var locale: String
        /// "queued", "sent", "skipped" or "failed".
        public var status: String
    }

    public static func delivery(_ id: UUID, on db: any Database) async throws -> Delivery? {
        guard let model = try await AnnouncementDeliveryModel.find(id, on: db) else { return nil }
        return Delivery(
            id: id, announcementID: model.announcementID, contactID: model.contactID, email: model.email,
            locale: model.locale, status: model.status)
    }

    /// Whether the contact is still there, still has the address and has not refused email since it was queued.
    public static func mayStillMail(_ delivery: Delivery, on db: any Database) async throws -> Bool {
        guard let contact = try await ContactModel.find(delivery.contactID, on: db), contact.deletedAt == nil,
            let value = try? contact.value
        else { return false }
        return value.mayContact(on: .email) && value.emails.contains(delivery.email)
    }

    public static func mark(_ id: UUID, _ status: String, at now: Date, on tx: any Database) async throws {
        guard let model = try await AnnouncementDeliveryModel.find(id, on: tx) else { return }
        model.status = status
        if status == "sent" { model.sentAt = now }
        try await model.update(on: tx)
    }
}
