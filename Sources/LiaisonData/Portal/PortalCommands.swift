import FluentKit
import Foundation
import LiaisonCore

/// What a contact does in the portal, each checked against the contact's own requests inside the write: another
/// customer's request is "not found", whatever its id.
public enum PortalCommands {
    /// Closes a request the contact is done with (an open one, or a resolved one it confirms).
    public static func close(_ id: UUID, for viewer: PortalViewer, in context: WriteContext, on tx: any Database)
        async throws -> ServiceRequest
    {
        let found = try await visible(id, for: viewer, on: tx)
        guard PortalRules.mayClose(found.status) else { throw DataError.conflict(reason: "badTransition") }
        return try await RequestCommands.changeStatus(id, to: .closed, expectedVersion: nil, in: context, on: tx)
    }

    /// Opens a resolved or closed request again, within `days` of its resolution.
    public static func reopen(
        _ id: UUID, days: Int, for viewer: PortalViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        let found = try await visible(id, for: viewer, on: tx)
        guard found.mergedIntoID == nil,
            PortalRules.mayReopen(
                found.status, resolvedAt: found.resolvedAt, closedAt: found.closedAt, now: context.now, days: days)
        else { throw DataError.conflict(reason: "reopenWindowPassed") }
        return try await RequestCommands.changeStatus(id, to: .open, expectedVersion: nil, in: context, on: tx)
    }

    /// Records the contact's satisfaction with a resolved request, once. Any survey link sent for it is used up.
    public static func rate(
        _ id: UUID, score: Int, comment: String?, for viewer: PortalViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ServiceRequest {
        let found = try await visible(id, for: viewer, on: tx)
        guard PortalRules.mayRate(found.status, resolvedAt: found.resolvedAt, rated: found.satisfaction != nil) else {
            throw DataError.conflict(reason: found.satisfaction != nil ? "alreadyRated" : "notResolved")
        }
        guard let model = try await RequestModel.load(id, on: tx) else { throw DataError.notFound }
        model.csatScore = score
        model.csatComment = comment
        model.csatAt = context.now
        model.version += 1
        model.updatedAt = context.now
        try await model.save(on: tx)
        try await SurveyTokenModel.query(on: tx).filter(\.$requestID == id).filter(\.$usedAt == nil)
            .set(\.$usedAt, to: context.now).update()
        var changes = AuditChanges()
        changes.set("score", String(score))
        changes.note("channel", Channel.portal.rawValue)
        if comment != nil { changes.note("comment", "given") }
        try await AuditLog.append(
            .satisfactionRated, recordType: .request, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        LiveEvents.announce(.requestChanged(id, customer: model.customerID))
        return try model.value
    }

    /// The contact's own name and language.
    public static func updateProfile(
        name: String, locale: AppLocale?, for viewer: PortalViewer, in context: WriteContext, on tx: any Database
    ) async throws {
        guard let user = try await UserModel.find(viewer.userID, on: tx),
            let contact = try await ContactModel.find(viewer.contactID, on: tx), contact.deletedAt == nil
        else { throw DataError.notFound }
        var changes = AuditChanges()
        changes.field("name", from: contact.name, to: name)
        changes.field("locale", from: user.locale, to: locale?.rawValue)
        guard !changes.isEmpty else { return }
        let (now, actor) = (context.now, context.actor)
        if contact.name != name || (locale != nil && contact.preferredLanguage != locale?.rawValue) {
            let renamed = contact.name != name
            contact.name = name
            contact.sortKey = SortKey.make(name)
            if let locale { contact.preferredLanguage = locale.rawValue }
            contact.version += 1
            contact.updatedAt = now
            try await contact.update(on: tx)
            if renamed, let customer = try await CustomerModel.find(contact.customerID, on: tx) {
                try await ContactCommands.index(contact, customer: customer, on: tx)
            }
        }
        user.name = name
        user.sortKey = SortKey.make(name)
        user.locale = locale?.rawValue
        user.version += 1
        user.updatedAt = now
        try await user.update(on: tx)
        try await AuditLog.append(
            .portalProfileChanged, recordType: .contact, recordID: viewer.contactID.idText, changes: changes,
            by: actor, at: now, on: tx)
    }

    /// The request when the contact may see it, read inside the write.
    public static func visible(_ id: UUID, for viewer: PortalViewer, on tx: any Database) async throws
        -> PortalRequest
    {
        guard let found = try await PortalQueries.request(id, for: viewer, on: tx) else { throw DataError.notFound }
        return found
    }
}
