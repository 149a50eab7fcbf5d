import FluentKit
import Foundation
import LiaisonCore

/// Writing a project's risks and issues. Each write loads the project under the viewer's need-to-know
/// (`ProjectCommands.load`); an owner must be active staff who may know the project's customer. A risk that
/// happens becomes an issue in one write (`occurred`): the issue starts from the risk (its severity from the
/// risk's band, its resolution from the contingency) and names it, and the risk, its history kept, stays as
/// `occurred`, naming the issue.
public enum RiskCommands {
    public static func createRisk(
        projectID: UUID, _ input: ValidRisk, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> Risk {
        try await openProject(projectID, newOwner: input.ownerID, for: viewer, on: tx)
        let status = input.status ?? .open
        try check(RiskStatus.open, to: status)
        let model = RiskModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.status = status.rawValue
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: true)
        changes.set("status", status.rawValue)
        changes.note("projectId", projectID.idText)
        try await model.create(on: tx)
        try await AuditLog.append(
            .riskCreated, recordType: .risk, recordID: model.id!.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return model.value
    }

    public static func updateRisk(
        projectID: UUID, riskID: UUID, _ input: ValidRisk, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> Risk {
        let project = try await openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let model = try await loadRisk(riskID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        let current = model.statusValue
        if current == .occurred { throw DataError.conflict(reason: "riskOccurred") }
        let next = input.status ?? current
        try check(current, to: next)
        try await checkOwner(input.ownerID, was: model.ownerID, of: project, on: tx)
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: false)
        changes.field("status", from: current.rawValue, to: next.rawValue)
        guard !changes.isEmpty else { return model.value }
        model.status = next.rawValue
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .riskUpdated, recordType: .risk, recordID: riskID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return model.value
    }

    /// The risk happened: it becomes an issue, in one write. Refused for a risk that already did.
    public static func occurred(
        projectID: UUID, riskID: UUID, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> (risk: Risk, issue: ProjectIssue) {
        try await openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let risk = try await loadRisk(riskID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        if risk.statusValue == .occurred { throw DataError.conflict(reason: "riskOccurred") }
        let valid = ValidProjectIssue(
            title: risk.title, description: risk.description,
            severity: ProjectIssueSeverity(RiskScore(probability: risk.probability, impact: risk.impact).level),
            ownerID: risk.ownerID, resolution: risk.contingency, dueOn: nil, status: .open)
        let issue = ProjectIssueModel()
        issue.id = UUID.timeOrdered(at: context.now)
        issue.projectID = projectID
        issue.status = ProjectIssueStatus.open.rawValue
        issue.riskID = riskID
        issue.createdBy = context.actor.userID
        issue.version = 1
        issue.createdAt = context.now
        issue.updatedAt = context.now
        var issueChanges = AuditChanges()
        issue.apply(valid, changes: &issueChanges, isNew: true)
        issueChanges.set("status", ProjectIssueStatus.open.rawValue)
        issueChanges.set("riskId", riskID.idText)
        issueChanges.note("projectId", projectID.idText)
        try await issue.create(on: tx)
        let previous = risk.statusValue
        risk.status = RiskStatus.occurred.rawValue
        risk.issueID = issue.id
        risk.version += 1
        risk.updatedAt = context.now
        try await risk.update(on: tx)
        var riskChanges = AuditChanges()
        riskChanges.field("status", from: previous.rawValue, to: RiskStatus.occurred.rawValue)
        riskChanges.set("issueId", issue.id!.idText)
        riskChanges.note("projectId", projectID.idText)
        try await AuditLog.append(
            .riskOccurred, recordType: .risk, recordID: riskID.idText, changes: riskChanges, by: context.actor,
            at: context.now, on: tx)
        try await AuditLog.append(
            .projectIssueCreated, recordType: .projectIssue, recordID: issue.id!.idText, changes: issueChanges,
            by: context.actor, at: context.now, on: tx)
        return (risk.value, issue.value)
    }

    public static func createIssue(
        projectID: UUID, _ input: ValidProjectIssue, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ProjectIssue {
        try await openProject(projectID, newOwner: input.ownerID, for: viewer, on: tx)
        let status = input.status ?? .open
        try check(ProjectIssueStatus.open, to: status)
        let model = ProjectIssueModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.status = status.rawValue
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: true)
        changes.set("status", status.rawValue)
        changes.note("projectId", projectID.idText)
        try await model.create(on: tx)
        try await AuditLog.append(
            .projectIssueCreated, recordType: .projectIssue, recordID: model.id!.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    public static func updateIssue(
        projectID: UUID, issueID: UUID, _ input: ValidProjectIssue, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ProjectIssue {
        let project = try await openProject(projectID, newOwner: nil, for: viewer, on: tx)
        guard let model = try await ProjectIssueModel.query(on: tx).filter(\.$id == issueID)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        let current = model.statusValue
        let next = input.status ?? current
        try check(current, to: next)
        try await checkOwner(input.ownerID, was: model.ownerID, of: project, on: tx)
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: false)
        changes.field("status", from: current.rawValue, to: next.rawValue)
        guard !changes.isEmpty else { return model.value }
        model.status = next.rawValue
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .projectIssueUpdated, recordType: .projectIssue, recordID: issueID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    // MARK: Checks

    /// The project, if the viewer may know it and it is not closed; a new owner named must be able to know its
    /// customer.
    @discardableResult
    static func openProject(_ projectID: UUID, newOwner: UUID?, for viewer: CustomerViewer, on tx: any Database)
        async throws -> ProjectModel
    {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        if let newOwner {
            try await CommunicationPlanCommands.checkOwner(newOwner, customerID: project.customerID, on: tx)
        }
        return project
    }

    /// A changed owner must be able to know the project's customer.
    static func checkOwner(_ owner: UUID?, was current: UUID?, of project: ProjectModel, on tx: any Database)
        async throws
    {
        guard let owner, owner != current else { return }
        try await CommunicationPlanCommands.checkOwner(owner, customerID: project.customerID, on: tx)
    }

    static func loadRisk(_ id: UUID, projectID: UUID, expectedVersion: Int?, on tx: any Database) async throws
        -> RiskModel
    {
        guard let model = try await RiskModel.query(on: tx).filter(\.$id == id).filter(\.$projectID == projectID)
            .first()
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    static func check(_ current: RiskStatus, to next: RiskStatus) throws(ValidationFailure) {
        guard !current.canMove(to: next) else { return }
        throw ValidationFailure([ValidationIssue("status", "riskBadTransition", [current.rawValue, next.rawValue])])
    }

    static func check(_ current: ProjectIssueStatus, to next: ProjectIssueStatus) throws(ValidationFailure) {
        guard !current.canMove(to: next) else { return }
        throw ValidationFailure([
            ValidationIssue("status", "projectIssueBadTransition", [current.rawValue, next.rawValue])
        ])
    }
}
