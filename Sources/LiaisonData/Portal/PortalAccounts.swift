import FluentKit
import Foundation
import LiaisonCore
import SQLKit

final class PortalLinkModel: Model, @unchecked Sendable {
    static let schema = "portal_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A contact's portal account as staff see it on the contact's page.
public struct PortalAccount: Sendable, Equatable {
    public var userID: UUID
    public var contactID: UUID
    public var email: String
    public var active: Bool
    /// The contact has set a password or signed in: the invitation was taken up.
    public var accepted: Bool
    public var lastSignInAt: Date?
    /// When the newest invitation still waiting to be used stops working.
    public var invitationExpiresAt: Date?
    public var scope: PortalScope
}

/// An invitation just made: who it goes to, in which language, and until when its link works.
public struct PortalInvitation: Sendable, Equatable {
    public var account: PortalAccount
    public var name: String
    public var locale: AppLocale?
    public var expiresAt: Date
}

/// Portal accounts: a user with the `customer` role tied to one contact, invited by staff with a single-use link,
/// signing in by password or by a single-use link sent by mail. Only the links' hashes are stored.
public enum PortalAccounts {
    /// A password hash that no password matches: an invited contact signs in only once it has set its own.
    static let unusablePasswordHash = "!"

    public static func account(ofContact contactID: UUID, at now: Date, on db: any Database) async throws
        -> PortalAccount?
    {
        guard let user = try await UserModel.query(on: db).filter(\.$contactID == contactID).first(),
            let contact = try await ContactModel.find(contactID, on: db)
        else { return nil }
        let pending = try await PortalLinkModel.query(on: db).filter(\.$userID == user.id!)
            .filter(\.$purpose == PortalLinkPurpose.invitation.rawValue).filter(\.$usedAt == nil)
            .filter(\.$expiresAt > now).sort(\.$expiresAt, .descending).first()
        return PortalAccount(
            userID: user.id!, contactID: contactID, email: user.email, active: user.active,
            accepted: user.passwordHash != unusablePasswordHash || user.lastSignInAt != nil,
            lastSignInAt: user.lastSignInAt, invitationExpiresAt: pending?.expiresAt,
            scope: PortalScope(rawValue: contact.portalScope) ?? .own)
    }

    /// Invites a contact (again): makes its account when it has none (role `customer`, no usable password) or
    /// opens it again, and stores a new invitation link, which replaces any earlier one still unused. `email` must
    /// be one of the contact's addresses (its first when nil) and no other person's sign-in address.
    public static func invite(
        contactID: UUID, email: String?, scope: PortalScope?, tokenHash: String, in context: WriteContext,
        on tx: any Database
    ) async throws -> PortalInvitation {
        let (actor, now) = (context.actor, context.now)
        guard let contact = try await ContactModel.find(contactID, on: tx), contact.deletedAt == nil,
            let customer = try await CustomerModel.find(contact.customerID, on: tx), customer.deletedAt == nil
        else { throw DataError.notFound }
        let addresses = try contact.value.emails
        let chosen: String
        if let email {
            let wanted = EmailAddress.normalised(email)
            guard let match = addresses.first(where: { EmailAddress.normalised($0) == wanted }) else {
                throw ValidationFailure([ValidationIssue("email", "notOfThisContact")])
            }
            chosen = EmailAddress.normalised(match)
        } else {
            guard let first = addresses.first else {
                throw ValidationFailure([ValidationIssue("email", "contactHasNoEmail")])
            }
            chosen = EmailAddress.normalised(first)
        }
        var user = try await UserModel.query(on: tx).filter(\.$contactID == contactID).first()
        if try await PeopleQueries.emailTaken(chosen, except: user?.id, on: tx) {
            throw ValidationFailure([ValidationIssue("email", "emailTaken")])
        }
        var changes = AuditChanges()
        changes.set("email", chosen)
        if let existing = user {
            if existing.email != chosen || !existing.active || existing.name != contact.name {
                existing.email = chosen
                existing.active = true
                existing.name = contact.name
                existing.sortKey = contact.sortKey
                existing.version += 1
                existing.updatedAt = now
                try await existing.update(on: tx)
            }
        } else {
            let model = UserModel()
            model.id = UUID()
            model.email = chosen
            model.name = contact.name
            model.sortKey = contact.sortKey
            model.locale = contact.preferredLanguage
            model.timeZone = PersonInput.defaultTimeZone
            model.passwordHash = unusablePasswordHash
            model.mustChangePassword = false
            model.active = true
            model.failedSignIns = 0
            model.contactID = contactID
            model.version = 1
            model.createdAt = now
            model.updatedAt = now
            try await model.create(on: tx)
            try await UserRoleModel(userID: model.id!, role: Role.customer.rawValue).create(on: tx)
            user = model
        }
        guard let user, let userID = user.id else { throw DataError.notFound }
        if let scope, scope.rawValue != contact.portalScope {
            changes.field("portalScope", from: contact.portalScope, to: scope.rawValue)
            contact.portalScope = scope.rawValue
            try await contact.update(on: tx)
        }
        try await PortalLinkModel.query(on: tx).filter(\.$userID == userID)
            .filter(\.$purpose == PortalLinkPurpose.invitation.rawValue).filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now).update()
        let link = try await storeLink(for: userID, purpose: .invitation, tokenHash: tokenHash, by: actor, at: now, on: tx)
        try await AuditLog.append(
            .portalInvited, recordType: .contact, recordID: contactID.idText, changes: changes, by: actor, at: now,
            on: tx)
        guard let account = try await account(ofContact: contactID, at: now, on: tx) else { throw DataError.notFound }
        return PortalInvitation(
            account: account, name: contact.name, locale: user.locale.flatMap(AppLocale.init(rawValue:)),
            expiresAt: link.expiresAt)
    }

