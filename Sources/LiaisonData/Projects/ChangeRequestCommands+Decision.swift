import FluentKit
import Foundation
import LiaisonCore

extension ChangeRequestCommands {
    /// How the customer's decision reached us.
    public enum Channel: String, Sendable {
        /// Through the single-use link mailed to a contact.
        case link
        /// In the portal, by the signed-in contact.
        case portal
        /// Given in writing and recorded by the project manager, with a note saying where.
        case recorded
    }

    /// What a decision link is worth now.
    public enum LinkOutcome: Sendable, Equatable {
        /// Awaiting the customer's decision.
        case open(ChangeRequestQueries.DecisionView)
        /// Decided just now through this link.
        case decided(ChangeRequestQueries.DecisionView)
        /// Already decided or withdrawn: nothing more to decide.
        case closed(ChangeRequestQueries.DecisionView)
        /// No such link.
        case unknown
    }

    /// Records a decision the customer gave in writing (a signed letter, a mail): the contact who gave it and a
    /// note saying where it is. Only a request with the customer may be decided, once.
    public static func record(
        projectID: UUID, changeID: UUID, _ decision: ChangeDecision, contactID: UUID, note: String,
        expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ChangeRequest {
        let project = try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let model = try await load(changeID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        guard let contact = try await ContactModel.find(contactID, on: tx), contact.deletedAt == nil,
            contact.customerID == project.customerID
        else { throw ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")]) }
        try await decide(model, decision, contactID: contactID, channel: .recorded, note: note, context, tx)
        return try await value(model, on: tx)
    }

    /// Decides through a mailed link.
    public static func decide(
        tokenHash: String, _ decision: ChangeDecision, note: String?, in context: WriteContext, on tx: any Database
    ) async throws -> LinkOutcome {
        guard let link = try await ChangeRequestLinkModel.query(on: tx).filter(\.$tokenHash == tokenHash).first(),
            let model = try await ChangeRequestModel.find(link.changeRequestID, on: tx)
        else { return .unknown }
        guard model.statusValue == .sentToCustomer,
            try await ProjectModel.find(model.projectID, on: tx)?.value.status != .closed
        else { return .closed(try await ChangeRequestQueries.view(link, on: tx)) }
        try await decide(model, decision, contactID: link.contactID, channel: .link, note: note, context, tx)
        return .decided(try await ChangeRequestQueries.view(link, on: tx))
    }

    /// Decides in the portal, as the signed-in contact of the request's project's customer.
    public static func decide(
        changeID: UUID, contactID: UUID, customerID: UUID, _ decision: ChangeDecision, note: String?,
        in context: WriteContext, on tx: any Database
    ) async throws -> ChangeRequest {
        guard let model = try await ChangeRequestModel.find(changeID, on: tx),
            let project = try await ProjectModel.find(model.projectID, on: tx), project.customerID == customerID,
            model.statusValue != .proposed, model.statusValue != .assessed
        else { throw DataError.notFound }
        if project.value.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        try await decide(model, decision, contactID: contactID, channel: .portal, note: note, context, tx)
        return try await value(model, on: tx)
    }

    /// The one place a decision is made: refused unless the request is with the customer; an approval puts its
    /// charter changes into a draft and links the request to it.
    static func decide(
        _ model: ChangeRequestModel, _ decision: ChangeDecision, contactID: UUID, channel: Channel, note: String?,
        _ context: WriteContext, _ tx: any Database
    ) async throws {
        let from = model.statusValue
        let to = decision.status
        try refuseUnless(from.canMove(to: to), model, toward: to)
        if try await ProjectModel.find(model.projectID, on: tx)?.value.status == .closed {
            throw DataError.conflict(reason: "projectClosed")
        }
        var changes = AuditChanges()
        changes.field("status", from: from.rawValue, to: to.rawValue)
        changes.set("contactId", contactID.idText)
        changes.set("channel", channel.rawValue)
        if let note { changes.set("note", note) }
        if let address = context.actor.address, channel != .recorded { changes.set("address", address) }
        if decision == .approve,
            let charter = try await CharterCommands.applyChange(
                projectID: model.projectID, patch: model.patchValue, changeRequest: model.numberText, in: context,
                on: tx)
        {
            model.charterVersionID = charter.id
            changes.set("charterVersion", String(charter.number))
        }
        model.status = to.rawValue
        model.decidedByContact = contactID
        model.decidedAt = context.now
        model.decisionChannel = channel.rawValue
        model.decisionNote = note
        try await save(model, context, tx)
        try await audit(decision == .approve ? .changeRequestApproved : .changeRequestRejected, model, changes, context, tx)
        try await notify(model, decision, context, tx)
    }

    /// Tells the project's manager and the request's proposer (not whoever recorded the decision), each only when
    /// they may know the customer (`NotificationStore.add` checks).
    static func notify(
        _ model: ChangeRequestModel, _ decision: ChangeDecision, _ context: WriteContext, _ tx: any Database
    ) async throws {
        guard let project = try await ProjectModel.find(model.projectID, on: tx) else { return }
        var people: [UUID] = []
        for person in [project.managerID, model.requestedBy].compactMap({ $0 })
        where person != context.actor.userID && !people.contains(person) {
            people.append(person)
        }
        let values = [ProjectNumber.format(project.number) + " " + project.name, model.numberText + " " + model.title]
        for person in people {
            try await NotificationStore.add(
                to: person, kind: .changeRequestDecided,
                textKey: decision == .approve ? "notify.changeRequestApproved" : "notify.changeRequestRejected",
                values: values, subject: .changeRequests(project: model.projectID), about: project.customerID,
                dedupeKey: "changeRequestDecided.\(model.id!.idText).\(person.idText)", at: context.now, on: tx)
        }
    }

    /// Marks a link's mail sent (its job then does nothing if it runs again).
    public static func markMailed(_ linkID: UUID, at now: Date, on tx: any Database) async throws {
        try await ChangeRequestLinkModel.query(on: tx).filter(\.$id == linkID).filter(\.$mailedAt == nil)
            .set(\.$mailedAt, to: now).update()
    }
}
