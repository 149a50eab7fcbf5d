import FluentKit
import Foundation
import LiaisonCore

/// Writing improvement actions. An action from a project is written under the project's need-to-know
/// (`ProjectCommands.load`) and copies its customer; its owner must be active staff who may know that customer.
/// Creating one needs `projectsManage` (checked by the route) or `improvementsOversee`; changing one is for its
/// owner, for people with `projectsManage` who may see it, and for management (`improvementsOversee`). Each write
/// sets where the reminder job next looks (`ImprovementReminder`), so a new due day is reminded afresh.
public enum ImprovementCommands {
    /// The counter that numbers improvement actions (IA-1, IA-2 …).
    static let counter = "improvement_actions"

    public static func create(
        _ input: ValidImprovement, for viewer: CustomerViewer, capabilities: Set<Capability>, zone: TimeZone,
        in context: WriteContext, on tx: any Database
    ) async throws -> ImprovementAction {
        var customerID: UUID?
        if let projectID = input.projectID {
            guard let loaded = try? await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
            else { throw ValidationFailure([ValidationIssue("projectId", "invalidReference")]) }
            customerID = loaded.0.customerID
        } else if !capabilities.contains(.improvementsOversee) && !capabilities.contains(.projectsManage) {
            throw DataError.conflict(reason: "improvementNotYours")
        }
        try await checkOwner(input.ownerID, customerID: customerID, on: tx)
        let status = input.status ?? .open
        let model = ImprovementActionModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.number = Int(try await Counters.next(counter, on: tx))
        model.status = status.rawValue
        model.projectID = input.projectID
        model.customerID = customerID
        model.createdBy = context.actor.userID
        model.doneAt = status == .done ? context.now : nil
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: true)
        changes.set("number", ImprovementNumber.format(model.number))
        changes.set("status", status.rawValue)
        if let projectID = input.projectID { changes.set("projectId", projectID.idText) }
        schedule(model, now: context.now, zone: zone)
        try await model.create(on: tx)
        try await AuditLog.append(
            .improvementCreated, recordType: .improvement, recordID: model.id!.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    public static func update(
        id: UUID, _ input: ValidImprovement, expectedVersion: Int?, for viewer: CustomerViewer,
        capabilities: Set<Capability>, zone: TimeZone, in context: WriteContext, on tx: any Database
    ) async throws -> ImprovementAction {
        guard
            let model = try await ImprovementQueries.visibleModel(
                id, for: viewer, oversees: capabilities.contains(.improvementsOversee), on: tx)
        else { throw DataError.notFound }
        guard
            model.ownerID == viewer.userID || capabilities.contains(.projectsManage)
                || capabilities.contains(.improvementsOversee)
        else { throw DataError.conflict(reason: "improvementNotYours") }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        if input.projectID != nil && input.projectID != model.projectID {
            throw ValidationFailure([ValidationIssue("projectId", "cannotChange")])
        }
        let current = model.statusValue
        let next = input.status ?? current
        guard current.canMove(to: next) else {
            throw ValidationFailure([ValidationIssue("status", "badTransition")])
        }
        if input.ownerID != model.ownerID { try await checkOwner(input.ownerID, customerID: model.customerID, on: tx) }
        let dueBefore = model.dueOn
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: false)
        changes.field("status", from: current.rawValue, to: next.rawValue)
        guard !changes.isEmpty else { return model.value }
        model.status = next.rawValue
        if next != current {
            if next == .done { model.doneAt = context.now } else if current == .done { model.doneAt = nil }
        }
        if dueBefore != model.dueOn || (next.isOpen && !current.isOpen) {
            model.remindedAt = nil
            model.overdueAt = nil
        }
        schedule(model, now: context.now, zone: zone)
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        if let projectID = model.projectID { changes.note("projectId", projectID.idText) }
        try await AuditLog.append(
            next == .done && current != .done ? .improvementDone : .improvementUpdated, recordType: .improvement,
            recordID: id.idText, changes: changes, by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Where the reminder job next looks at the action.
    static func schedule(_ model: ImprovementActionModel, now: Date, zone: TimeZone) {
        let decision = ImprovementReminder.decide(
            status: model.statusValue, dueOn: model.dueDay, remindedDueSoon: model.remindedAt != nil,
            remindedOverdue: model.overdueAt != nil, now: now, in: zone)
        model.nextCheckAt = decision.notice != nil ? now : decision.nextCheck
    }

    /// The owner: active staff who may know the customer (when there is one).
    static func checkOwner(_ owner: UUID, customerID: UUID?, on tx: any Database) async throws {
        if let customerID {
            try await CommunicationPlanCommands.checkOwner(owner, customerID: customerID, on: tx)
            return
        }
        guard let person = try await UserModel.find(owner, on: tx), person.active, person.contactID == nil else {
            throw ValidationFailure([ValidationIssue("ownerId", "invalidReference")])
        }
    }
}
