import FluentKit
import Foundation
import LiaisonCore

/// Writing, approving, publishing and withdrawing announcements. Each step is one write with its audit entry; a
/// customer announcement that comes out is mailed in the same write (one `announcement.email` job per contact).
public enum AnnouncementCommands {
    public static let emailJobKind = "announcement.email"

    public static func create(
        _ input: ValidAnnouncement, viewer: CustomerViewer?, in context: WriteContext, on tx: any Database
    ) async throws -> Announcement {
        try await checkCustomers(input.customerIDs, viewer: viewer, on: tx)
        let model = AnnouncementModel()
        model.id = UUID.timeOrdered()
        model.status = AnnouncementStatus.draft.rawValue
        model.authorID = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        apply(input, to: model, isNew: true, changes: &changes)
        try await model.create(on: tx)
        try await replaceCustomers(of: model, with: input.customerIDs, on: tx)
        try await audit(.announcementCreated, model, changes, context, tx)
        return model.announcement(customers: input.customerIDs)
    }

    /// Changes a draft, a rejected or a withdrawn announcement; it becomes a draft again.
    public static func update(
        id: UUID, with input: ValidAnnouncement, expectedVersion: Int?, viewer: CustomerViewer?,
        in context: WriteContext, on tx: any Database
    ) async throws -> Announcement {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        guard (AnnouncementStatus(rawValue: model.status) ?? .published).isEditable else {
            throw DataError.conflict(reason: AnnouncementRefusal.notEditable.reason)
        }
        let before = try await AnnouncementQueries.customers(of: id, on: tx)
        if Set(before) != Set(input.customerIDs) {
            try await checkCustomers(input.customerIDs.filter { !before.contains($0) }, viewer: viewer, on: tx)
        }
        var changes = AuditChanges()
        apply(input, to: model, isNew: false, changes: &changes)
        if Set(before) != Set(input.customerIDs) {
            changes.field(
                "customerIds", from: before.map(\.idText).joined(separator: ","),
                to: input.customerIDs.map(\.idText).joined(separator: ","))
            try await replaceCustomers(of: model, with: input.customerIDs, on: tx)
        }
        if model.status != AnnouncementStatus.draft.rawValue {
            changes.field("status", from: model.status, to: AnnouncementStatus.draft.rawValue)
            model.status = AnnouncementStatus.draft.rawValue
        }
        guard !changes.isEmpty else { return model.announcement(customers: before) }
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        try await audit(.announcementUpdated, model, changes, context, tx)
        return model.announcement(customers: input.customerIDs)
    }

    /// Publishes it, or sends it to a supervisor first when `needsApproval`.
    public static func submit(
        id: UUID, needsApproval: Bool, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> Announcement {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        let status = AnnouncementStatus(rawValue: model.status) ?? .published
        switch AnnouncementRules.submitted(from: status, needsApproval: needsApproval) {
        case .failure(let refusal):
            throw DataError.conflict(reason: refusal.reason)
        case .success(.pending):
            var changes = AuditChanges()
            changes.field("status", from: model.status, to: AnnouncementStatus.pending.rawValue)
            model.status = AnnouncementStatus.pending.rawValue
            model.rejectionReason = nil
            try await save(model, context, on: tx)
            try await audit(.announcementSubmitted, model, changes, context, tx)
        case .success:
            try await publish(model, in: context, on: tx)
        }
        return model.announcement(customers: try await AnnouncementQueries.customers(of: id, on: tx))
    }

    /// A supervisor's approval (never the author's own): it is published.
    public static func approve(id: UUID, expectedVersion: Int?, in context: WriteContext, on tx: any Database)
        async throws -> Announcement
    {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        if let refusal = AnnouncementRules.mayDecide(
            author: model.authorID, approver: context.actor.userID,
            status: AnnouncementStatus(rawValue: model.status) ?? .draft)
        {
            throw DataError.conflict(reason: refusal.reason)
        }
        model.approvedBy = context.actor.userID
        model.approvedAt = context.now
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: AnnouncementStatus.published.rawValue)
        try await audit(.announcementApproved, model, changes, context, tx)
        try await publish(model, in: context, on: tx)
        return model.announcement(customers: try await AnnouncementQueries.customers(of: id, on: tx))
    }