    /// What a portal link is worth now.
    public enum LinkOutcome: Sendable, Equatable {
        case valid(Person)
        case used
        case expired
        /// The account was closed (or its contact or customer deleted) since the link was sent.
        case closed
        case unknown
    }

    public static func check(
        tokenHash: String, purpose: PortalLinkPurpose, at now: Date, on db: any Database
    ) async throws -> LinkOutcome {
        try await find(tokenHash: tokenHash, purpose: purpose, at: now, on: db).outcome
    }

    /// Uses an invitation: sets the contact's password (already hashed) and uses up the link. Returns the person
    /// to sign in when the link was valid.
    public static func accept(
        tokenHash: String, passwordHash: String, address: String?, at now: Date, on tx: any Database
    ) async throws -> LinkOutcome {
        let (outcome, link) = try await find(tokenHash: tokenHash, purpose: .invitation, at: now, on: tx)
        guard case .valid(let person) = outcome, let link else { return outcome }
        link.usedAt = now
        try await link.update(on: tx)
        let actor = AuditActor(userID: person.id, label: person.email, address: address)
        try await PeopleCommands.setPassword(
            id: person.id, hash: passwordHash, mustChange: false, action: .passwordChanged, by: actor, at: now, on: tx)
        var changes = AuditChanges()
        changes.note("contactId", person.contactID?.idText ?? "")
        try await AuditLog.append(
            .portalAccepted, recordType: .user, recordID: person.id.idText, changes: changes, by: actor, at: now,
            on: tx)
        try await PeopleCommands.recordSignIn(id: person.id, by: actor, at: now, on: tx)
        return outcome
    }

    /// Stores a sign-in link for the portal account with this address, when there is an open one; nil otherwise
    /// (the caller answers the same either way, so that nobody learns which addresses have accounts).
    public static func requestSignInLink(
        email: String, tokenHash: String, address: String?, at now: Date, on tx: any Database
    ) async throws -> Person? {
        let wanted = EmailAddress.normalised(email)
        guard !InputText.hasRefused(wanted, multiline: false),
            let user = try await UserModel.query(on: tx).filter(\.$email == wanted).filter(\.$contactID != nil)
                .filter(\.$active == true).first(),
            let person = try await PeopleQueries.withRoles([user], on: tx).first,
            try await PortalQueries.viewer(for: person, on: tx) != nil
        else { return nil }
        let actor = AuditActor(userID: nil, label: person.email, address: address)
        // At most five links an hour per account: a form cannot be used to flood someone's mailbox.
        let recent = try await PortalLinkModel.query(on: tx).filter(\.$userID == person.id)
            .filter(\.$purpose == PortalLinkPurpose.signIn.rawValue)
            .filter(\.$createdAt > now.addingTimeInterval(-3600)).count()
        guard recent < 5 else { return nil }
        _ = try await storeLink(for: person.id, purpose: .signIn, tokenHash: tokenHash, by: actor, at: now, on: tx)
        try await AuditLog.append(
            .portalLinkSent, recordType: .user, recordID: person.id.idText, by: actor, at: now, on: tx)
        return person
    }

