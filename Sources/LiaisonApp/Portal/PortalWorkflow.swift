import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The portal's writes and lookups, one path each for its pages and its API: every one goes through the signed-in
/// contact's `PortalViewer`, so another customer's ids are "not found".
enum PortalWorkflow {
    /// The signed-in contact; refused when the account's contact or customer is gone.
    static func viewer(_ request: Request) async throws -> PortalViewer {
        guard let person = request.principal?.person,
            let viewer = try await PortalQueries.viewer(for: person, on: request.db)
        else { throw AppError.forbidden }
        return viewer
    }

    static func request(_ id: UUID, for viewer: PortalViewer, _ request: Request) async throws -> PortalRequest {
        guard let found = try await PortalQueries.request(id, for: viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    /// The request named by the page's `:number` (R-000123 or 123).
    static func request(number text: String?, for viewer: PortalViewer, _ request: Request) async throws
        -> PortalRequest
    {
        guard let text, let number = RequestNumber.parse(text) ?? Int(text), number > 0, number < Int(Int32.max),
            let found = try await PortalQueries.request(number: number, for: viewer, on: request.db)
        else { throw AppError.notFound }
        return found
    }

    /// Opens a request as the contact, with its first file when one came with it (checked and stored first: a
    /// refused file loses nothing and writes nothing).
    static func open(
        _ input: PortalRequestInput, file: AttachmentUpload.PreparedFile?, for viewer: PortalViewer, _ request: Request
    ) async throws -> PortalRequest {
        let valid = try input.validated(customerID: viewer.customerID, contactID: viewer.contactID)
        let context = request.writeContext
        let prepared = await RequestCommands.prepare(valid, in: context, on: request.db)
        return PortalRequest(try await request.write { tx in
            let created = try await RequestCommands.create(prepared, in: context, on: tx)
            if let file, let opening = try await RequestConversation.list(created.id, includeInternal: false, on: tx).first {
                _ = try await file.record(
                    customerID: viewer.customerID, messageID: opening.id, by: context.actor, at: context.now, on: tx)
            }
            return created
        })
    }

    /// The contact's reply, with a file when one came with it.
    static func reply(
        body: String?, file: AttachmentUpload.PreparedFile?, to found: PortalRequest, for viewer: PortalViewer,
        _ request: Request
    ) async throws -> RequestMessage {
        var v = FieldValidator()
        let text = v.requiredText("body", body, max: 100_000, multiline: true)
        try v.check()
        let message = RequestConversation.NewMessage(
            visibility: .public, channel: .portal, body: text, contactID: viewer.contactID)
        let context = request.writeContext
        let prepared = await RequestConversation.prepare(message, to: found.id, in: context, on: request.db)
        let customerID = viewer.customerID
        return try await request.write { tx in
            let created = try await RequestConversation.add(prepared, in: context, on: tx)
            if let file {
                _ = try await file.record(
                    customerID: customerID, messageID: created.id, by: context.actor, at: context.now, on: tx)
            }
            return created
        }
    }

    /// A file for a message the contact wrote itself.
    static func attach(
        _ file: AttachmentUpload.PreparedFile, to messageID: UUID, of found: PortalRequest, for viewer: PortalViewer,
        _ request: Request
    ) async throws -> Attachment {
        let messages = try await RequestConversation.list(found.id, includeInternal: false, on: request.db)
        guard let message = messages.first(where: { $0.id == messageID }), message.authorID == nil,
            message.contactID == viewer.contactID
        else { throw AppError.notFound }
        let context = request.writeContext
        return try await request.write { tx in
            try await file.record(
                customerID: viewer.customerID, messageID: message.id, by: context.actor, at: context.now, on: tx)
        }
    }

    static func close(_ found: PortalRequest, for viewer: PortalViewer, _ request: Request) async throws
        -> PortalRequest
    {
        let context = request.writeContext
        return PortalRequest(
            try await request.write { tx in try await PortalCommands.close(found.id, for: viewer, in: context, on: tx) })
    }

    static func reopen(_ found: PortalRequest, for viewer: PortalViewer, _ request: Request) async throws
        -> PortalRequest
    {
        let context = request.writeContext
        let days = request.appConfig.portalReopenDays
        return PortalRequest(
            try await request.write { tx in
                try await PortalCommands.reopen(found.id, days: days, for: viewer, in: context, on: tx)
            })
    }

    static func rate(_ found: PortalRequest, _ input: PortalRatingInput, for viewer: PortalViewer, _ request: Request)
        async throws -> PortalRequest
    {
        let (score, comment) = try input.validated()
        let context = request.writeContext
        return PortalRequest(
            try await request.write { tx in
                try await PortalCommands.rate(found.id, score: score, comment: comment, for: viewer, in: context, on: tx)
            })
    }

    /// A file of one of the contact's requests, as a download (never inline), audited.
    static func download(_ id: UUID, for viewer: PortalViewer, _ request: Request) async throws -> Response {
        guard let attachment = try await PortalQueries.attachment(id, for: viewer, on: request.db),
            let data = try await request.application.context.blobStore.get(sha256: attachment.sha256, on: request.db)
        else { throw AppError.notFound }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            var changes = AuditChanges()
            changes.note("filename", attachment.filename)
            changes.note("channel", LiaisonCore.Channel.portal.rawValue)
            try await AuditLog.append(
                .attachmentDownloaded, recordType: .attachment, recordID: attachment.id.uuidString, changes: changes,
                by: actor, at: now, on: tx)
        }
        return AttachmentUpload.fileResponse(attachment, data: data)
    }

    /// The contact's name and language.
    static func updateProfile(name: String?, locale: String?, for viewer: PortalViewer, _ request: Request) async throws {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: 100)
        let trimmed = locale?.trimmedSpaces() ?? ""
        let language = trimmed.isEmpty ? nil : AppLocale(rawValue: trimmed)
        if !trimmed.isEmpty, language == nil { v.add("locale", "unknownLocale") }
        try v.check()
        let context = request.writeContext
        try await request.write { tx in
            try await PortalCommands.updateProfile(name: name, locale: language, for: viewer, in: context, on: tx)
        }
    }
}
