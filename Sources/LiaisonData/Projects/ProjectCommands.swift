import FluentKit
import Foundation
import LiaisonCore

/// Creating and changing projects, their status and their team. Each takes the viewer whose need-to-know decides
/// which customers it may work for: a project of a customer the viewer may not know is not found.
public enum ProjectCommands {
    /// The counter that numbers projects (P-0001, P-0002 …).
    static let counter = "projects"

    /// Creates a project in `planning`, with its manager on the team, and includes the requirements the input names
    /// (`ProjectRequirementCommands.include`: any refusal undoes the whole creation).
    public static func create(
        _ input: ValidProject, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> Project {
        guard let access = try await CustomerQueries.access(input.customerID, for: viewer, on: tx) else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        let managerID = input.managerID ?? context.actor.userID
        if let managerID { try await CustomerCommands.requireActivePerson(managerID, field: "managerId", on: tx) }
        let model = ProjectModel()
        model.id = UUID()
        model.number = Int(try await Counters.next(counter, on: tx))
        model.customerID = input.customerID
        model.status = ProjectStatus.planning.rawValue
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        var valid = input
        valid.managerID = managerID
        model.apply(valid, changes: &changes, isNew: true)
        changes.set("number", ProjectNumber.format(model.number))
        changes.set("customerId", input.customerID.idText)
        try await model.create(on: tx)
        let project = model.value
        try await AuditLog.append(
            .projectCreated, recordType: .project, recordID: project.id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        if let managerID {
            try await putMember(project, userID: managerID, role: .projectManager, in: context, on: tx)
        }
        try await index(project, classification: access.classification, isNew: true, on: tx)
        try await TimelineWriter.record(
            kind: .project, refID: project.id, customerID: project.customerID, contactIDs: [],
            occurredAt: context.now, channel: nil, direction: nil, title: project.numberText + " " + project.name,
            body: project.description ?? "", actorLabel: context.actor.label, on: tx)
        for requirementID in input.requirementIDs {
            _ = try await ProjectRequirementCommands.include(
                requirementID, in: project, field: "requirementIds", for: viewer, in: context, on: tx)
        }
        return project
    }

    public static func update(
        id: UUID, with input: ValidProject, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> Project {
        let (model, access) = try await load(id, expectedVersion: expectedVersion, for: viewer, on: tx)
        if input.customerID != model.customerID {
            throw ValidationFailure([ValidationIssue("customerId", "projectCustomerFixed")])
        }
        if model.value.status == .closed { throw DataError.conflict(reason: "projectClosed") }
        var valid = input
        valid.managerID = input.managerID ?? model.managerID
        let previousManager = model.managerID
        if let manager = valid.managerID, manager != previousManager {
            try await CustomerCommands.requireActivePerson(manager, field: "managerId", on: tx)
        }
        var changes = AuditChanges()
        model.apply(valid, changes: &changes, isNew: false)
        guard !changes.isEmpty else { return model.value }
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        let project = model.value
        try await AuditLog.append(
            .projectUpdated, recordType: .project, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        if let manager = valid.managerID, manager != previousManager {
            // The former manager stays on the team as a member; the new one leads it.
            if let previousManager,
                let former = try await ProjectMemberModel.query(on: tx).filter(\.$projectID == id)
                    .filter(\.$userID == previousManager).first()
            {
                former.role = ProjectRole.member.rawValue
                try await former.update(on: tx)
            }
            try await putMember(project, userID: manager, role: .projectManager, in: context, on: tx)
        }
        try await index(project, classification: access.classification, isNew: false, on: tx)
        return project
    }

    /// Moves a project to another status: only along `ProjectStatus.allowedNext`, and only for a person whose roles
    /// grant the move's capability. A project starts (`planning → active`) only after its kickoff meeting (held, or
    /// scheduled and begun) or with a `reason`, which the audit entry records.
    public static func move(
        id: UUID, to next: ProjectStatus, reason: String? = nil, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> Project {
        let (model, _) = try await load(id, expectedVersion: expectedVersion, for: viewer, on: tx)
        let current = model.value.status
        guard AccessPolicy.allows(viewer.roles, ProjectStatus.requiredCapability(to: next)) else {
            throw DataError.conflict(reason: "projectTransitionForbidden")
        }
        guard current.canMove(to: next) else {
            throw ValidationFailure([
                ValidationIssue("status", "projectBadTransition", [current.rawValue, next.rawValue])
            ])
        }
        let reason = reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if current == .planning, next == .active, reason == nil,
            !(try await MeetingQueries.hasKickoff(projectID: id, at: context.now, on: tx))
        {
            throw ValidationFailure([ValidationIssue("reason", "projectKickoffRequired")])
        }
        model.status = next.rawValue
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        // The communication plan runs while the project does.
        let runs = CommunicationSweep.running
        if runs.contains(current), !runs.contains(next) {
            try await CommunicationPlanCommands.pause(projectID: id, at: context.now, on: tx)
        } else if !runs.contains(current), runs.contains(next) {
            try await CommunicationPlanCommands.restart(projectID: id, onlyMilestones: false, at: context.now, on: tx)
        }
        // Alerts are for active projects: what fell overdue before is alerted once the project is active.
        if next == .active { try await ProjectAlerts.rearm(projectID: id, on: tx) }
        var changes = AuditChanges()
        changes.field("status", from: current.rawValue, to: next.rawValue)
        if let reason { changes.note("reason", reason) }
        try await AuditLog.append(
            .projectStatusChanged, recordType: .project, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return model.value
    }

    /// Adds a person to the team, or changes their role there. The project manager's role comes with being the
    /// project's manager (set on the project), not from here.
    public static func addMember(
        projectID: UUID, userID: UUID, role: ProjectRole, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> [ProjectMember] {
        let (model, _) = try await load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try await CustomerCommands.requireActivePerson(userID, field: "userId", on: tx)
        if role == .projectManager {
            throw ValidationFailure([ValidationIssue("role", "projectManagerOnProject")])
        }
        if model.managerID == userID { throw DataError.conflict(reason: "projectManagerStays") }
        try await putMember(model.value, userID: userID, role: role, in: context, on: tx)
        return try await ProjectQueries.members(of: projectID, on: tx)
    }

    public static func removeMember(
        projectID: UUID, userID: UUID, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> [ProjectMember] {
        let (model, _) = try await load(projectID, expectedVersion: nil, for: viewer, on: tx)
        if model.managerID == userID { throw DataError.conflict(reason: "projectManagerStays") }
        guard
            let member = try await ProjectMemberModel.query(on: tx).filter(\.$projectID == projectID)
                .filter(\.$userID == userID).first()
        else { throw DataError.notFound }
        try await member.delete(on: tx)
        var changes = AuditChanges()
        changes.field("userId", from: userID.idText, to: nil)
        changes.field("role", from: member.role, to: nil)
        try await AuditLog.append(
            .projectMemberRemoved, recordType: .project, recordID: projectID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return try await ProjectQueries.members(of: projectID, on: tx)
    }

    /// Puts a person on the team with a role, and on the customer's account team when they are not on it yet (as
    /// the part their project role brings): the project's team must be able to see the project and its customer.
    /// Leaving the project does not take them off the account team; that is decided on the customer.
    static func putMember(
        _ project: Project, userID: UUID, role: ProjectRole, in context: WriteContext, on tx: any Database
    ) async throws {
        if let existing = try await ProjectMemberModel.query(on: tx).filter(\.$projectID == project.id)
            .filter(\.$userID == userID).first()
        {
            guard existing.role != role.rawValue else { return }
            var changes = AuditChanges()
            changes.set("userId", userID.idText)
            changes.field("role", from: existing.role, to: role.rawValue)
            existing.role = role.rawValue
            try await existing.update(on: tx)
            try await AuditLog.append(
                .projectMemberAdded, recordType: .project, recordID: project.id.idText, changes: changes,
                by: context.actor, at: context.now, on: tx)
        } else {
            let member = ProjectMemberModel()
            member.id = UUID()
            member.projectID = project.id
            member.userID = userID
            member.role = role.rawValue
            member.addedAt = context.now
            try await member.create(on: tx)
            var changes = AuditChanges()
            changes.set("userId", userID.idText)
            changes.set("role", role.rawValue)
            try await AuditLog.append(
                .projectMemberAdded, recordType: .project, recordID: project.id.idText, changes: changes,
                by: context.actor, at: context.now, on: tx)
        }
        let onTeam =
            try await TeamMemberModel.query(on: tx).filter(\.$customerID == project.customerID)
            .filter(\.$userID == userID).count() > 0
        if !onTeam {
            try await TeamCommands.put(
                customerID: project.customerID, userID: userID, role: role.teamRole, at: context.now, on: tx)
            var changes = AuditChanges()
            changes.set("userId", userID.idText)
            changes.set("role", role.teamRole.rawValue)
            changes.note("projectId", project.id.idText)
            try await AuditLog.append(
                .teamMemberAdded, recordType: .customer, recordID: project.customerID.idText, changes: changes,
                by: context.actor, at: context.now, on: tx)
        }
    }

    /// The project for a change, checked against the viewer's need-to-know and the expected version.
    static func load(_ id: UUID, expectedVersion: Int?, for viewer: CustomerViewer, on tx: any Database)
        async throws -> (ProjectModel, CustomerAccess)
    {
        guard let model = try await ProjectModel.find(id, on: tx),
            let access = try await CustomerQueries.access(model.customerID, for: viewer, on: tx)
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return (model, access)
    }

    static func index(_ project: Project, classification: Classification, isNew: Bool, on tx: any Database)
        async throws
    {
        try await SearchIndex.upsert(
            .project, refID: project.id, customerID: project.customerID, classification: classification,
            title: project.numberText + " " + project.name,
            text: project.description.map(Markdown.plainText) ?? "", updatedAt: project.updatedAt, isNew: isNew,
            on: tx)
    }
}
