import FluentKit
import Foundation
import LiaisonCore

final class ProjectTaskModel: Model, @unchecked Sendable {
    static let schema = "project_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "department_id") var departmentID: UUID?
    /// Plain days ("2026-05-01").
    @OptionalField(key: "start_on") var startOn: String?
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "estimate_hours") var estimateHours: Double?
    /// The ids of the tasks this one waits for, as a JSON array.
    @Field(key: "predecessors") var predecessors: String
    @OptionalField(key: "deliverable") var deliverable: String?
    @OptionalField(key: "acceptance_check") var acceptanceCheck: String?
    @Field(key: "status") var status: String
    /// When the task was alerted as overdue; cleared when its due day or status changes.
    @OptionalField(key: "alerted_at") var alertedAt: Date?
    /// `[RACIAssignment]` as JSON.
    @Field(key: "raci") var raci: String
    /// When the task last moved to done (nil while it is not done).
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func value() throws -> ProjectTask {
        ProjectTask(
            id: id ?? UUID(), projectID: projectID, name: name, description: description, ownerID: ownerID,
            departmentID: departmentID, startOn: startOn.flatMap(LocalDate.init), dueOn: dueOn.flatMap(LocalDate.init),
            estimateHours: estimateHours,
            predecessors: try JSONColumn.decodeIDs(predecessors, column: "project_tasks.predecessors", row: id),
            deliverable: deliverable, acceptanceCheck: acceptanceCheck,
            status: TaskStatus(rawValue: status) ?? .notStarted,
            raci: try JSONColumn.decodeRACI(raci, column: "project_tasks.raci", row: id),
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields of the input (all but the status), noting each change for the audit trail.
    func apply(_ input: ValidTask, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        let predecessorText = JSONColumn.encode(input.predecessors.map(\.idText))
        let raciText = JSONColumn.encode(input.raci)
        field("name", $name.value, input.name)
        field("description", $description.value ?? nil, input.description)
        field("ownerId", ($ownerID.value ?? nil)?.idText, input.ownerID?.idText)
        field("departmentId", ($departmentID.value ?? nil)?.idText, input.departmentID?.idText)
        field("startOn", $startOn.value ?? nil, input.startOn?.description)
        field("dueOn", $dueOn.value ?? nil, input.dueOn?.description)
        field("estimateHours", ($estimateHours.value ?? nil).map { String($0) }, input.estimateHours.map { String($0) })
        field("predecessors", $predecessors.value, predecessorText)
        field("deliverable", $deliverable.value ?? nil, input.deliverable)
        field("acceptanceCheck", $acceptanceCheck.value ?? nil, input.acceptanceCheck)
        field("raci", $raci.value, raciText)
        name = input.name
        description = input.description
        ownerID = input.ownerID
        departmentID = input.departmentID
        startOn = input.startOn?.description
        dueOn = input.dueOn?.description
        estimateHours = input.estimateHours
        predecessors = predecessorText
        deliverable = input.deliverable
        acceptanceCheck = input.acceptanceCheck
        raci = raciText
    }
}

final class ProjectMilestoneModel: Model, @unchecked Sendable {
    static let schema = "project_milestones"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "name") var name: String
    @Field(key: "date") var date: String
    @Field(key: "reached") var reached: Bool
    /// When the milestone was marked reached (nil while it is not).
    @OptionalField(key: "reached_at") var reachedAt: Date?
    /// When the milestone was alerted as slipping; cleared when its date changes or it is reached.
    @OptionalField(key: "alerted_at") var alertedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var value: ProjectMilestone {
        ProjectMilestone(
            id: id ?? UUID(), projectID: projectID, name: name, date: LocalDate(date) ?? LocalDate(year: 2000, month: 1, day: 1),
            reached: reached, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension ProjectTaskModel {
    /// Keeps `done_at` with the status: set when the task moves to done, cleared when it leaves done.
    func noteDone(from current: TaskStatus, to next: TaskStatus, at now: Date) {
        guard current != next else { return }
        if next == .done { doneAt = now } else if current == .done { doneAt = nil }
    }
}
