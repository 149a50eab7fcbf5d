import FluentKit
import Foundation
import LiaisonCore

/// Recording quality checks of a project's deliverables and the customer's acceptance of them. Each write loads
/// the project under the viewer's need-to-know (`ProjectCommands.load`) and refuses a closed project; the task
/// must be of the project and name a deliverable. The customer may accept a deliverable only when its latest
/// check passed (`DeliverableReadiness`), checked inside the write.
public enum QualityCheckCommands {
    public static func create(
        projectID: UUID, _ input: ValidQualityCheck, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> QualityCheck {
        try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        try await deliverable(input.taskID, projectID: projectID, field: "taskId", on: tx)
        let model = QualityCheckModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.taskID = input.taskID
        model.criterion = input.criterion
        model.result = input.result.rawValue
        model.evidence = input.evidence
        model.evidenceLink = input.evidenceLink
        model.note = input.note
        model.reviewerID = context.actor.userID
        model.checkedAt = input.checkedAt ?? context.now
        model.createdAt = context.now
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("taskId", input.taskID.idText)
        changes.set("criterion", input.criterion)
        changes.set("result", input.result.rawValue)
        if let evidence = input.evidence { changes.set("evidence", evidence) }
        if let link = input.evidenceLink { changes.set("evidenceLink", link) }
        if let note = input.note { changes.set("note", note) }
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .qualityCheckCreated, recordType: .qualityCheck, recordID: model.id!.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Records the customer's answer on a deliverable, given in writing (staff record it, naming the contact) or
    /// in the portal. Accepting needs the latest check to have passed.
    public static func decide(
        projectID: UUID, taskID: UUID, _ decision: DeliverableDecision, contactID: UUID, channel: String,
        note: String?, for viewer: CustomerViewer?, in context: WriteContext, on tx: any Database
    ) async throws -> DeliverableAcceptance {
        let project: ProjectModel
        if let viewer {
            project = try await RiskCommands.openProject(projectID, newOwner: nil, for: viewer, on: tx)
        } else {
            guard let found = try await ProjectModel.find(projectID, on: tx) else { throw DataError.notFound }
            try TaskCommands.open(found)
            project = found
        }
        try await deliverable(taskID, projectID: projectID, field: nil, on: tx)
        guard let contact = try await ContactModel.find(contactID, on: tx), contact.deletedAt == nil,
            contact.customerID == project.customerID
        else { throw ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")]) }
        let latest = try await QualityCheckModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$taskID == taskID).sort(\.$checkedAt, .descending).sort(\.$id, .descending).first()
        let readiness = DeliverableReadiness(latest: latest.map(\.value.result))
        if let reason = readiness.refusal(of: decision) { throw DataError.conflict(reason: reason) }
        let model = DeliverableAcceptanceModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.taskID = taskID
        model.decision = decision.rawValue
        model.contactID = contactID
        model.channel = channel
        model.note = note
        model.recordedBy = context.actor.userID
        model.decidedAt = context.now
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("decision", decision.rawValue)
        changes.set("contactId", contactID.idText)
        changes.set("channel", channel)
        if let note { changes.set("note", note) }
        if let latest, let id = latest.id { changes.note("qualityCheckId", id.idText) }
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            decision == .accepted ? .deliverableAccepted : .deliverableRejected, recordType: .task,
            recordID: taskID.idText, changes: changes, by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// The customer's answer given in the portal by its signed-in contact: the deliverable must be of a project of
    /// the contact's own customer (another customer's is not found).
    public static func decideInPortal(
        taskID: UUID, customerID: UUID, contactID: UUID, _ decision: DeliverableDecision, note: String?,
        in context: WriteContext, on tx: any Database
    ) async throws -> DeliverableAcceptance {
        guard let task = try await ProjectTaskModel.find(taskID, on: tx),
            let project = try await ProjectModel.find(task.projectID, on: tx), project.customerID == customerID
        else { throw DataError.notFound }
        return try await decide(
            projectID: task.projectID, taskID: taskID, decision, contactID: contactID, channel: "portal", note: note,
            for: nil, in: context, on: tx)
    }

    /// The task, when it is of the project and names a deliverable; else not found (or a field's issue).
    @discardableResult
    static func deliverable(_ taskID: UUID, projectID: UUID, field: String?, on tx: any Database) async throws
        -> ProjectTaskModel
    {
        guard let task = try await ProjectTaskModel.query(on: tx).filter(\.$id == taskID).filter(\.$projectID == projectID)
            .first()
        else {
            if let field { throw ValidationFailure([ValidationIssue(field, "unknownTask")]) }
            throw DataError.notFound
        }
        guard !(task.deliverable ?? "").isEmpty else {
            if let field { throw ValidationFailure([ValidationIssue(field, "taskNotDeliverable")]) }
            throw DataError.conflict(reason: "taskNotDeliverable")
        }
        return task
    }
}
