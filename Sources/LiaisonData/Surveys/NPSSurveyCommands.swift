import Crypto
import FluentKit
import Foundation
import LiaisonCore

/// Preparing, changing, deleting and sending NPS campaigns. A campaign changes only while it is a draft; sending
/// it writes one invitation per contact asked and queues one mail job for each, in the same write.
public enum NPSSurveyCommands {
    /// The kind of the job that mails one invitation (payload: `InvitationJob`).
    public static let inviteJobKind = "nps.invite"

    /// What an invitation's mail job carries: the invitation, and its link sealed with the server's key
    /// (`SecretBox`), so that the jobs table never holds it in clear.
    public struct InvitationJob: Codable, Sendable, Equatable {
        public var invitationId: UUID
        public var link: String
    }

    public static func create(_ input: ValidNPSSurvey, in context: WriteContext, on tx: any Database) async throws
        -> NPSSurvey
    {
        let model = NPSSurveyModel()
        model.id = UUID()
        model.status = NPSSurveyStatus.draft.rawValue
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: true)
        try await model.create(on: tx)
        try await AuditLog.append(
            .surveyCreated, recordType: .survey, recordID: model.id!.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return try model.value(invited: 0, answered: 0)
    }

    public static func update(
        id: UUID, with input: ValidNPSSurvey, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> NPSSurvey {
        let model = try await draft(id, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: false)
        if !changes.isEmpty {
            model.version += 1
            model.updatedAt = context.now
            try await model.update(on: tx)
            try await AuditLog.append(
                .surveyUpdated, recordType: .survey, recordID: id.idText, changes: changes, by: context.actor,
                at: context.now, on: tx)
        }
        return try model.value(invited: 0, answered: 0)
    }

    public static func delete(id: UUID, expectedVersion: Int?, in context: WriteContext, on tx: any Database)
        async throws
    {
        let model = try await draft(id, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        try await model.delete(on: tx)
        try await AuditLog.append(
            .surveyDeleted, recordType: .survey, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    /// Sends a draft: one invitation for each contact of its audience that `viewer` (the sender) may see, each
    /// with a link secret derived from `seed` (random bytes drawn before the write, so that a write run twice
    /// makes the same links) of which only the hash is stored, and one mail job per invitation carrying the link
    /// `link` makes of the secret. Refused when nobody would be asked.
    public static func send(
        id: UUID, expectedVersion: Int?, seed: [UInt8], secrets: SecretBox, link: @Sendable (String) -> String,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> NPSSurvey {
        let model = try await draft(id, expectedVersion: expectedVersion, on: tx)
        let survey = try model.value(invited: 0, answered: 0)
        if survey.isClosed(at: context.now) { throw DataError.conflict(reason: "surveyClosed") }
        let recipients = try await NPSSurveyQueries.audience(
            tiers: survey.tiers, customerIDs: survey.customerIDs, for: viewer, on: tx)
        guard !recipients.isEmpty else { throw DataError.conflict(reason: "surveyNoRecipients") }
        for recipient in recipients {
            let token = Self.token(survey: id, contact: recipient.contactID, seed: seed)
            let invitation = NPSInvitationModel()
            invitation.id = UUID()
            invitation.surveyID = id
            invitation.contactID = recipient.contactID
            invitation.customerID = recipient.customerID
            invitation.email = recipient.email
            invitation.locale = recipient.locale.rawValue
            invitation.tokenHash = Self.hash(token)
            invitation.createdAt = context.now
            try await invitation.create(on: tx)
            let job = InvitationJob(invitationId: invitation.id!, link: try secrets.seal(link(token)))
            let payload = JSONColumn.encode(job)
            _ = try await JobQueue.enqueue(
                kind: inviteJobKind, payload: payload, runAt: context.now,
                uniqueKey: "nps.invite.\(invitation.id!.idText)", maxAttempts: 6, now: context.now, on: tx)
        }
        model.status = NPSSurveyStatus.sent.rawValue
        model.sentAt = context.now
        model.sentBy = context.actor.userID
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.field("status", from: NPSSurveyStatus.draft.rawValue, to: NPSSurveyStatus.sent.rawValue)
        changes.set("invited", String(recipients.count))
        try await AuditLog.append(
            .surveySent, recordType: .survey, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return try model.value(invited: recipients.count, answered: 0)
    }

    /// Marks an invitation mailed (its job then does nothing if it runs again).
    public static func markMailed(_ invitationID: UUID, at now: Date, on tx: any Database) async throws {
        try await NPSInvitationModel.query(on: tx).filter(\.$id == invitationID).filter(\.$mailedAt == nil)
            .set(\.$mailedAt, to: now).update()
    }

    /// A link's secret: 32 bytes of HMAC-SHA256 over the survey and contact under the sender's random key, in hex.
    static func token(survey: UUID, contact: UUID, seed: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((survey.idText + "/" + contact.idText).utf8), using: SymmetricKey(data: seed))
        return Hex.encode(Data(mac))
    }

    /// The stored form of a link's secret: SHA-256 in hex.
    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    static func draft(_ id: UUID, expectedVersion: Int?, on tx: any Database) async throws -> NPSSurveyModel {
        guard let model = try await NPSSurveyModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        guard model.status == NPSSurveyStatus.draft.rawValue else { throw DataError.conflict(reason: "surveySent") }
        return model
    }
}
