import Crypto
import FluentKit
import Foundation
import LiaisonCore

/// Writing a project's charter, sending a version to the customer's named contacts for sign-off, and their
/// signatures. A project has at most one draft, always its latest version; a version once sent is frozen, and a
/// change needs a new version and a new sign-off. Sending a version replaces an earlier one still awaiting
/// signatures (its links stop working). A version is signed when every named contact has signed it.
public enum CharterCommands {
    /// The kind of the job that mails one sign-off link (payload: `SignJob`).
    public static let signJobKind = "charter.signMail"

    /// What a sign-off mail job carries: the signer, and its link sealed with the server's key.
    public struct SignJob: Codable, Sendable, Equatable {
        public var signerId: UUID
        public var link: String
    }

    /// Changes the draft (the first version is made on the first save). Refused when the latest version was sent.
    public static func saveDraft(
        projectID: UUID, input: CharterInput, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> CharterVersion {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        let value = project.value
        if value.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        let latest = try await CharterQueries.latestModel(of: projectID, on: tx)
        if let latest, !latest.statusValue.isEditable { throw DataError.conflict(reason: "charterFrozen") }
        if let latest, let expectedVersion, expectedVersion != latest.version {
            throw DataError.staleVersion(current: latest.version)
        }
        let current = try latest?.contentValue() ?? CharterContent()
        let content = try input.validated(over: current, projectStart: value.startOn, projectEnd: value.endOn)
        let model: CharterVersionModel
        let isNew = latest == nil
        if let latest {
            model = latest
        } else {
            model = CharterVersionModel()
            model.id = UUID()
            model.projectID = projectID
            model.number = 1
            model.status = CharterVersionStatus.draft.rawValue
            model.createdBy = context.actor.userID
            model.createdAt = context.now
            model.version = 0
        }
        var changes = AuditChanges()
        changes.set("number", String(model.number))
        for section in CharterContent.Section.allCases where current.text(of: section) != content.text(of: section) {
            changes.note(section.rawValue, "changed")
        }
        if !isNew, changes.isEmpty || content == current {
            return try await CharterQueries.value(model, on: tx)
        }
        model.content = JSONColumn.encode(content)
        model.updatedAt = context.now
        model.version += 1
        if isNew { try await model.create(on: tx) } else { try await model.update(on: tx) }
        try await AuditLog.append(
            isNew ? .charterDrafted : .charterUpdated, recordType: .project, recordID: projectID.idText,
            changes: changes, by: context.actor, at: context.now, on: tx)
        return try await CharterQueries.value(model, on: tx)
    }

    /// Starts a new version from the latest one's content, after it was sent.
    public static func newVersion(
        projectID: UUID, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> CharterVersion {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        if project.value.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        guard let latest = try await CharterQueries.latestModel(of: projectID, on: tx) else {
            throw DataError.conflict(reason: "charterNoVersion")
        }
        if latest.statusValue.isEditable { throw DataError.conflict(reason: "charterDraftExists") }
        let model = CharterVersionModel()
        model.id = UUID()
        model.projectID = projectID
        model.number = latest.number + 1
        model.status = CharterVersionStatus.draft.rawValue
        // The plan is frozen again when this version is sent, as it then stands.
        var content = try latest.contentValue()
        content.communicationPlan = []
        model.content = JSONColumn.encode(content)
        model.createdBy = context.actor.userID
        model.createdAt = context.now
        model.updatedAt = context.now
        model.version = 1
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("number", String(model.number))
        changes.note("from", String(latest.number))
        try await AuditLog.append(
            .charterDrafted, recordType: .project, recordID: projectID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return try await CharterQueries.value(model, on: tx)
    }

    /// A contact asked to sign and the secret of their link (only its hash is stored).
    public struct IssuedLink: Sendable, Equatable {
        public var contactID: UUID
        public var name: String
        public var email: String?
        public var token: String
    }

    /// Sends the draft to these contacts of the project's customer for sign-off: it is frozen from now on, an
    /// earlier version still awaiting signatures is replaced, and each contact gets a single-use link (secret
    /// derived from `seed`, drawn before the write, so that a write run twice makes the same links) mailed by a job
    /// when they have an address.
    public static func send(
        projectID: UUID, contactIDs: [UUID], expectedVersion: Int?, seed: [UInt8], secrets: SecretBox,
        link: @Sendable (String) -> String, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> (version: CharterVersion, links: [IssuedLink]) {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        if project.value.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        guard let draft = try await CharterQueries.latestModel(of: projectID, on: tx), draft.statusValue == .draft,
            let versionID = draft.id
        else { throw DataError.conflict(reason: "charterNoDraft") }
        if let expectedVersion, expectedVersion != draft.version {
            throw DataError.staleVersion(current: draft.version)
        }
        // The communication plan as it stands is agreed with the charter: frozen into the version sent.
        var content = try draft.contentValue()
        content.communicationPlan = try await CommunicationPlanQueries.frozen(projectID: projectID, on: tx)
        if content.isEmpty { throw DataError.conflict(reason: "charterEmpty") }
        draft.content = JSONColumn.encode(content)
        var contacts: [ContactModel] = []
        for id in contactIDs {
            guard let contact = try await ContactModel.find(id, on: tx), contact.deletedAt == nil,
                contact.customerID == project.customerID
            else { throw ValidationFailure([ValidationIssue("contactIds", "notOfThisCustomer")]) }
            contacts.append(contact)
        }
        // Earlier versions still awaiting signatures are replaced: their links stop working.
        let waiting = try await CharterVersionModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$status == CharterVersionStatus.sent.rawValue).all()
        for old in waiting {
            old.status = CharterVersionStatus.superseded.rawValue
            old.version += 1
            old.updatedAt = context.now
            try await old.update(on: tx)
        }
        var links: [IssuedLink] = []
        for contact in contacts {
            guard let contactID = contact.id else { continue }
            let emails = JSONColumn.decode(
                [String].self, contact.emails, default: [], column: "contacts.emails", row: contactID)
            let token = Self.token(version: versionID, contact: contactID, seed: seed)
            let signer = CharterSignerModel()
            signer.id = UUID()
            signer.versionID = versionID
            signer.contactID = contactID
            signer.name = contact.name
            signer.email = emails.first
            signer.locale = (contact.preferredLanguage.flatMap(AppLocale.init(rawValue:)) ?? .zhHans).rawValue
            signer.tokenHash = Self.hash(token)
            signer.createdAt = context.now
            try await signer.create(on: tx)
            if emails.first != nil, let signerID = signer.id {
                let job = SignJob(signerId: signerID, link: try secrets.seal(link(token)))
                _ = try await JobQueue.enqueue(
                    kind: signJobKind, payload: JSONColumn.encode(job), runAt: context.now,
                    uniqueKey: "charter.sign.\(signerID.idText)", maxAttempts: 6, now: context.now, on: tx)
            }
            links.append(IssuedLink(contactID: contactID, name: contact.name, email: emails.first, token: token))
        }
        draft.status = CharterVersionStatus.sent.rawValue
        draft.sentAt = context.now
        draft.sentBy = context.actor.userID
        draft.version += 1
        draft.updatedAt = context.now
        try await draft.update(on: tx)
        var changes = AuditChanges()
        changes.set("number", String(draft.number))
        changes.field("status", from: CharterVersionStatus.draft.rawValue, to: CharterVersionStatus.sent.rawValue)
        changes.set("contactIds", contacts.compactMap { $0.id?.idText }.joined(separator: ","))
        changes.note("communicationPlanRows", String(content.communicationPlan.count))
        for old in waiting { changes.note("superseded", String(old.number)) }
        try await AuditLog.append(
            .charterSent, recordType: .project, recordID: projectID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return (try await CharterQueries.value(draft, on: tx), links)
    }

    /// What a sign-off link (or a portal contact's view of a version) is worth now.
    public enum SignOutcome: Sendable, Equatable {
        /// Awaiting this contact's signature.
        case open(CharterQueries.SigningView)
        /// Signed just now; `complete` when that was the last signature needed.
        case signed(CharterQueries.SigningView, complete: Bool)
        /// This contact signed already (the link is used up).
        case used(AppLocale)
        /// A newer version was sent, or the project closed: this one is no longer to be signed.
        case superseded(AppLocale)
        /// No such link.
        case unknown
    }

    /// Records a signature once: who (the contact, and the portal account when signed there), when and from
    /// which address. The version is signed, and stays frozen, once every named contact has signed.
    static func sign(
        signer: CharterSignerModel, address: String?, portalUserID: UUID?, in context: WriteContext,
        on tx: any Database
    ) async throws -> SignOutcome {
        let outcome = try await CharterQueries.check(signer, on: tx)
        guard case .open(let view) = outcome, let version = try await CharterVersionModel.find(signer.versionID, on: tx)
        else { return outcome }
        signer.signedAt = context.now
        signer.signedAddress = address
        signer.signedUserID = portalUserID
        try await signer.update(on: tx)
        let pending = try await CharterSignerModel.query(on: tx).filter(\.$versionID == signer.versionID)
            .filter(\.$signedAt == nil).count()
        let total = try await CharterSignerModel.query(on: tx).filter(\.$versionID == signer.versionID).count()
        let complete = CharterSignOff.isComplete(signed: total - pending, of: total)
        if complete {
            version.status = CharterVersionStatus.signed.rawValue
            version.signedAt = context.now
            version.version += 1
            version.updatedAt = context.now
            try await version.update(on: tx)
        }
        var changes = AuditChanges()
        changes.set("number", String(version.number))
        changes.set("contactId", signer.contactID.idText)
        if let address { changes.set("address", address) }
        if let portalUserID { changes.set("portalUserId", portalUserID.idText) }
        if complete {
            changes.field("status", from: CharterVersionStatus.sent.rawValue, to: CharterVersionStatus.signed.rawValue)
        }
        try await AuditLog.append(
            .charterSigned, recordType: .project, recordID: version.projectID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return .signed(view, complete: complete)
    }

    /// Signs through a mailed link.
    public static func sign(
        tokenHash: String, address: String?, in context: WriteContext, on tx: any Database
    ) async throws -> SignOutcome {
        guard let signer = try await CharterSignerModel.query(on: tx).filter(\.$tokenHash == tokenHash).first()
        else { return .unknown }
        return try await sign(signer: signer, address: address, portalUserID: nil, in: context, on: tx)
    }

    /// Signs in the portal, as the signed-in contact of the version's project's customer.
    public static func sign(
        versionID: UUID, contactID: UUID, customerID: UUID, portalUserID: UUID, address: String?,
        in context: WriteContext, on tx: any Database
    ) async throws -> SignOutcome {
        guard
            let signer = try await CharterQueries.portalSigner(
                versionID: versionID, contactID: contactID, customerID: customerID, on: tx)
        else { return .unknown }
        return try await sign(signer: signer, address: address, portalUserID: portalUserID, in: context, on: tx)
    }

    /// Marks a signer's mail sent (its job then does nothing if it runs again).
    public static func markMailed(_ signerID: UUID, at now: Date, on tx: any Database) async throws {
        try await CharterSignerModel.query(on: tx).filter(\.$id == signerID).filter(\.$mailedAt == nil)
            .set(\.$mailedAt, to: now).update()
    }

    /// A link's secret: HMAC-SHA256 over the version and contact under the sender's random key, in hex.
    static func token(version: UUID, contact: UUID, seed: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(("charter/" + version.idText + "/" + contact.idText).utf8), using: SymmetricKey(data: seed))
        return Hex.encode(Data(mac))
    }

    /// The stored form of a link's secret: SHA-256 in hex.
    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
