import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Writing a project's communication plan: adding, changing and removing rows, and recording that an occurrence
/// took place. Each row write brings the row's occurrences up to date in the same write (`CommunicationSweep
/// .advance`), so the plan shows what is coming at once; the sweep job carries on from there.
///
/// A removed row stays on record with its occurrences (management checks what was missed); its occurrences still
/// to come are dropped. A changed cadence drops the occurrences still to come and starts again from now.
public enum CommunicationPlanCommands {
    /// The most rows a plan may have in use.
    public static let maxRows = 50

    public static func add(
        projectID: UUID, _ row: CommunicationPlanRow, timing: CommunicationSweep.Timing, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> CommunicationPlanEntry {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        try await checkOwner(row.ownerID, customerID: project.customerID, on: tx)
        let rows = try await CommunicationPlanRowModel.query(on: tx).filter(\.$projectID == projectID).all()
        guard rows.filter({ $0.removedAt == nil }).count < maxRows else {
            throw ValidationFailure([ValidationIssue("rows", "tooMany", [String(maxRows)])])
        }
        let model = CommunicationPlanRowModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.position = (rows.map(\.position).max() ?? 0) + 1
        model.startsAt = context.now
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(row, changes: &changes, isNew: true)
        changes.note("projectId", projectID.idText)
        try await model.create(on: tx)
        try await CommunicationSweep.advance(model, project: project.value, timing: timing, now: context.now, on: tx)
        try await AuditLog.append(
            .communicationRowAdded, recordType: .communicationPlan, recordID: model.id!.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return try model.value()
    }

    public static func update(
        projectID: UUID, rowID: UUID, _ row: CommunicationPlanRow, expectedVersion: Int?,
        timing: CommunicationSweep.Timing, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> CommunicationPlanEntry {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        let model = try await load(rowID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        guard model.removedAt == nil else { throw DataError.conflict(reason: "communicationRowRemoved") }
        if model.ownerID != row.ownerID { try await checkOwner(row.ownerID, customerID: project.customerID, on: tx) }
        let oldCadence = model.cadence
        let oldOwner = model.ownerID
        var changes = AuditChanges()
        model.apply(row, changes: &changes, isNew: false)
        guard !changes.isEmpty else { return try model.value() }
        model.version += 1
        model.updatedAt = context.now
        if model.cadence != oldCadence {
            try await dropComing(rowID: rowID, after: context.now, on: tx)
            model.lastDueAt = nil
            model.startsAt = context.now
        }
        if model.ownerID != oldOwner {
            try await CommunicationOccurrenceModel.query(on: tx).filter(\.$rowID == rowID)
                .filter(\.$state == OccurrenceState.scheduled.rawValue).set(\.$ownerID, to: model.ownerID).update()
        }
        try await model.update(on: tx)
        try await CommunicationSweep.advance(model, project: project.value, timing: timing, now: context.now, on: tx)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .communicationRowUpdated, recordType: .communicationPlan, recordID: rowID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return try model.value()
    }

    /// Takes a row out of use: kept on record with the occurrences it had, those still to come dropped.
    public static func remove(
        projectID: UUID, rowID: UUID, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        let model = try await load(rowID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        guard model.removedAt == nil else { return }
        let dropped = try await dropComing(rowID: rowID, after: context.now, on: tx)
        model.removedAt = context.now
        model.nextCheckAt = nil
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.field("content", from: model.content, to: nil)
        changes.field("cadence", from: model.cadence, to: nil)
        changes.note("projectId", projectID.idText)
        if dropped > 0 { changes.note("droppedOccurrences", String(dropped)) }
        try await AuditLog.append(
            .communicationRowRemoved, recordType: .communicationPlan, recordID: rowID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
    }

    /// Records that an occurrence took place: by its owner, or by someone who manages the project
    /// (`mayManage`). Only a scheduled occurrence may be marked done; a missed one stays missed.
    public static func recordDone(
        projectID: UUID, occurrenceID: UUID, _ input: OccurrenceDoneInput.Valid, expectedVersion: Int?,
        mayManage: Bool, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> CommunicationOccurrence {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        guard let model = try await CommunicationOccurrenceModel.query(on: tx).filter(\.$id == occurrenceID)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        guard mayManage || model.ownerID == viewer.userID else {
            throw DataError.conflict(reason: "communicationNotYours")
        }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        guard model.stateValue.canMove(to: .done) else {
            throw DataError.conflict(reason: model.stateValue == .missed ? "communicationMissed" : "communicationDone")
        }
        if let interaction = input.interactionID {
            guard let found = try await InteractionModel.find(interaction, on: tx), found.customerID == project.customerID
            else { throw ValidationFailure([ValidationIssue("interactionId", "notOfThisCustomer")]) }
        }
        model.state = OccurrenceState.done.rawValue
        model.doneAt = context.now
        model.doneBy = context.actor.userID
        model.doneNote = input.note
        model.interactionID = input.interactionID
        model.nextCheckAt = nil
        model.version += 1
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.field("state", from: OccurrenceState.scheduled.rawValue, to: OccurrenceState.done.rawValue)
        changes.note("dueAt", DateText.rfc3339(model.dueAt))
        if let note = input.note { changes.set("note", note) }
        if let interaction = input.interactionID { changes.set("interactionId", interaction.idText) }
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .communicationDone, recordType: .communicationPlan, recordID: model.rowID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// A report sent or a meeting held delivers an occurrence: a scheduled one becomes `done` (on time: it had
    /// not fallen due); a missed one stays `missed` on the record and is noted as done late. Returns whether it was
    /// on time.
    static func deliver(
        _ model: CommunicationOccurrenceModel, note: String, interactionID: UUID?, in context: WriteContext,
        on tx: any Database
    ) async throws -> Bool {
        let previous = model.stateValue
        let onTime = previous == .scheduled && context.now <= model.dueAt
        if previous == .scheduled { model.state = OccurrenceState.done.rawValue }
        model.doneAt = context.now
        model.doneBy = context.actor.userID
        model.doneNote = note
        model.interactionID = interactionID ?? model.interactionID
        model.nextCheckAt = nil
        model.version += 1
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.field("state", from: previous.rawValue, to: model.stateValue.rawValue)
        changes.note("dueAt", DateText.rfc3339(model.dueAt))
        changes.set("note", note)
        changes.set("onTime", String(onTime))
        if let interactionID { changes.set("interactionId", interactionID.idText) }
        changes.note("projectId", model.projectID.idText)
        try await AuditLog.append(
            .communicationDone, recordType: .communicationPlan, recordID: model.rowID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return onTime
    }

    // MARK: Following the project

    /// The project went on hold or closed: its rows stop, and the occurrences still to come are dropped.
    static func pause(projectID: UUID, at now: Date, on tx: any Database) async throws {
        let rows = try await CommunicationPlanRowModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$removedAt == nil).all()
        for row in rows {
            guard let id = row.id else { continue }
            try await dropComing(rowID: id, after: now, on: tx)
            row.nextCheckAt = nil
            row.lastDueAt = now
            try await row.update(on: tx)
        }
    }

    /// The project runs again, or its milestones changed (`onlyMilestones`): each row (each milestone row) starts
    /// again from now, its occurrences still to come dropped and made anew by the next pass of the sweep.
    static func restart(projectID: UUID, onlyMilestones: Bool, at now: Date, on tx: any Database) async throws {
        let rows = try await CommunicationPlanRowModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$removedAt == nil).all()
        for row in rows {
            guard let id = row.id else { continue }
            if onlyMilestones, CommunicationCadence(row.cadence)?.followsMilestones != true { continue }
            try await dropComing(rowID: id, after: now, on: tx)
            row.lastDueAt = now
            row.nextCheckAt = now
            try await row.update(on: tx)
        }
    }

    // MARK: Checks

    static func load(_ id: UUID, projectID: UUID, expectedVersion: Int?, on tx: any Database) async throws
        -> CommunicationPlanRowModel
    {
        guard let model = try await CommunicationPlanRowModel.query(on: tx).filter(\.$id == id)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    /// The owner is an active member of staff who may know the project's customer.
    static func checkOwner(_ owner: UUID, customerID: UUID, on tx: any Database) async throws {
        guard let person = try await UserModel.find(owner, on: tx), person.active, person.contactID == nil else {
            throw ValidationFailure([ValidationIssue("ownerId", "invalidReference")])
        }
        if try await !CustomerQueries.mayKnow(customerID, person: owner, on: tx) {
            throw ValidationFailure([ValidationIssue("ownerId", "taskOwnerMayNotKnow")])
        }
    }

    /// Deletes the row's scheduled occurrences due after `moment`; answers how many.
    @discardableResult
    static func dropComing(rowID: UUID, after moment: Date, on tx: any Database) async throws -> Int {
        let coming = CommunicationOccurrenceModel.query(on: tx).filter(\.$rowID == rowID)
            .filter(\.$state == OccurrenceState.scheduled.rawValue).filter(\.$dueAt > moment)
        let count = try await coming.count()
        if count > 0 { try await coming.delete() }
        return count
    }
}