    /// Uses up a sign-in link; the person to sign in when it was valid.
    public static func useSignInLink(tokenHash: String, address: String?, at now: Date, on tx: any Database)
        async throws -> LinkOutcome
    {
        let (outcome, link) = try await find(tokenHash: tokenHash, purpose: .signIn, at: now, on: tx)
        guard case .valid(let person) = outcome, let link else { return outcome }
        link.usedAt = now
        try await link.update(on: tx)
        try await PeopleCommands.recordSignIn(
            id: person.id, by: AuditActor(userID: person.id, label: person.email, address: address), at: now, on: tx)
        return outcome
    }

    /// Closes a contact's portal account: no more sign-in, its sessions ended and tokens revoked, its unused links
    /// void. Nothing to do when it has none or it is already closed.
    public static func close(contactID: UUID, in context: WriteContext, on tx: any Database) async throws {
        let (actor, now) = (context.actor, context.now)
        guard let user = try await UserModel.query(on: tx).filter(\.$contactID == contactID).first(),
            let userID = user.id
        else { return }
        try await PortalLinkModel.query(on: tx).filter(\.$userID == userID).filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now).update()
        guard user.active else { return }
        let sessions = try await SessionModel.query(on: tx).filter(\.$user.$id == userID).count()
        try await SessionModel.query(on: tx).filter(\.$user.$id == userID).delete()
        try await APITokenModel.query(on: tx).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
        user.active = false
        user.version += 1
        user.updatedAt = now
        try await user.update(on: tx)
        var changes = AuditChanges()
        changes.note("userId", userID.idText)
        changes.note("sessionsEnded", String(sessions))
        try await AuditLog.append(
            .portalClosed, recordType: .contact, recordID: contactID.idText, changes: changes, by: actor, at: now,
            on: tx)
    }

    /// Closes the portal accounts of every contact of a customer (when the customer is deleted).
    static func close(customerID: UUID, in context: WriteContext, on tx: any Database) async throws {
        let rows = try await tx.sql.raw(
            """
            SELECT u.contact_id FROM users u JOIN contacts c ON c.id = u.contact_id
            WHERE c.customer_id = \(bind: customerID) AND u.active = \(bind: true)
            """
        ).all()
        for row in rows {
            if let id = try row.optionalUUID("contact_id") { try await close(contactID: id, in: context, on: tx) }
        }
    }

    /// Which requests the contact sees: its own or its organisation's.
    public static func setScope(contactID: UUID, scope: PortalScope, in context: WriteContext, on tx: any Database)
        async throws
    {
        guard let contact = try await ContactModel.find(contactID, on: tx), contact.deletedAt == nil else {
            throw DataError.notFound
        }
        guard contact.portalScope != scope.rawValue else { return }
        var changes = AuditChanges()
        changes.field("portalScope", from: contact.portalScope, to: scope.rawValue)
        contact.portalScope = scope.rawValue
        try await contact.update(on: tx)
        try await AuditLog.append(
            .portalScopeChanged, recordType: .contact, recordID: contactID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
    }

    private static func storeLink(
        for userID: UUID, purpose: PortalLinkPurpose, tokenHash: String, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> PortalLinkModel {
        let link = PortalLinkModel()
        link.id = UUID()
        link.userID = userID
        link.purpose = purpose.rawValue
        link.tokenHash = tokenHash
        link.expiresAt = now.addingTimeInterval(purpose.lifetime)
        link.createdBy = actor.userID
        link.createdAt = now
        try await link.create(on: tx)
        return link
    }

    private static func find(
        tokenHash: String, purpose: PortalLinkPurpose, at now: Date, on db: any Database
    ) async throws -> (outcome: LinkOutcome, link: PortalLinkModel?) {
        guard let link = try await PortalLinkModel.query(on: db).filter(\.$tokenHash == tokenHash)
            .filter(\.$purpose == purpose.rawValue).first()
        else { return (.unknown, nil) }
        if link.usedAt != nil { return (.used, nil) }
        if link.expiresAt <= now { return (.expired, nil) }
        guard let person = try await PeopleQueries.find(id: link.userID, on: db), person.active,
            try await PortalQueries.viewer(for: person, on: db) != nil
        else { return (.closed, nil) }
        return (.valid(person), link)
    }
}
