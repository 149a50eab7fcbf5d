import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Creating, changing and deleting the tasks of a project's work plan. Each write loads the project under the
/// viewer's need-to-know (`ProjectCommands.load`) and checks the task against the rest of the plan with one read of
/// the project's edges (`TaskQueries.graph`): a task depending on itself, on a task of another project or in a
/// circle is refused, naming the circle; nothing is written then.
public enum TaskCommands {
    public static func create(
        projectID: UUID, _ input: ValidTask, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ProjectTask {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try open(project)
        let status = input.status ?? .notStarted
        try TaskStatus.notStarted.checkMove(to: status)
        try await checkPeople(input, customerID: project.customerID, on: tx)
        let id = UUID.timeOrdered(at: context.now)
        try await checkGraph(
            projectID: projectID,
            changed: TaskGraph.Node(id: id, start: input.startOn, due: input.dueOn, predecessors: input.predecessors),
            name: input.name, on: tx)
        let model = ProjectTaskModel()
        model.id = id
        model.projectID = projectID
        model.status = status.rawValue
        if status == .done { model.doneAt = context.now }
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
            .taskCreated, recordType: .task, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return try model.value()
    }

    /// Changes a task's fields and, when `input.status` is given, its status (along `TaskStatus.allowedNext`).
    public static func update(
        projectID: UUID, taskID: UUID, with input: ValidTask, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ProjectTask {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try open(project)
        let model = try await load(taskID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        let current = TaskStatus(rawValue: model.status) ?? .notStarted
        let next = input.status ?? current
        try current.checkMove(to: next)
        try await checkPeople(input, customerID: project.customerID, on: tx)
        try await checkGraph(
            projectID: projectID,
            changed: TaskGraph.Node(id: taskID, start: input.startOn, due: input.dueOn, predecessors: input.predecessors),
            name: input.name, on: tx)
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: false)
        changes.field("status", from: current.rawValue, to: next.rawValue)
        guard !changes.isEmpty else { return try model.value() }
        model.status = next.rawValue
        model.noteDone(from: current, to: next, at: context.now)
        if next != current || changes.fields["dueOn"] != nil { model.alertedAt = nil }
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .taskUpdated, recordType: .task, recordID: taskID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return try model.value()
    }

    /// Moves a task to another status. `mayManage` (the `projectsManage` capability) may move any task of the
    /// project; anyone else only a task they own.
    public static func move(
        projectID: UUID, taskID: UUID, to next: TaskStatus, expectedVersion: Int?, mayManage: Bool,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ProjectTask {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try open(project)
        let model = try await load(taskID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        guard mayManage || model.ownerID == viewer.userID else { throw DataError.conflict(reason: "taskNotYours") }
        let current = TaskStatus(rawValue: model.status) ?? .notStarted
        try current.checkMove(to: next)
        guard current != next else { return try model.value() }
        model.status = next.rawValue
        model.noteDone(from: current, to: next, at: context.now)
        model.alertedAt = nil
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.field("status", from: current.rawValue, to: next.rawValue)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .taskStatusChanged, recordType: .task, recordID: taskID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return try model.value()
    }

    /// Deletes a task; the tasks that waited for it no longer do (each such change is noted in the entry).
    public static func delete(
        projectID: UUID, taskID: UUID, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try open(project)
        let model = try await load(taskID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        changes.field("status", from: model.status, to: nil)
        changes.note("projectId", projectID.idText)
        let waiting = try await ProjectTaskModel.query(on: tx).filter(\.$projectID == projectID).all()
            .filter { $0.id != taskID && $0.predecessors.contains(taskID.idText) }
        for successor in waiting {
            var ids = try JSONColumn.decodeIDs(
                successor.predecessors, column: "project_tasks.predecessors", row: successor.id)
            ids.removeAll { $0 == taskID }
            successor.predecessors = JSONColumn.encode(ids.map(\.idText))
            successor.version += 1
            successor.updatedAt = context.now
            try await successor.update(on: tx)
        }
        if !waiting.isEmpty {
            changes.note("releasedTasks", waiting.compactMap { $0.id?.idText }.joined(separator: ","))
        }
        try await model.delete(on: tx)
        try await AuditLog.append(
            .taskDeleted, recordType: .task, recordID: taskID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    // MARK: Checks

    static func open(_ project: ProjectModel) throws {
        if project.value.status == .closed { throw DataError.conflict(reason: "projectClosed") }
    }

    static func load(_ id: UUID, projectID: UUID, expectedVersion: Int?, on tx: any Database) async throws
        -> ProjectTaskModel
    {
        guard let model = try await ProjectTaskModel.query(on: tx).filter(\.$id == id)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    /// The owner, the department and the people of the RACI parts exist; the owner and the RACI people may know
    /// the project's customer (a task of a confidential customer goes to its account team).
    static func checkPeople(_ input: ValidTask, customerID: UUID, on tx: any Database) async throws {
        var issues: [ValidationIssue] = []
        if let owner = input.ownerID {
            if try await !isActivePerson(owner, on: tx) {
                issues.append(ValidationIssue("ownerId", "invalidReference"))
            } else if try await !CustomerQueries.mayKnow(customerID, person: owner, on: tx) {
                issues.append(ValidationIssue("ownerId", "taskOwnerMayNotKnow"))
            }
        }
        if let department = input.departmentID, try await DepartmentModel.find(department, on: tx) == nil {
            issues.append(ValidationIssue("departmentId", "invalidReference"))
        }
        for person in Set(input.raci.map(\.personID)) {
            if try await !isActivePerson(person, on: tx) {
                issues.append(ValidationIssue("raci", "invalidReference"))
                break
            }
            if try await !CustomerQueries.mayKnow(customerID, person: person, on: tx) {
                issues.append(ValidationIssue("raci", "taskOwnerMayNotKnow"))
                break
            }
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }

    private static func isActivePerson(_ id: UUID, on tx: any Database) async throws -> Bool {
        guard let person = try await UserModel.find(id, on: tx) else { return false }
        return person.active && person.contactID == nil
    }

    /// The plan with `changed` in place of the task of its id (or added): refused when that makes any problem
    /// (`TaskGraph.issues`, tasks named by their names).
    static func checkGraph(projectID: UUID, changed: TaskGraph.Node, name: String, on tx: any Database) async throws {
        let (stored, storedNames) = try await TaskQueries.graph(projectID: projectID, on: tx)
        var nodes = stored
        if let index = nodes.firstIndex(where: { $0.id == changed.id }) {
            nodes[index] = changed
        } else {
            nodes.append(changed)
        }
        var names = storedNames
        names[changed.id] = name
        let graph = TaskGraph(nodes)
        let name = { (id: UUID) in names[id] ?? id.idText }
        var issues = graph.issues(field: "predecessors", name: name)
        guard !issues.isEmpty else { return }
        // A circle through the changed task is told from it: "A → B → C → A" when A was made to wait for C.
        for (index, problem) in graph.problems().enumerated() where index < issues.count {
            guard case .cycle(let ids) = problem, let start = ids.firstIndex(of: changed.id) else { continue }
            let rotated = Array(ids[start...] + ids[..<start])
            issues[index] = ValidationIssue("predecessors", "taskDependencyCycle", [TaskGraph.chain(rotated, name: name)])
        }
        throw ValidationFailure(issues)
    }
}

/// Creating, changing and deleting a project's milestones; a milestone's day must lie within the project's
/// schedule (its start and end days, either of which may be open).
public enum MilestoneCommands {
    /// The most milestones a project may have.
    public static let maxMilestones = 200

    public static func create(
        projectID: UUID, _ input: ValidMilestone, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ProjectMilestone {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        try check(input, project)
        // A plan's milestones are listed whole (one page): their number is bounded.
        if try await ProjectMilestoneModel.query(on: tx).filter(\.$projectID == projectID).count() >= maxMilestones {
            throw ValidationFailure([ValidationIssue("milestones", "tooMany", [String(maxMilestones)])])
        }
        let model = ProjectMilestoneModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.name = input.name
        model.date = input.date.description
        model.reached = input.reached
        model.reachedAt = input.reached ? context.now : nil
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        try await model.create(on: tx)
        try await CommunicationPlanCommands.restart(projectID: projectID, onlyMilestones: true, at: context.now, on: tx)
        var changes = AuditChanges()
        changes.set("name", input.name)
        changes.set("date", input.date.description)
        changes.set("reached", String(input.reached))
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .milestoneCreated, recordType: .milestone, recordID: model.value.id.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    public static func update(
        projectID: UUID, milestoneID: UUID, with input: ValidMilestone, expectedVersion: Int?,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ProjectMilestone {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        let model = try await load(milestoneID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        if model.date != input.date.description { try check(input, project) }
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: input.name)
        changes.field("date", from: model.date, to: input.date.description)
        changes.field("reached", from: String(model.reached), to: String(input.reached))
        guard !changes.isEmpty else { return model.value }
        model.name = input.name
        model.date = input.date.description
        if changes.fields["date"] != nil || changes.fields["reached"] != nil { model.alertedAt = nil }
        if model.reached != input.reached { model.reachedAt = input.reached ? context.now : nil }
        model.reached = input.reached
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        if changes.fields["date"] != nil {
            try await CommunicationPlanCommands.restart(
                projectID: projectID, onlyMilestones: true, at: context.now, on: tx)
        }
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .milestoneUpdated, recordType: .milestone, recordID: milestoneID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    public static func delete(
        projectID: UUID, milestoneID: UUID, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        let model = try await load(milestoneID, projectID: projectID, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        changes.field("date", from: model.date, to: nil)
        changes.note("projectId", projectID.idText)
        try await model.delete(on: tx)
        try await CommunicationPlanCommands.restart(projectID: projectID, onlyMilestones: true, at: context.now, on: tx)
        try await AuditLog.append(
            .milestoneDeleted, recordType: .milestone, recordID: milestoneID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
    }

    static func check(_ input: ValidMilestone, _ project: ProjectModel) throws {
        let p = project.value
        if let issue = TaskGraph.milestoneIssue(input.date, projectStart: p.startOn, projectEnd: p.endOn) {
            throw ValidationFailure([issue])
        }
    }

    static func load(_ id: UUID, projectID: UUID, expectedVersion: Int?, on tx: any Database) async throws
        -> ProjectMilestoneModel
    {
        guard let model = try await ProjectMilestoneModel.query(on: tx).filter(\.$id == id)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }
}
