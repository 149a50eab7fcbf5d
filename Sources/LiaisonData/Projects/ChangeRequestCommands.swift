import Crypto
import FluentKit
import Foundation
import LiaisonCore

/// Writing a project's change requests. Staff writes load the project under the viewer's need-to-know
/// (`ProjectCommands.load`) and refuse a closed project. The customer decides once: approving or rejecting a
/// request already decided is refused whole (`changeRequestDecided`), whoever asks and however. Approval puts
/// the request's charter changes into a draft of the charter (`CharterCommands.applyChange`) in the same write.
public enum ChangeRequestCommands {
    public static func create(
        projectID: UUID, _ input: ChangeRequestInput, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ChangeRequest {
        let project = try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let valid = try input.validated(projectStart: project.value.startOn, projectEnd: project.value.endOn)
        let last = try await ChangeRequestModel.query(on: tx).filter(\.$projectID == projectID)
            .sort(\.$number, .descending).first()
        let model = ChangeRequestModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.number = (last?.number ?? 0) + 1
        model.status = ChangeRequestStatus.proposed.rawValue
        model.requestedBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(valid, changes: &changes, isNew: true)
        changes.set("status", ChangeRequestStatus.proposed.rawValue)
        changes.note("projectId", projectID.idText)
        try await model.create(on: tx)
        try await audit(.changeRequestCreated, model, changes, context, tx)
        return model.value(charterNumber: nil)
    }

    /// Changes the text and charter changes while the request is proposed or assessed.
    public static func update(
        projectID: UUID, changeID: UUID, _ input: ChangeRequestInput, expectedVersion: Int?,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ChangeRequest {
        let project = try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let model = try await load(changeID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        try refuseUnless(model.statusValue.isEditable, model)
        let valid = try input.validated(projectStart: project.value.startOn, projectEnd: project.value.endOn)
        var changes = AuditChanges()
        model.apply(valid, changes: &changes, isNew: false)
        guard !changes.isEmpty else { return try await value(model, on: tx) }
        try await save(model, context, tx)
        try await audit(.changeRequestUpdated, model, changes, context, tx)
        return try await value(model, on: tx)
    }

    /// Records the project manager's assessment of the impact; may be given again until the request is sent.
    public static func assess(
        projectID: UUID, changeID: UUID, _ impact: ChangeImpact, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ChangeRequest {
        try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let model = try await load(changeID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        let from = model.statusValue
        try refuseUnless(from.canMove(to: .assessed), model)
        var changes = AuditChanges()
        let old = model.impact
        changes.field("impactScope", from: old.scope, to: impact.scope)
        changes.field("impactScheduleDays", from: old.scheduleDays.map(String.init), to: impact.scheduleDays.map(String.init))
        changes.field("impactCostAmount", from: old.costAmount, to: impact.costAmount)
        changes.field("impactCostCurrency", from: old.costCurrency, to: impact.costCurrency)
        changes.field("impactNote", from: old.note, to: impact.note)
        changes.field("status", from: from.rawValue, to: ChangeRequestStatus.assessed.rawValue)
        model.impact = impact
        model.status = ChangeRequestStatus.assessed.rawValue
        model.assessedBy = context.actor.userID
        model.assessedAt = context.now
        try await save(model, context, tx)
        try await audit(.changeRequestAssessed, model, changes, context, tx)
        return try await value(model, on: tx)
    }

    /// A contact asked to decide and the secret of their link (only its hash is stored).
    public typealias IssuedLink = CharterCommands.IssuedLink

    /// What a decision mail job carries: the link's row, and the link sealed with the server's key.
    public struct DecisionJob: Codable, Sendable, Equatable {
        public var linkId: UUID
        public var link: String
    }

    /// The kind of the job that mails one decision link (payload: `DecisionJob`).
    public static let decisionJobKind = "changeRequest.decisionMail"

    /// Sends the assessed request to the customer: to these contacts, or when none are named to the contacts
    /// who were asked to sign the charter's latest version sent. Each gets a single-use link (secret derived from
    /// `seed`, drawn before the write), mailed by a job when they have an address.
    public static func send(
        projectID: UUID, changeID: UUID, contactIDs: [UUID], expectedVersion: Int?, seed: [UInt8],
        secrets: SecretBox, link: @Sendable (String) -> String, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> (changeRequest: ChangeRequest, links: [IssuedLink]) {
        let project = try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let model = try await load(changeID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        let from = model.statusValue
        try refuseUnless(from.canMove(to: .sentToCustomer), model)
        var ids = contactIDs
        if ids.isEmpty { ids = try await ChangeRequestQueries.charterSigners(of: projectID, on: tx) }
        if ids.isEmpty { throw ValidationFailure([ValidationIssue("contactIds", "required")]) }
        var links: [IssuedLink] = []
        for id in Array(Set(ids)).sorted(by: { $0.idText < $1.idText }) {
            guard let contact = try await ContactModel.find(id, on: tx), contact.deletedAt == nil,
                contact.customerID == project.customerID, let contactID = contact.id
            else { throw ValidationFailure([ValidationIssue("contactIds", "notOfThisCustomer")]) }
            let emails = JSONColumn.decode(
                [String].self, contact.emails, default: [], column: "contacts.emails", row: contactID)
            let token = Self.token(changeRequest: changeID, contact: contactID, seed: seed)
            let row = ChangeRequestLinkModel()
            row.id = UUID()
            row.changeRequestID = changeID
            row.contactID = contactID
            row.name = contact.name
            row.email = emails.first
            row.locale = (contact.preferredLanguage.flatMap(AppLocale.init(rawValue:)) ?? .zhHans).rawValue
            row.tokenHash = CharterCommands.hash(token)
            row.createdAt = context.now
            try await row.create(on: tx)
            if emails.first != nil, let rowID = row.id {
                let job = DecisionJob(linkId: rowID, link: try secrets.seal(link(token)))
                _ = try await JobQueue.enqueue(
                    kind: decisionJobKind, payload: JSONColumn.encode(job), runAt: context.now,
                    uniqueKey: "changeRequest.decide.\(rowID.idText)", maxAttempts: 6, now: context.now, on: tx)
            }
            links.append(IssuedLink(contactID: contactID, name: contact.name, email: emails.first, token: token))
        }
        model.status = ChangeRequestStatus.sentToCustomer.rawValue
        model.sentAt = context.now
        try await save(model, context, tx)
        var changes = AuditChanges()
        changes.field("status", from: from.rawValue, to: ChangeRequestStatus.sentToCustomer.rawValue)
        changes.set("contactIds", links.map(\.contactID.idText).joined(separator: ","))
        try await audit(.changeRequestSent, model, changes, context, tx)
        return (try await value(model, on: tx), links)
    }

    /// Withdraws a request the customer has not decided; its decision links stop working.
    public static func withdraw(
        projectID: UUID, changeID: UUID, note: String?, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ChangeRequest {
        try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let model = try await load(changeID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        let from = model.statusValue
        try refuseUnless(from.canMove(to: .withdrawn), model)
        model.status = ChangeRequestStatus.withdrawn.rawValue
        model.decisionNote = note
        try await save(model, context, tx)
        var changes = AuditChanges()
        changes.field("status", from: from.rawValue, to: ChangeRequestStatus.withdrawn.rawValue)
        if let note { changes.set("note", note) }
        try await audit(.changeRequestWithdrawn, model, changes, context, tx)
        return try await value(model, on: tx)
    }

    // MARK: Shared steps

    static func load(_ id: UUID, projectID: UUID, expectedVersion: Int?, on tx: any Database) async throws
        -> ChangeRequestModel
    {
        guard let model = try await ChangeRequestModel.query(on: tx).filter(\.$id == id)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    /// A refused move, named by where the request stands: decided (the customer's answer is final), withdrawn,
    /// or not at the step the action needs.
    static func refuseUnless(_ allowed: Bool, _ model: ChangeRequestModel, toward target: ChangeRequestStatus? = nil)
        throws
    {
        guard !allowed else { return }
        switch model.statusValue {
        case .approved, .rejected: throw DataError.conflict(reason: "changeRequestDecided")
        case .withdrawn: throw DataError.conflict(reason: "changeRequestWithdrawn")
        case .sentToCustomer: throw DataError.conflict(reason: "changeRequestWithCustomer")
        case .proposed, .assessed:
            if target?.isDecided == true { throw DataError.conflict(reason: "changeRequestNotSent") }
            throw DataError.conflict(reason: "changeRequestNotAssessed")
        }
    }

    static func save(_ model: ChangeRequestModel, _ context: WriteContext, _ tx: any Database) async throws {
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
    }

    static func audit(
        _ action: AuditAction, _ model: ChangeRequestModel, _ changes: AuditChanges, _ context: WriteContext,
        _ tx: any Database
    ) async throws {
        var changes = changes
        changes.note("number", model.numberText)
        try await AuditLog.append(
            action, recordType: .changeRequest, recordID: model.id!.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    static func value(_ model: ChangeRequestModel, on db: any Database) async throws -> ChangeRequest {
        try await ChangeRequestQueries.values([model], on: db)[0]
    }

    /// A link's secret: HMAC-SHA256 over the request and contact under the sender's random key, in hex.
    static func token(changeRequest: UUID, contact: UUID, seed: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(("change/" + changeRequest.idText + "/" + contact.idText).utf8), using: SymmetricKey(data: seed))
        return Hex.encode(Data(mac))
    }
}

extension ChangeRequestModel {
    var numberText: String { "CR-\(number)" }
}