    /// A supervisor sends it back with a reason.
    public static func reject(
        id: UUID, reason: String, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> Announcement {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        if let refusal = AnnouncementRules.mayDecide(
            author: model.authorID, approver: context.actor.userID,
            status: AnnouncementStatus(rawValue: model.status) ?? .draft)
        {
            throw DataError.conflict(reason: refusal.reason)
        }
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: AnnouncementStatus.rejected.rawValue)
        changes.set("reason", reason)
        model.status = AnnouncementStatus.rejected.rawValue
        model.rejectionReason = reason
        try await save(model, context, on: tx)
        try await audit(.announcementRejected, model, changes, context, tx)
        return model.announcement(customers: try await AnnouncementQueries.customers(of: id, on: tx))
    }

    /// Takes a published announcement down (mail already sent stays sent; mail still queued is not sent).
    public static func withdraw(id: UUID, expectedVersion: Int?, in context: WriteContext, on tx: any Database)
        async throws -> Announcement
    {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        guard model.status == AnnouncementStatus.published.rawValue else {
            throw DataError.conflict(reason: AnnouncementRefusal.notPublished.reason)
        }
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: AnnouncementStatus.withdrawn.rawValue)
        model.status = AnnouncementStatus.withdrawn.rawValue
        try await save(model, context, on: tx)
        try await audit(.announcementWithdrawn, model, changes, context, tx)
        return model.announcement(customers: try await AnnouncementQueries.customers(of: id, on: tx))
    }

    /// Deletes one that is not published (a published one is withdrawn first).
    public static func delete(id: UUID, expectedVersion: Int?, in context: WriteContext, on tx: any Database)
        async throws
    {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        guard model.status != AnnouncementStatus.published.rawValue else {
            throw DataError.conflict(reason: AnnouncementRefusal.notDeletable.reason)
        }
        var changes = AuditChanges()
        changes.field("titleZh", from: model.titleZh, to: nil)
        try await AnnouncementDeliveryModel.query(on: tx).filter(\.$announcementID == id).delete()
        try await AnnouncementCustomerModel.query(on: tx).filter(\.$id == id).delete()
        try await model.delete(on: tx)
        try await audit(.announcementDeleted, model, changes, context, tx)
    }

    /// Queues the mail of a published announcement whose time has come, once (the scheduler's step for
    /// announcements published ahead of time). Returns how many contacts were queued; nil when there was nothing
    /// to do.
    @discardableResult
    public static func mailIfDue(id: UUID, in context: WriteContext, on tx: any Database) async throws -> Int? {
        guard let model = try await AnnouncementModel.find(id, on: tx),
            model.status == AnnouncementStatus.published.rawValue, model.notifiedAt == nil,
            let publishedAt = model.publishedAt, publishedAt <= context.now
        else { return nil }
        let count = try await queueMail(model, in: context, on: tx)
        try await model.update(on: tx)
        return count
    }

    // MARK: Steps

    private static func publish(_ model: AnnouncementModel, in context: WriteContext, on tx: any Database)
        async throws
    {
        let publishedAt = AnnouncementRules.publicationTime(publishAt: model.publishAt, now: context.now)
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: AnnouncementStatus.published.rawValue)
        changes.set("publishedAt", DateText.rfc3339(publishedAt))
        model.status = AnnouncementStatus.published.rawValue
        model.publishedAt = publishedAt
        model.rejectionReason = nil
        model.notifiedAt = nil
        try await audit(.announcementPublished, model, changes, context, tx)
        if publishedAt <= context.now {
            _ = try await queueMail(model, in: context, on: tx)
        }
        try await save(model, context, on: tx)
    }

    /// One delivery row and one job per contact (both unique, so running it again adds nothing); marks the
    /// announcement mailed.
    private static func queueMail(_ model: AnnouncementModel, in context: WriteContext, on tx: any Database)
        async throws -> Int
    {
        model.notifiedAt = context.now
        let audience = AnnouncementAudience(rawValue: model.audience) ?? .selected
        guard audience.isCustomers, let id = model.id else { return 0 }
        let recipients = try await AnnouncementRecipients.list(
            audience: audience, tiers: model.tierList,
            customerIDs: try await AnnouncementQueries.customers(of: id, on: tx), on: tx)
        var queued = 0
        for recipient in recipients {
            if try await AnnouncementDeliveryModel.query(on: tx).filter(\.$announcementID == id)
                .filter(\.$contactID == recipient.contactID).first() != nil
            {
                continue
            }
            let delivery = AnnouncementDeliveryModel()
            delivery.id = UUID.timeOrdered()
            delivery.announcementID = id
            delivery.contactID = recipient.contactID
            delivery.customerID = recipient.customerID
            delivery.email = recipient.email
            delivery.locale = recipient.locale.rawValue
            delivery.status = "queued"
            delivery.createdAt = context.now
            try await delivery.create(on: tx)
            try await JobQueue.enqueue(
                kind: emailJobKind, payload: delivery.id?.idText ?? "", runAt: context.now,
                uniqueKey: delivery.id?.idText, maxAttempts: 6, now: context.now, on: tx)
            queued += 1
        }
        var changes = AuditChanges()
        changes.note("recipients", String(queued))
        try await audit(.announcementMailed, model, changes, context, tx)
        return queued
    }

    private static func save(_ model: AnnouncementModel, _ context: WriteContext, on tx: any Database) async throws {
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
    }

    private static func audit(
        _ action: AuditAction, _ model: AnnouncementModel, _ changes: AuditChanges, _ context: WriteContext,
        _ tx: any Database
    ) async throws {
        try await AuditLog.append(
            action, recordType: .announcement, recordID: model.id?.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    static func find(_ id: UUID, expectedVersion: Int?, on tx: any Database) async throws -> AnnouncementModel {
        guard let model = try await AnnouncementModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    /// Chosen customers must exist, and be ones the writer may know of.
    private static func checkCustomers(_ ids: [UUID], viewer: CustomerViewer?, on tx: any Database) async throws {
        var issues: [ValidationIssue] = []
        for (index, id) in ids.enumerated() {
            let known: Bool
            if let viewer {
                known = try await CustomerQueries.access(id, for: viewer, on: tx) != nil
            } else {
                known = try await CustomerModel.find(id, on: tx).map { $0.deletedAt == nil } ?? false
            }
            if !known { issues.append(ValidationIssue("customerIds[\(index)]", "invalidReference")) }
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }

    private static func replaceCustomers(of model: AnnouncementModel, with ids: [UUID], on tx: any Database)
        async throws
    {
        guard let id = model.id else { return }
        try await AnnouncementCustomerModel.query(on: tx).filter(\.$id == id).delete()
        for customer in ids {
            let row = AnnouncementCustomerModel()
            row.id = id
            row.customerID = customer
            try await row.create(on: tx)
        }
    }

    private static func apply(
        _ input: ValidAnnouncement, to model: AnnouncementModel, isNew: Bool, changes: inout AuditChanges
    ) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        let tiers = AnnouncementModel.store(input.tiers)
        let publishAt = input.publishAt.map(DateText.rfc3339)
        let expiresAt = input.expiresAt.map(DateText.rfc3339)
        field("kind", model.$kind.value, input.kind.rawValue)
        field("audience", model.$audience.value, input.audience.rawValue)
        field("tiers", model.$tiers.value, tiers)
        field("titleZh", model.$titleZh.value, input.titleZh)
        field("titleEn", model.$titleEn.value, input.titleEn)
        field("bodyZh", model.$bodyZh.value, input.bodyZh)
        field("bodyEn", model.$bodyEn.value, input.bodyEn)
        field("publishAt", isNew ? nil : model.publishAt.map(DateText.rfc3339), publishAt)
        field("expiresAt", isNew ? nil : model.expiresAt.map(DateText.rfc3339), expiresAt)
        if isNew { changes.set("customerIds", input.customerIDs.map(\.idText).joined(separator: ",")) }
        model.kind = input.kind.rawValue
        model.audience = input.audience.rawValue
        model.tiers = tiers
        model.titleZh = input.titleZh
        model.titleEn = input.titleEn
        model.bodyZh = input.bodyZh
        model.bodyEn = input.bodyEn
        model.publishAt = input.publishAt
        model.expiresAt = input.expiresAt
    }
}
