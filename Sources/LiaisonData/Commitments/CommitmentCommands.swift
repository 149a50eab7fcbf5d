import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Writing commitments. A commitment of a request takes the request's customer; one of an interaction its
/// interaction's. Its owner is active staff who may know its customer. Changing one (text, due time, owner), marking
/// it done or cancelling it is for its owner, its creator, the owner's department lead and management (admins and
/// supervisors), among those who may see it. Each write sets where the sweep next looks, so a corrected due time is
/// reminded and breached afresh.
public enum CommitmentCommands {
    /// Who is writing, and the reminder lead time (from the settings) the next check is set with.
    public struct Editor: Sendable {
        public var viewer: CustomerViewer
        public var leadHours: Int

        public init(viewer: CustomerViewer, leadHours: Int) {
            self.viewer = viewer
            self.leadHours = leadHours
        }
    }

    public static func create(
        _ input: ValidCommitment, by writer: Editor, in context: WriteContext, on tx: any Database
    ) async throws -> Commitment {
        let viewer = writer.viewer
        var customerID = input.customerID
        if let requestID = input.requestID {
            let row = try await tx.sql.raw("SELECT customer_id FROM requests WHERE id = \(bind: requestID)").first()
            guard let row else { throw ValidationFailure([ValidationIssue("requestId", "invalidReference")]) }
            let ofRequest = try row.optionalUUID("customer_id")
            if let customerID, customerID != ofRequest {
                throw ValidationFailure([ValidationIssue("customerId", "commitmentOtherCustomer")])
            }
            customerID = ofRequest
        }
        if let interactionID = input.interactionID {
            guard let interaction = try await InteractionModel.find(interactionID, on: tx) else {
                throw ValidationFailure([ValidationIssue("interactionId", "invalidReference")])
            }
            if let customerID, customerID != interaction.customerID {
                throw ValidationFailure([ValidationIssue("customerId", "commitmentOtherCustomer")])
            }
            customerID = interaction.customerID
        }
        if let customerID {
            guard try await CustomerQueries.access(customerID, for: viewer, on: tx) != nil else {
                throw ValidationFailure([
                    ValidationIssue(input.requestID != nil ? "requestId" : "customerId", "invalidReference")
                ])
            }
        } else if input.requestID != nil {
            // A request of no customer yet is its queue's; a promise on it waits until it is linked.
            throw ValidationFailure([ValidationIssue("requestId", "commitmentRequestWithoutCustomer")])
        }
        let owner = input.ownerID ?? viewer.userID
        try await checkOwner(owner, customerID: customerID, on: tx)
        let model = CommitmentModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.text = input.text
        model.ownerID = owner
        model.dueAt = input.dueAt
        model.status = CommitmentStatus.open.rawValue
        model.source = input.source.rawValue
        model.customerID = customerID
        model.requestID = input.requestID
        model.interactionID = input.interactionID
        model.messageID = input.messageID
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        model.schedule(leadHours: writer.leadHours, now: context.now)
        try await model.create(on: tx)
        try await CommitmentTimeline.put(model, actorLabel: context.actor.label, on: tx)
        var changes = AuditChanges()
        changes.set("text", input.text)
        changes.set("ownerId", owner.idText)
        changes.set("dueAt", DateText.rfc3339(input.dueAt))
        changes.set("source", input.source.rawValue)
        if let customerID { changes.set("customerId", customerID.idText) }
        if let requestID = input.requestID { changes.set("requestId", requestID.idText) }
        if let interactionID = input.interactionID { changes.set("interactionId", interactionID.idText) }
        try await AuditLog.append(
            .commitmentCreated, recordType: .commitment, recordID: model.id!.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Corrects the text, the due time and the owner (what the input gives; the rest of it is ignored).
    public static func update(
        id: UUID, _ input: ValidCommitment, expectedVersion: Int?, by writer: Editor, in context: WriteContext,
        on tx: any Database
    ) async throws -> Commitment {
        let model = try await loadForChange(id, expectedVersion: expectedVersion, by: writer, on: tx)
        guard model.statusValue == .open else { throw DataError.conflict(reason: "commitmentClosed") }
        let owner = input.ownerID ?? model.ownerID
        if owner != model.ownerID { try await checkOwner(owner, customerID: model.customerID, on: tx) }
        var changes = AuditChanges()
        changes.field("text", from: model.text, to: input.text)
        changes.field("ownerId", from: model.ownerID.idText, to: owner.idText)
        changes.field("dueAt", from: DateText.rfc3339(model.dueAt), to: DateText.rfc3339(input.dueAt))
        guard !changes.isEmpty else { return model.value }
        if input.dueAt != model.dueAt {
            // A new due time is a new promise: reminded and breached afresh.
            model.remindedAt = nil
            model.breachedAt = nil
        }
        model.text = input.text
        model.ownerID = owner
        model.dueAt = input.dueAt
        try await save(model, .commitmentUpdated, changes: changes, writer: writer, context: context, on: tx)
        return model.value
    }

    /// Marks it done (by the caller, now); done already is left as it is.
    public static func done(
        id: UUID, expectedVersion: Int?, by writer: Editor, in context: WriteContext, on tx: any Database
    ) async throws -> Commitment {
        let model = try await loadForChange(id, expectedVersion: expectedVersion, by: writer, on: tx)
        switch model.statusValue {
        case .done: return model.value
        case .cancelled: throw DataError.conflict(reason: "commitmentClosed")
        case .open: break
        }
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: CommitmentStatus.done.rawValue)
        model.status = CommitmentStatus.done.rawValue
        model.doneAt = context.now
        model.doneBy = context.actor.userID
        try await save(model, .commitmentDone, changes: changes, writer: writer, context: context, on: tx)
        try await InteractionCommands.followCommitment(model.interactionID, done: true, at: context.now, on: tx)
        return model.value
    }

    /// Cancels it: it no longer holds (kept, with who cancelled it in the trail).
    public static func cancel(
        id: UUID, expectedVersion: Int?, by writer: Editor, in context: WriteContext, on tx: any Database
    ) async throws -> Commitment {
        let model = try await loadForChange(id, expectedVersion: expectedVersion, by: writer, on: tx)
        guard model.statusValue != .cancelled else { return model.value }
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: CommitmentStatus.cancelled.rawValue)
        model.status = CommitmentStatus.cancelled.rawValue
        try await save(model, .commitmentCancelled, changes: changes, writer: writer, context: context, on: tx)
        return model.value
    }

