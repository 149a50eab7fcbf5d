import FluentKit
import Foundation
import LiaisonCore

final class AttachmentModel: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int64
    @Field(key: "mime") var mime: String
    @Field(key: "filename") var filename: String
    /// Nil for a file that came by mail on a request without a customer (until it is linked).
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "interaction_id") var interactionID: UUID?
    @OptionalField(key: "message_id") var messageID: UUID?
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var value: Attachment {
        Attachment(
            id: id!, sha256: sha256, size: Int(size), mime: mime, filename: filename, customerID: customerID,
            interactionID: interactionID, messageID: messageID, uploadedByID: uploadedBy, createdAt: createdAt)
    }
}

/// A file attached to a customer, one of its interactions, or a message on one of its requests.
public struct Attachment: Sendable, Equatable {
    public var id: UUID
    public var sha256: String
    public var size: Int
    public var mime: String
    public var filename: String
    public var customerID: UUID?
    public var interactionID: UUID?
    public var messageID: UUID?
    public var uploadedByID: UUID?
    public var createdAt: Date
}

public enum AttachmentCommands {
    /// Records an attachment whose bytes are already in the blob store (content-addressed, so storing first is
    /// safe: an interrupted upload leaves at most an unreferenced blob).
    public static func create(
        customerID: UUID?, interactionID: UUID?, messageID: UUID? = nil, filename: String, mime: String, sha256: String,
        size: Int, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Attachment {
        if let customerID {
            guard let customer = try await CustomerModel.find(customerID, on: tx), customer.deletedAt == nil else {
                throw DataError.notFound
            }
        } else if messageID == nil || interactionID != nil {
            // Only a message of a request without a customer has files of no customer.
            throw DataError.notFound
        }
        if let interactionID {
            guard let interaction = try await InteractionModel.find(interactionID, on: tx),
                interaction.customerID == customerID
            else { throw DataError.notFound }
        }
        if let messageID {
            guard let message = try await RequestMessageModel.find(messageID, on: tx),
                let request = try await RequestModel.load(message.requestID, on: tx), request.customerID == customerID
            else { throw DataError.notFound }
        }
        let model = AttachmentModel()
        model.id = UUID.timeOrdered()
        model.sha256 = sha256
        model.size = Int64(size)
        model.mime = mime
        model.filename = filename
        model.customerID = customerID
        model.interactionID = interactionID
        model.messageID = messageID
        model.uploadedBy = actor.userID
        model.createdAt = now
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("filename", filename)
        changes.set("sha256", sha256)
        changes.note("size", String(size))
        if let customerID { changes.note("customerId", customerID.uuidString) }
        if let messageID { changes.note("messageId", messageID.uuidString) }
        try await AuditLog.append(
            .attachmentUploaded, recordType: .attachment, recordID: model.id!.uuidString, changes: changes,
            by: actor, at: now, on: tx)
        return model.value
    }
}

public enum AttachmentQueries {
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (Attachment, CustomerAccess)?
    {
        guard let model = try await AttachmentModel.find(id, on: db) else { return nil }
        if let customerID = model.customerID {
            guard let access = try await CustomerQueries.access(customerID, for: viewer, on: db) else { return nil }
            return (model.value, access)
        }
        // A file on a request without a customer: the request's queue decides.
        guard let messageID = model.messageID, let message = try await RequestMessageModel.find(messageID, on: db),
            let (_, access) = try await RequestQueries.find(message.requestID, for: viewer, on: db)
        else { return nil }
        return (model.value, access)
    }

    public static func list(customerID: UUID, interactionID: UUID? = nil, on db: any Database) async throws
        -> [Attachment]
    {
        let query = AttachmentModel.query(on: db).filter(\.$customerID == customerID)
        if let interactionID { query.filter(\.$interactionID == interactionID) }
        return try await query.sort(\.$createdAt, .descending).all().map { $0.value }
    }

    /// The files on each of these messages, oldest first.
    public static func byMessage(_ messageIDs: [UUID], on db: any Database) async throws -> [UUID: [Attachment]] {
        guard !messageIDs.isEmpty else { return [:] }
        let models = try await AttachmentModel.query(on: db).filter(\.$messageID ~~ messageIDs).sort(\.$createdAt).all()
        return Dictionary(grouping: models.map(\.value)) { $0.messageID! }
    }
}
