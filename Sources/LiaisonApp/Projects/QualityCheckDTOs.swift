import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct QualityCheckDTO: Content {
    var id: UUID
    var projectId: UUID
    var taskId: UUID
    var criterion: String
    var result: String
    var evidence: String?
    var evidenceLink: String?
    var note: String?
    var reviewerId: UUID?
    var checkedAt: Date
    var createdAt: Date

    init(_ check: QualityCheck) {
        id = check.id
        projectId = check.projectID
        taskId = check.taskID
        criterion = check.criterion
        result = check.result.rawValue
        evidence = check.evidence
        evidenceLink = check.evidenceLink
        note = check.note
        reviewerId = check.reviewerID
        checkedAt = check.checkedAt
        createdAt = check.createdAt
    }
}

struct DeliverableAcceptanceDTO: Content {
    var id: UUID
    var taskId: UUID
    var decision: String
    var contactId: UUID?
    var channel: String
    var note: String?
    var recordedBy: UUID?
    var decidedAt: Date

    init(_ answer: DeliverableAcceptance) {
        id = answer.id
        taskId = answer.taskID
        decision = answer.decision.rawValue
        contactId = answer.contactID
        channel = answer.channel
        note = answer.note
        recordedBy = answer.recordedBy
        decidedAt = answer.decidedAt
    }
}

/// A deliverable: its task, its latest check, whether it is ready for the customer (`ready`: the latest check
/// passed; `failed`; `notChecked`), and the customer's latest answer.
struct DeliverableDTO: Content {
    var taskId: UUID
    var name: String
    var deliverable: String
    var acceptanceCheck: String?
    var taskStatus: String
    var dueOn: String?
    var readiness: String
    var checkCount: Int
    var latestCheck: QualityCheckDTO?
    var acceptance: DeliverableAcceptanceDTO?

    init(_ item: QualityCheckQueries.Deliverable) {
        taskId = item.task.id
        name = item.task.name
        deliverable = item.task.deliverable ?? ""
        acceptanceCheck = item.task.acceptanceCheck
        taskStatus = item.task.status.rawValue
        dueOn = item.task.dueOn?.description
        readiness = item.readiness.rawValue
        checkCount = item.checkCount
        latestCheck = item.latestCheck.map(QualityCheckDTO.init)
        acceptance = item.acceptance.map(DeliverableAcceptanceDTO.init)
    }
}

struct QualityCheckBody: Decodable {
    var taskId: String?
    var criterion: String?
    var result: String?
    var evidence: String?
    var evidenceLink: String?
    var note: String?
    var checkedAt: String?

    var input: QualityCheckInput {
        QualityCheckInput(
            taskID: taskId, criterion: criterion, result: result, evidence: evidence, evidenceLink: evidenceLink,
            note: note, checkedAt: checkedAt)
    }
}

/// The customer's answer on a deliverable as staff record it: accepted or rejected, by which contact, and a note.
struct DeliverableAcceptanceBody: Decodable {
    var decision: String?
    var contactId: String?
    var note: String?
}

/// A deliverable as its customer's portal shows it: no staff-only field (no reviewer, no evidence).
struct PortalDeliverableDTO: Content {
    var taskId: UUID
    var projectNumber: String
    var projectName: String
    var name: String
    var deliverable: String
    var acceptanceCheck: String?
    var readiness: String
    var checkedAt: Date?
    var decision: String?
    var decidedAt: Date?

    init(projectNumber: String, projectName: String, _ item: QualityCheckQueries.Deliverable) {
        taskId = item.task.id
        self.projectNumber = projectNumber
        self.projectName = projectName
        name = item.task.name
        deliverable = item.task.deliverable ?? ""
        acceptanceCheck = item.task.acceptanceCheck
        readiness = item.readiness.rawValue
        checkedAt = item.latestCheck?.checkedAt
        decision = item.acceptance?.decision.rawValue
        decidedAt = item.acceptance?.decidedAt
    }
}

/// The customer's answer as the portal answers it.
struct PortalDeliverableAnswerDTO: Content {
    var taskId: UUID
    var decision: String
    var note: String?
    var decidedAt: Date

    init(_ answer: DeliverableAcceptance) {
        taskId = answer.taskID
        decision = answer.decision.rawValue
        note = answer.note
        decidedAt = answer.decidedAt
    }
}
