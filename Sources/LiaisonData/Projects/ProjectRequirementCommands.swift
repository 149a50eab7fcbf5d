import FluentKit
import Foundation
import LiaisonCore

/// Including requirements in a project and taking them out (`ProjectRequirementRules`). Each is one write: the link,
/// the project's audit entry and, when the requirement's status follows (specified → planned on inclusion, planned →
/// specified when it leaves its last project), its transition, history row and audit entry commit together.
/// Both need `projectsManage` (checked again here with the viewer's roles, as requirement moves are) and the project's
/// need-to-know.
public enum ProjectRequirementCommands {
    /// Includes a requirement of the project's customer. `field` names the input the requirement came from in a
    /// refusal (`requirementId`, or `requirementIds` when a project is created with its requirements).
    public static func include(
        _ requirementID: UUID, in projectID: UUID, field: String = "requirementId", for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> IncludedRequirement {
        let (model, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        return try await include(requirementID, in: model.value, field: field, for: viewer, in: context, on: tx)
    }

    /// `include` for a project already read in this write (the one `ProjectCommands.create` just made).
    static func include(
        _ requirementID: UUID, in project: Project, field: String, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> IncludedRequirement {
        let capabilities = try requireManager(viewer)
        if project.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        // A requirement the viewer may not know of is refused as if it did not exist.
        guard let requirement = try await RequirementModel.find(requirementID, on: tx),
            try await CustomerQueries.access(requirement.customerID, for: viewer, on: tx) != nil
        else { throw ValidationFailure([ValidationIssue(field, "invalidReference")]) }
        guard requirement.customerID == project.customerID else { throw ProjectRequirementRefusal.otherCustomer }
        let from = requirement.statusValue
        if let refusal = ProjectRequirementRules.refusal(toInclude: from) { throw refusal }
        let included = try await ProjectRequirementModel.query(on: tx).filter(\.$projectID == project.id)
            .filter(\.$requirementID == requirementID).count()
        if included > 0 { throw DataError.conflict(reason: "requirementAlreadyIncluded") }
        let to = ProjectRequirementRules.status(onInclusion: from)
        if to != from, let refusal = from.refusal(toMove: to, with: capabilities) { throw refusal }

        let link = ProjectRequirementModel()
        link.id = UUID.timeOrdered()
        link.projectID = project.id
        link.requirementID = requirementID
        link.addedBy = context.actor.userID
        link.addedAt = context.now
        try await link.create(on: tx)
        var changes = AuditChanges()
        changes.set("requirementId", requirementID.idText)
        changes.set("title", requirement.title)
        try await AuditLog.append(
            .projectRequirementIncluded, recordType: .project, recordID: project.id.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        if to != from {
            try await RequirementCommands.follow(requirement, to: to, project: project, in: context, on: tx)
        }
        return IncludedRequirement(
            requirementID: requirementID, title: requirement.title, status: to,
            priority: Priority(rawValue: requirement.priority) ?? .normal, addedAt: context.now,
            addedBy: context.actor.userID)
    }

    /// Takes a requirement out of the project. A delivered requirement stays; a planned one that is then in no
    /// project is specified again.
    public static func remove(
        _ requirementID: UUID, from projectID: UUID, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws {
        let (model, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        let project = model.value
        _ = try requireManager(viewer)
        if project.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        guard
            let link = try await ProjectRequirementModel.query(on: tx).filter(\.$projectID == projectID)
                .filter(\.$requirementID == requirementID).first(),
            let requirement = try await RequirementModel.find(requirementID, on: tx)
        else { throw DataError.notFound }
        let from = requirement.statusValue
        if let refusal = ProjectRequirementRules.refusal(toRemove: from) { throw refusal }
        try await link.delete(on: tx)
        let remaining = try await ProjectRequirementModel.query(on: tx).filter(\.$requirementID == requirementID)
            .count()
        var changes = AuditChanges()
        changes.field("requirementId", from: requirementID.idText, to: nil)
        changes.note("title", requirement.title)
        try await AuditLog.append(
            .projectRequirementRemoved, recordType: .project, recordID: projectID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        let to = ProjectRequirementRules.status(onRemoval: from, remaining: remaining)
        if to != from {
            try await RequirementCommands.follow(requirement, to: to, project: project, in: context, on: tx)
        }
    }

    /// The viewer's capabilities, which must hold `projectsManage` (the project manager's).
    private static func requireManager(_ viewer: CustomerViewer) throws -> Set<Capability> {
        let capabilities = AccessPolicy.capabilities(of: viewer.roles)
        guard capabilities.contains(.projectsManage) else {
            throw RequirementMoveRefusal.forbidden(needs: .projectsManage)
        }
        return capabilities
    }
}

extension RequirementCommands {
    /// Moves a requirement's status because a project took it in or let it go: the same history row and audit
    /// entry as any move (`requirement.status`), noting the project; the history's note is its number.
    static func follow(
        _ model: RequirementModel, to next: RequirementStatus, project: Project, in context: WriteContext,
        on tx: any Database
    ) async throws {
        let id = try model.requireID()
        let from = model.statusValue
        model.status = next.rawValue
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        try await recordTransition(id, from: from, to: next, note: project.numberText, in: context, on: tx)
        var changes = AuditChanges()
        changes.field("status", from: from.rawValue, to: next.rawValue)
        changes.note("projectId", project.id.idText)
        try await AuditLog.append(
            .requirementStatusChanged, recordType: .requirement, recordID: id.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
    }
}
