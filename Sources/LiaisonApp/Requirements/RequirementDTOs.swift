import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A requirement in the API.
struct RequirementDTO: Content {
    var id: UUID
    var customerId: UUID
    var customerName: String?
    var contactId: UUID?
    var title: String
    var description: String
    var businessValue: String?
    var desiredDate: String?
    var priority: String
    var sourceKind: String
    var sourceId: UUID?
    var sourceReference: String?
    var status: String
    var departmentId: UUID?
    var handedOffAt: Date?
    var ownerId: UUID?
    var createdBy: UUID?
    var attachments: [AttachmentDTO]?
    /// The projects that include it and that the reader may know of (on a single requirement's answer).
    var projects: [RequirementProjectDTO]?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(
        _ r: Requirement, customerName: String? = nil, attachments: [Attachment]? = nil,
        projects: [RequirementProject]? = nil
    ) {
        id = r.id
        customerId = r.customerID
        self.customerName = customerName
        contactId = r.contactID
        title = r.title
        description = r.description
        businessValue = r.businessValue
        desiredDate = r.desiredDate?.description
        priority = r.priority.rawValue
        sourceKind = r.sourceKind.rawValue
        sourceId = r.sourceID
        sourceReference = r.sourceReference
        status = r.status.rawValue
        departmentId = r.departmentID
        handedOffAt = r.handedOffAt
        ownerId = r.ownerID
        createdBy = r.createdByID
        self.attachments = attachments?.map(AttachmentDTO.init)
        self.projects = projects?.map(RequirementProjectDTO.init)
        version = r.version
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}

/// The body of a create (`customerId`, `title` and `description` needed) or of an update (a field left out
/// keeps its value; an empty text clears an optional one).
struct RequirementBody: Content {
    var customerId: String?
    var contactId: String?
    var title: String?
    var description: String?
    var businessValue: String?
    var desiredDate: String?
    var priority: String?
    var sourceKind: String?
    var sourceId: String?
    var sourceReference: String?
    var ownerId: String?

    var input: RequirementInput {
        RequirementInput(
            customerID: customerId, contactID: contactId, title: title, description: description,
            businessValue: businessValue, desiredDate: desiredDate, priority: priority, sourceKind: sourceKind,
            sourceID: sourceId, sourceReference: sourceReference, ownerID: ownerId)
    }
}

/// A status move: the new status, the R&D department (to hand off), and a note for the history.
struct RequirementMoveBody: Content {
    var status: String?
    var departmentId: String?
    var note: String?

    var input: RequirementMoveInput {
        RequirementMoveInput(status: status, departmentID: departmentId, note: note)
    }
}

struct RequirementTransitionDTO: Content {
    var from: String?
    var to: String
    var actorId: UUID?
    var note: String?
    var at: Date

    init(_ t: RequirementTransition) {
        from = t.from?.rawValue
        to = t.to.rawValue
        actorId = t.actorID
        note = t.note
        at = t.at
    }
}

/// R&D's assessment. `customerReason` may be told to the customer; `internalNotes` never leave the company.
/// `version` is 0 before anything was recorded.
struct RequirementAssessmentDTO: Content {
    var requirementId: UUID
    var feasibility: String?
    var effortDays: Double?
    var value: String?
    var risks: String?
    var decision: String?
    var customerReason: String?
    var internalNotes: String?
    var assessedBy: UUID?
    var decidedAt: Date?
    var version: Int
    var updatedAt: Date?

    init(_ a: RequirementAssessment?, requirementID: UUID) {
        requirementId = requirementID
        feasibility = a?.feasibility?.rawValue
        effortDays = a?.effortDays
        value = a?.value?.rawValue
        risks = a?.risks
        decision = a?.decision?.rawValue
        customerReason = a?.customerReason
        internalNotes = a?.internalNotes
        assessedBy = a?.assessedByID
        decidedAt = a?.decidedAt
        version = a?.version ?? 0
        updatedAt = a?.updatedAt
    }
}

/// The body of `PUT …/assessment`: a field left out keeps its value, an empty text clears it; `decision`
/// (accept, reject, defer) records the decision and moves the requirement.
struct RequirementAssessmentBody: Content {
    var feasibility: String?
    var effortDays: Double?
    var value: String?
    var risks: String?
    var decision: String?
    var customerReason: String?
    var internalNotes: String?

    var input: RequirementAssessmentInput {
        RequirementAssessmentInput(
            feasibility: feasibility, effortDays: effortDays.map { String($0) }, value: value, risks: risks,
            decision: decision, customerReason: customerReason, internalNotes: internalNotes)
    }
}

struct RequirementDocumentDTO: Content {
    var id: UUID
    var kind: String
    var customerId: UUID
    var title: String
    var requirementIds: [UUID]
    var currentVersion: Int
    var body: String?
    var bodyHtml: String?
    var createdBy: UUID?
    var createdAt: Date
    var updatedAt: Date

    init(_ d: RequirementDocument, current: RequirementDocumentVersion? = nil) {
        id = d.id
        kind = d.kind.rawValue
        customerId = d.customerID
        title = d.title
        requirementIds = d.requirementIDs
        currentVersion = d.currentVersion
        body = current?.body
        bodyHtml = current.map { Markdown.html($0.body) }
        createdBy = d.createdByID
        createdAt = d.createdAt
        updatedAt = d.updatedAt
    }
}

struct RequirementDocumentVersionDTO: Content {
    var documentId: UUID
    var number: Int
    var title: String
    var body: String?
    var bodyHtml: String?
    var note: String?
    var authorId: UUID?
    var createdAt: Date

    init(_ v: RequirementDocumentVersion, withBody: Bool) {
        documentId = v.documentID
        number = v.number
        title = v.title
        body = withBody ? v.body : nil
        bodyHtml = withBody ? Markdown.html(v.body) : nil
        note = v.note
        authorId = v.authorID
        createdAt = v.createdAt
    }
}

/// A new document (`kind`, `title`, `body`, `requirementIds`) or a new version (`body`; `title`, `note`,
/// `requirementIds` optional).
struct RequirementDocumentBody: Content {
    var kind: String?
    var title: String?
    var body: String?
    var note: String?
    var requirementIds: [String]?

    var input: RequirementDocumentInput {
        RequirementDocumentInput(kind: kind, title: title, body: body, note: note, requirementIDs: requirementIds)
    }
}

/// The line diff between two versions of a document.
struct RequirementDiffDTO: Content {
    struct Line: Content {
        var kind: String
        var text: String
        var oldNumber: Int?
        var newNumber: Int?
    }

    var documentId: UUID
    var from: Int
    var to: Int
    var added: Int
    var removed: Int
    var lines: [Line]
}
