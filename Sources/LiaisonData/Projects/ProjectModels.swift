import FluentKit
import Foundation
import LiaisonCore

final class ProjectModel: Model, @unchecked Sendable {
    static let schema = "projects"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?
    @OptionalField(key: "manager_id") var managerID: UUID?
    @Field(key: "status") var status: String
    /// Plain days ("2026-05-01").
    @OptionalField(key: "start_on") var startOn: String?
    @OptionalField(key: "end_on") var endOn: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var value: Project {
        Project(
            id: id ?? UUID(), number: number, customerID: customerID, name: name, description: description,
            managerID: managerID, status: ProjectStatus(rawValue: status) ?? .planning,
            startOn: startOn.flatMap(LocalDate.init), endOn: endOn.flatMap(LocalDate.init), createdBy: createdBy,
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields of the input, noting each change for the audit trail (all of them for a new project).
    func apply(_ input: ValidProject, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        field("name", $name.value, input.name)
        field("description", $description.value ?? nil, input.description)
        field("managerId", ($managerID.value ?? nil)?.idText, input.managerID?.idText)
        field("startOn", $startOn.value ?? nil, input.startOn?.description)
        field("endOn", $endOn.value ?? nil, input.endOn?.description)
        name = input.name
        description = input.description
        managerID = input.managerID
        startOn = input.startOn?.description
        endOn = input.endOn?.description
    }
}

final class ProjectMemberModel: Model, @unchecked Sendable {
    static let schema = "project_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

final class CharterVersionModel: Model, @unchecked Sendable {
    static let schema = "charter_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "status") var status: String
    /// `CharterContent` as JSON.
    @Field(key: "content") var content: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "sent_by") var sentBy: UUID?
    @OptionalField(key: "signed_at") var signedAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var statusValue: CharterVersionStatus { CharterVersionStatus(rawValue: status) ?? .draft }

    func contentValue() throws -> CharterContent {
        try JSONColumn.decode(CharterContent.self, content, column: "charter_versions.content", row: id)
    }
}

final class CharterSignerModel: Model, @unchecked Sendable {
    static let schema = "charter_signers"

    @ID(key: .id) var id: UUID?
    @Field(key: "charter_version_id") var versionID: UUID
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "locale") var locale: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "mailed_at") var mailedAt: Date?
    @OptionalField(key: "signed_at") var signedAt: Date?
    @OptionalField(key: "signed_address") var signedAddress: String?
    @OptionalField(key: "signed_user_id") var signedUserID: UUID?

    init() {}
}

/// A requirement included in a project.
final class ProjectRequirementModel: Model, @unchecked Sendable {
    static let schema = "project_requirements"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "requirement_id") var requirementID: UUID
    @OptionalField(key: "added_by") var addedBy: UUID?
    @Field(key: "added_at") var addedAt: Date

    init() {}
}
