import FluentKit
import Foundation
import LiaisonCore

final class RequirementModel: Model, @unchecked Sendable {
    static let schema = "requirements"

    @ID(key: .id) var id: UUID?
    @Field(key: "customer_id") var customerID: UUID
    @OptionalField(key: "contact_id") var contactID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @OptionalField(key: "business_value") var businessValue: String?
    @OptionalField(key: "desired_date") var desiredDate: String?
    @Field(key: "priority") var priority: String
    @Field(key: "source_kind") var sourceKind: String
    @OptionalField(key: "source_id") var sourceID: UUID?
    @OptionalField(key: "source_reference") var sourceReference: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "department_id") var departmentID: UUID?
    @OptionalField(key: "handed_off_at") var handedOffAt: Date?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: RequirementStatus { RequirementStatus(rawValue: status) ?? .captured }

    var value: Requirement {
        Requirement(
            id: id ?? UUID(), customerID: customerID, contactID: contactID, title: title, description: description,
            businessValue: businessValue, desiredDate: desiredDate.flatMap(LocalDate.init), 
            priority: Priority(rawValue: priority) ?? .normal,
            sourceKind: RequirementSourceKind(rawValue: sourceKind) ?? .typed, sourceID: sourceID,
            sourceReference: sourceReference, status: statusValue, departmentID: departmentID,
            handedOffAt: handedOffAt, ownerID: ownerID, createdByID: createdBy, version: version,
            createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields and records each change (every field when `isNew`).
    func apply(_ input: ValidRequirement, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        if isNew {
            changes.set("customerId", input.customerID.idText)
            changes.set("sourceKind", input.sourceKind.rawValue)
            changes.set("sourceId", input.sourceID?.idText)
            changes.set("sourceReference", input.sourceReference)
        }
        field("contactId", ($contactID.value ?? nil)?.idText, input.contactID?.idText)
        field("title", $title.value, input.title)
        field("description", $description.value, input.description)
        field("businessValue", $businessValue.value ?? nil, input.businessValue)
        field("desiredDate", $desiredDate.value ?? nil, input.desiredDate?.description)
        field("priority", $priority.value, input.priority.rawValue)
        field("ownerId", ($ownerID.value ?? nil)?.idText, input.ownerID?.idText)
        customerID = input.customerID
        contactID = input.contactID
        title = input.title
        description = input.description
        businessValue = input.businessValue
        desiredDate = input.desiredDate?.description
        priority = input.priority.rawValue
        ownerID = input.ownerID
        if isNew {
            sourceKind = input.sourceKind.rawValue
            sourceID = input.sourceID
            sourceReference = input.sourceReference
        }
    }
}

final class RequirementAssessmentModel: Model, @unchecked Sendable {
    static let schema = "requirement_assessments"

    @ID(key: .id) var id: UUID?
    @Field(key: "requirement_id") var requirementID: UUID
    @OptionalField(key: "feasibility") var feasibility: String?
    @OptionalField(key: "effort_days") var effortDays: Double?
    @OptionalField(key: "value") var value: String?
    @OptionalField(key: "risks") var risks: String?
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "customer_reason") var customerReason: String?
    @OptionalField(key: "internal_notes") var internalNotes: String?
    @OptionalField(key: "assessed_by") var assessedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var assessment: RequirementAssessment {
        RequirementAssessment(
            requirementID: requirementID, feasibility: feasibility.flatMap(Feasibility.init),
            effortDays: effortDays, value: value.flatMap(RequirementValue.init), risks: risks,
            decision: decision.flatMap(AssessmentDecision.init), customerReason: customerReason,
            internalNotes: internalNotes, assessedByID: assessedBy, decidedAt: decidedAt, version: version,
            updatedAt: updatedAt)
    }
}

final class RequirementTransitionModel: Model, @unchecked Sendable {
    static let schema = "requirement_transitions"

    @ID(key: .id) var id: UUID?
    @Field(key: "requirement_id") var requirementID: UUID
    @OptionalField(key: "from_status") var fromStatus: String?
    @Field(key: "to_status") var toStatus: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var transition: RequirementTransition {
        RequirementTransition(
            from: fromStatus.flatMap(RequirementStatus.init), to: RequirementStatus(rawValue: toStatus) ?? .captured,
            actorID: actorID, note: note, at: createdAt)
    }
}

final class RequirementAttachmentModel: Model, @unchecked Sendable {
    static let schema = "requirement_attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "requirement_id") var requirementID: UUID
    @Field(key: "attachment_id") var attachmentID: UUID

    init() {}
}

final class RequirementDocumentModel: Model, @unchecked Sendable {
    static let schema = "requirement_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "title") var title: String
    @Field(key: "current_version") var currentVersion: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func document(requirements: [UUID]) -> RequirementDocument {
        RequirementDocument(
            id: id ?? UUID(), kind: RequirementDocumentKind(rawValue: kind) ?? .specification, customerID: customerID,
            title: title, requirementIDs: requirements, currentVersion: currentVersion, createdByID: createdBy,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class RequirementDocumentVersionModel: Model, @unchecked Sendable {
    static let schema = "requirement_document_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "document_id") var documentID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "author_id") var authorID: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var version: RequirementDocumentVersion {
        RequirementDocumentVersion(
            documentID: documentID, number: number, title: title, body: body, note: note, authorID: authorID,
            createdAt: createdAt)
    }
}

final class RequirementDocumentLinkModel: Model, @unchecked Sendable {
    static let schema = "requirement_document_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "document_id") var documentID: UUID
    @Field(key: "requirement_id") var requirementID: UUID

    init() {}
}
