import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The writes of announcements, one function each, called by the API and the pages alike.
enum AnnouncementWorkflow {
    static func create(_ valid: ValidAnnouncement, _ request: Request) async throws -> Announcement {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await AnnouncementCommands.create(valid, viewer: viewer, in: context, on: tx)
        }
    }

    static func update(_ id: UUID, _ valid: ValidAnnouncement, expected: Int?, _ request: Request) async throws
        -> Announcement
    {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await AnnouncementCommands.update(
                id: id, with: valid, expectedVersion: expected, viewer: viewer, in: context, on: tx)
        }
    }

    /// Publishes, or sends for approval when the settings ask for it.
    /// Both language versions pass the message check first (addressed to no one customer: any customer's name in an
    /// announcement is another customer's; its dates are a schedule, not promises, so the date findings do not apply).
    static func submit(
        _ current: Announcement, expected: Int?, confirmation: MessageCheckWorkflow.Confirmation? = nil,
        _ request: Request
    ) async throws -> Announcement {
        let needsApproval = try await SettingsStore.read(on: request.db).announcementsNeedApproval
        // An announcement for one customer may name it; one for several or for all names none of them.
        var addressee = MessageCheckQueries.Addressee()
        if current.audience == .selected, current.customerIDs.count == 1, let only = current.customerIDs.first {
            addressee = try await MessageCheckQueries.addressee(customer: only, contact: nil, on: request.db)
        }
        let override = try await MessageCheckWorkflow.clear(
            [
                (
                    [current.titleZh, current.bodyZh].joined(separator: "\n\n"),
                    .init(addressee: addressee, language: .zhHans, ignored: [.date])
                ),
                (
                    [current.titleEn, current.bodyEn].joined(separator: "\n\n"),
                    .init(addressee: addressee, language: .en, ignored: [.date])
                ),
            ], confirmation: confirmation, field: "body", request)
        let context = request.writeContext
        return try await request.write { tx in
            let submitted = try await AnnouncementCommands.submit(
                id: current.id, needsApproval: needsApproval, expectedVersion: expected, in: context, on: tx)
            try await override?.record(
                on: .announcement, id: current.id.idText, by: context.actor, at: context.now, on: tx)
            return submitted
        }
    }

    static func approve(_ id: UUID, expected: Int?, _ request: Request) async throws -> Announcement {
        let context = request.writeContext
        return try await request.write { tx in
            try await AnnouncementCommands.approve(id: id, expectedVersion: expected, in: context, on: tx)
        }
    }

    static func reject(_ id: UUID, reason raw: String?, expected: Int?, _ request: Request) async throws
        -> Announcement
    {
        var v = FieldValidator()
        let reason = v.requiredText("reason", raw, max: AnnouncementLimits.reason, multiline: true)
        try v.check()
        let context = request.writeContext
        return try await request.write { tx in
            try await AnnouncementCommands.reject(
                id: id, reason: reason, expectedVersion: expected, in: context, on: tx)
        }
    }

    static func withdraw(_ id: UUID, expected: Int?, _ request: Request) async throws -> Announcement {
        let context = request.writeContext
        return try await request.write { tx in
            try await AnnouncementCommands.withdraw(id: id, expectedVersion: expected, in: context, on: tx)
        }
    }

    static func delete(_ id: UUID, expected: Int?, _ request: Request) async throws {
        let context = request.writeContext
        try await request.write { tx in
            try await AnnouncementCommands.delete(id: id, expectedVersion: expected, in: context, on: tx)
        }
    }

    /// Who it reaches: before it is mailed, who would be now; after, who was queued and how far each got.
    static func recipients(of announcement: Announcement, _ request: Request) async throws -> RecipientsDTO {
        let all: [AnnouncementRecipient]
        let shown: [AnnouncementRecipient]
        let stage: String
        if announcement.notifiedAt != nil {
            stage = "mailed"
            all = try await AnnouncementRecipients.delivered(announcement.id, on: request.db)
            shown = try await AnnouncementRecipients.delivered(announcement.id, viewer: try request.viewer, on: request.db)
        } else {
            stage = "planned"
            all = try await AnnouncementRecipients.list(
                audience: announcement.audience, tiers: announcement.tiers, customerIDs: announcement.customerIDs,
                on: request.db)
            shown = try await AnnouncementRecipients.list(
                audience: announcement.audience, tiers: announcement.tiers, customerIDs: announcement.customerIDs,
                viewer: try request.viewer, on: request.db)
        }
        return RecipientsDTO(
            stage: stage, count: all.count, hidden: all.count - shown.count,
            items: shown.map {
                RecipientsDTO.Item(
                    contactId: $0.contactID, customerId: $0.customerID, name: $0.contactName,
                    customerName: $0.customerName, email: $0.email, language: $0.locale.rawValue, status: $0.status)
            })
    }

    static func find(_ request: Request) async throws -> Announcement {
        guard let found = try await AnnouncementQueries.find(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return found
    }
}