    /// The commitment of an interaction's next step, written with the interaction (no audit entry of its own: the
    /// interaction's says it all).
    static func fromInteraction(_ interaction: InteractionModel, at now: Date, on tx: any Database) async throws {
        guard let id = interaction.id, let text = interaction.nextStep, !text.isEmpty,
            let owner = interaction.nextStepOwnerID ?? interaction.createdBy
        else { return }
        let model = CommitmentModel()
        model.id = UUID.timeOrdered(at: now)
        model.text = String(text.prefix(CommitmentInput.maxText))
        model.ownerID = owner
        model.dueAt = interaction.nextStepDueAt ?? interaction.occurredAt.addingTimeInterval(7 * 86_400)
        model.status = (interaction.nextStepDoneAt == nil ? CommitmentStatus.open : .done).rawValue
        model.source = CommitmentSource.interaction.rawValue
        model.customerID = interaction.customerID
        model.interactionID = id
        model.createdBy = interaction.createdBy
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        model.schedule(leadHours: try await SettingsStore.read(on: tx).followUp.reminderHours, now: now)
        try await model.create(on: tx)
    }

    /// An interaction's next step marked done or open again: its commitment follows.
    static func followInteraction(
        _ interactionID: UUID, done: Bool, by actor: AuditActor, at now: Date, on tx: any Database
    )
        async throws
    {
        let models = try await CommitmentModel.query(on: tx).filter(\.$interactionID == interactionID)
            .filter(\.$source == CommitmentSource.interaction.rawValue).all()
        for model in models where model.statusValue != .cancelled && (model.statusValue == .done) != done {
            model.status = (done ? CommitmentStatus.done : .open).rawValue
            model.doneAt = done ? now : nil
            model.doneBy = done ? actor.userID : nil
            model.version += 1
            model.updatedAt = now
            model.schedule(leadHours: CommitmentReminder.defaultLeadHours, now: now)
            try await model.update(on: tx)
        }
    }

    private static func save(
        _ model: CommitmentModel, _ action: AuditAction, changes: AuditChanges, writer: Editor, context: WriteContext,
        on tx: any Database
    ) async throws {
        model.schedule(leadHours: writer.leadHours, now: context.now)
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        try await CommitmentTimeline.put(model, actorLabel: context.actor.label, on: tx)
        var changes = changes
        changes.note("ownerId", model.ownerID.idText)
        try await AuditLog.append(
            action, recordType: .commitment, recordID: model.id!.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    /// The commitment, if the writer may see it and change it, at the version expected.
    static func loadForChange(_ id: UUID, expectedVersion: Int?, by writer: Editor, on tx: any Database) async throws
        -> CommitmentModel
    {
        guard try await CommitmentQueries.isVisible(id, for: writer.viewer, on: tx),
            let model = try await CommitmentModel.find(id, on: tx)
        else { throw DataError.notFound }
        guard try await CommitmentQueries.mayChange(model.value, viewer: writer.viewer, on: tx) else {
            throw DataError.conflict(reason: "commitmentNotYours")
        }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    /// The owner: active staff (not a portal account) who may know the customer, when there is one.
    static func checkOwner(_ owner: UUID, customerID: UUID?, on tx: any Database) async throws {
        guard let person = try await UserModel.find(owner, on: tx), person.active, person.contactID == nil else {
            throw ValidationFailure([ValidationIssue("ownerId", "invalidReference")])
        }
        if let customerID, try await !CustomerQueries.mayKnow(customerID, person: owner, on: tx) {
            throw ValidationFailure([ValidationIssue("ownerId", "assigneeCannotSeeCustomer")])
        }
    }
}
