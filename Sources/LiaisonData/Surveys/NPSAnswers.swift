import FluentKit
import Foundation
import LiaisonCore

/// Answers to NPS invitations, given on the public page behind the invitation's single-use link.
public enum NPSAnswers {
    /// How long a link works when its campaign has no closing time: 90 days from sending.
    public static let linkLifetime: TimeInterval = 90 * 24 * 3600

    /// What the page behind a link shows.
    public struct Invitation: Sendable, Equatable {
        public var surveyName: String
        public var intro: String?
        public var contactName: String
        public var locale: AppLocale
    }

    public enum Outcome: Sendable, Equatable {
        case open(Invitation)
        /// Answered already (the link is used up).
        case used(AppLocale)
        /// The campaign closed before an answer came.
        case closed(AppLocale)
        /// The link outlived `linkLifetime` (a campaign without a closing time).
        case expired(AppLocale)
        /// No such link (or its campaign was deleted).
        case unknown
    }

    /// The texts of the follow-up request a detractor's answer opens, made by the caller from its catalog.
    public struct FollowUpText: Sendable {
        public var subject: String
        public var body: String

        public init(subject: String, body: String) {
            self.subject = subject
            self.body = body
        }
    }

    private static func load(_ tokenHash: String, on db: any Database) async throws
        -> (NPSInvitationModel, NPSSurveyModel, ContactModel)?
    {
        guard let invitation = try await NPSInvitationModel.query(on: db).filter(\.$tokenHash == tokenHash).first(),
            let survey = try await NPSSurveyModel.find(invitation.surveyID, on: db),
            let contact = try await ContactModel.find(invitation.contactID, on: db)
        else { return nil }
        return (invitation, survey, contact)
    }

    /// What a link is worth now.
    public static func check(tokenHash: String, at now: Date, on db: any Database) async throws -> Outcome {
        guard let loaded = try await load(tokenHash, on: db) else { return .unknown }
        let (invitation, survey, contact) = loaded
        let locale = AppLocale(rawValue: invitation.locale) ?? .zhHans
        if invitation.answeredAt != nil { return .used(locale) }
        if let closes = survey.closesAt, closes <= now { return .closed(locale) }
        if survey.closesAt == nil, invitation.createdAt.addingTimeInterval(linkLifetime) <= now {
            return .expired(locale)
        }
        if contact.deletedAt != nil { return .unknown }
        return .open(
            Invitation(surveyName: survey.name, intro: survey.intro, contactName: contact.name, locale: locale))
    }

    /// Records the answer once (the link is used up by it). A detractor's answer (0–6) opens a feedback request
    /// for the contact in the same write, assigned to the customer's account owner when the owner is active and
    /// may know the customer; `followUp` makes its texts.
    public static func answer(
        tokenHash: String, score: Int, comment: String?, followUp: @Sendable (Int, String?) -> FollowUpText,
        in context: WriteContext, on tx: any Database
    ) async throws -> Outcome {
        let outcome = try await check(tokenHash: tokenHash, at: context.now, on: tx)
        guard case .open = outcome, let category = NPSCategory.of(score),
            let invitation = try await load(tokenHash, on: tx)?.0
        else { return outcome }
        invitation.answeredAt = context.now
        invitation.score = score
        invitation.comment = comment
        if category == .detractor {
            invitation.followUpRequestID = try await openFollowUp(
                invitation, text: followUp(score, comment), in: context, on: tx)
        }
        try await invitation.update(on: tx)
        var changes = AuditChanges()
        changes.set("score", String(score))
        changes.set("category", category.rawValue)
        if comment != nil { changes.note("comment", "given") }
        if let request = invitation.followUpRequestID { changes.set("followUpRequestId", request.idText) }
        try await AuditLog.append(
            .surveyAnswered, recordType: .survey, recordID: invitation.surveyID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return outcome
    }

    private static func openFollowUp(
        _ invitation: NPSInvitationModel, text: FollowUpText, in context: WriteContext, on tx: any Database
    ) async throws -> UUID {
        var assignee: UUID?
        if let customer = try await CustomerRow.find(invitation.customerID, on: tx), let owner = customer.owner_id,
            let person = try await UserModel.find(owner, on: tx), person.active, person.contactID == nil,
            try await CustomerQueries.mayKnow(invitation.customerID, person: owner, on: tx)
        {
            assignee = owner
        }
        let input = ValidRequest(
            customerID: invitation.customerID, contactID: invitation.contactID, kind: .feedback, priority: .normal,
            channel: .webForm, subject: text.subject, body: text.body, queueID: nil, assigneeID: assignee)
        return try await RequestCommands.create(input, in: context, on: tx).id
    }
}
