import FluentKit
import Foundation
import LiaisonCore

public enum InteractionCommands {
    /// Logs an interaction: its participants, a timeline entry for the customer and each contact, a search entry,
    /// and the customer's last activity, all in the caller's transaction.
    public static func create(_ input: ValidInteraction, in context: WriteContext, on tx: any Database)
        async throws -> Interaction
    {
        let (actor, now) = (context.actor, context.now)
        guard let customer = try await CustomerModel.find(input.customerID, on: tx), customer.deletedAt == nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        try await checkParticipants(input, on: tx)
        let model = InteractionModel()
        model.id = UUID.timeOrdered()
        model.customerID = input.customerID
        model.channel = input.channel.rawValue
        model.direction = input.direction.rawValue
        model.subject = input.subject
        model.body = input.body
        model.occurredAt = input.occurredAt
        model.durationMinutes = input.durationMinutes
        model.outcome = input.outcome
        model.nextStep = input.nextStep?.text
        model.nextStepOwnerID = input.nextStep?.ownerID
        model.nextStepDueAt = input.nextStep?.dueAt
        model.createdBy = actor.userID
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        try await CommitmentCommands.fromInteraction(model, at: now, on: tx)
        var participants: [ParticipantModel] = []
        for user in input.staffIDs { participants.append(ParticipantModel(interactionID: model.id!, userID: user)) }
        for contact in input.contactIDs {
            participants.append(ParticipantModel(interactionID: model.id!, contactID: contact))
        }
        for participant in participants { try await participant.create(on: tx) }
        try await TimelineWriter.record(
            kind: .interaction, refID: model.id!, customerID: input.customerID, contactIDs: input.contactIDs,
            occurredAt: input.occurredAt, channel: input.channel, direction: input.direction, title: input.subject,
            body: input.body, actorLabel: actor.label, on: tx)
        try await index(model, customer: customer, on: tx)
        try await CustomerCommands.touch(input.customerID, activityAt: input.occurredAt, on: tx)
        var changes = AuditChanges()
        changes.set("customerId", input.customerID.idText)
        changes.set("channel", input.channel.rawValue)
        changes.set("subject", input.subject)
        try await AuditLog.append(
            .interactionCreated, recordType: .interaction, recordID: model.id!.idText, changes: changes,
            by: actor, at: now, on: tx)
        return model.value(participants: participants)
    }

    /// Marks the next step done (or open again).
    public static func setNextStepDone(
        _ id: UUID, done: Bool, in context: WriteContext, on tx: any Database
    ) async throws -> Interaction {
        let (actor, now) = (context.actor, context.now)
        guard let model = try await InteractionModel.find(id, on: tx), model.nextStep != nil else {
            throw DataError.notFound
        }
        let wasDone = model.nextStepDoneAt != nil
        if wasDone != done {
            model.nextStepDoneAt = done ? now : nil
            model.version += 1
            model.updatedAt = now
            try await model.update(on: tx)
            var changes = AuditChanges()
            changes.field("nextStepDone", from: String(wasDone), to: String(done))
            try await AuditLog.append(
                .nextStepDone, recordType: .interaction, recordID: id.idText, changes: changes, by: actor,
                at: now, on: tx)
            try await CommitmentCommands.followInteraction(id, done: done, by: actor, at: now, on: tx)
        }
        let participants = try await ParticipantModel.query(on: tx).filter(\.$interactionID == id).all()
        return model.value(participants: participants)
    }

    /// The commitment of an interaction's next step marked done: the step is done too.
    static func followCommitment(_ id: UUID?, done: Bool, at now: Date, on tx: any Database) async throws {
        guard let id, let model = try await InteractionModel.find(id, on: tx), model.nextStep != nil,
            (model.nextStepDoneAt != nil) != done
        else { return }
        model.nextStepDoneAt = done ? now : nil
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
    }

    private static func checkParticipants(_ input: ValidInteraction, on tx: any Database) async throws {
        var issues: [ValidationIssue] = []
        if !input.contactIDs.isEmpty {
            let found = try await ContactModel.query(on: tx).filter(\.$id ~~ input.contactIDs)
                .filter(\.$customerID == input.customerID).filter(\.$deletedAt == nil).count()
            if found != input.contactIDs.count { issues.append(ValidationIssue("contactIds", "notOfThisCustomer")) }
        }
        let people = input.staffIDs + (input.nextStep.map { [$0.ownerID] } ?? [])
        if !people.isEmpty {
            let found = try await UserModel.query(on: tx).filter(\.$id ~~ people).filter(\.$active == true)
                .filter(\.$contactID == nil).all()
            let ids = Set(found.compactMap(\.id))
            if !input.staffIDs.allSatisfy(ids.contains) { issues.append(ValidationIssue("staffIds", "invalidReference")) }
            if let owner = input.nextStep?.ownerID, !ids.contains(owner) {
                issues.append(ValidationIssue("nextStepOwnerId", "invalidReference"))
            } else if let owner = input.nextStep?.ownerID,
                try await !CustomerQueries.mayKnow(input.customerID, person: owner, on: tx)
            {
                // A next step is work handed to someone: never to a person who may not know the customer.
                issues.append(ValidationIssue("nextStepOwnerId", "assigneeCannotSeeCustomer"))
            }
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }

    static func index(_ model: InteractionModel, customer: CustomerModel, on tx: any Database) async throws {
        try await SearchIndex.upsert(
            .interaction, refID: model.id!, customerID: model.customerID,
            classification: Classification(rawValue: customer.classification) ?? .secret, title: model.subject,
            text: ([Markdown.plainText(model.body), model.outcome ?? ""] + [model.nextStep].compactMap { $0 }
                + [customer.name]).joined(separator: "\n"),
            updatedAt: model.updatedAt, on: tx)
    }
}

public enum InteractionQueries {
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (Interaction, CustomerAccess)?
    {
        guard let model = try await InteractionModel.find(id, on: db),
            let access = try await CustomerQueries.access(model.customerID, for: viewer, on: db)
        else { return nil }
        let participants = try await ParticipantModel.query(on: db).filter(\.$interactionID == id).all()
        return (model.value(participants: participants), access)
    }

    /// Open next steps a person owns, soonest due first, on customers they may still see.
    public static func openNextSteps(ownedBy userID: UUID, for viewer: CustomerViewer, limit: Int = 20,
        on db: any Database) async throws -> [Interaction]
    {
        let models = try await InteractionModel.query(on: db).filter(\.$nextStepOwnerID == userID)
            .filter(\.$nextStepDoneAt == nil).filter(\.$nextStep != nil).sort(\.$nextStepDueAt).sort(\.$occurredAt)
            .limit(limit * 2).all()
        var visible: [Interaction] = []
        for model in models where visible.count < limit {
            if try await CustomerQueries.access(model.customerID, for: viewer, on: db) != nil {
                visible.append(model.value(participants: []))
            }
        }
        // Steps with a due date first (soonest first), then those without one.
        return visible.sorted { ($0.nextStepDueAt ?? .distantFuture) < ($1.nextStepDueAt ?? .distantFuture) }
    }
}
