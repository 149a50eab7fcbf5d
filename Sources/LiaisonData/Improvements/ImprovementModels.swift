import FluentKit
import Foundation
import LiaisonCore

final class ImprovementActionModel: Model, @unchecked Sendable {
    static let schema = "improvement_actions"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "project_id") var projectID: UUID?
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    /// When the owner was told it is due tomorrow.
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    /// When the owner was told it is overdue.
    @OptionalField(key: "overdue_at") var overdueAt: Date?
    @OptionalField(key: "next_check_at") var nextCheckAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: ImprovementStatus { ImprovementStatus(rawValue: status) ?? .open }
    var dueDay: LocalDate { LocalDate(dueOn) ?? LocalDate(year: 2000, month: 1, day: 1) }

    var value: ImprovementAction {
        ImprovementAction(
            id: id ?? UUID(), number: number, title: title, description: description, ownerID: ownerID,
            dueOn: dueDay, status: statusValue, doneAt: doneAt, projectID: projectID, customerID: customerID,
            createdBy: createdBy, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields of the input (all but the status and the project), noting each change for the audit trail.
    func apply(_ input: ValidImprovement, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        field("title", $title.value, input.title)
        field("description", $description.value ?? nil, input.description)
        field("ownerId", $ownerID.value?.idText, input.ownerID.idText)
        field("dueOn", $dueOn.value, input.dueOn.description)
        title = input.title
        description = input.description
        ownerID = input.ownerID
        dueOn = input.dueOn.description
    }
}
