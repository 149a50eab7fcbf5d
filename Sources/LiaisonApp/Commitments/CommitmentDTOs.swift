import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct CommitmentDTO: Content {
    var id: UUID
    var text: String
    var ownerId: UUID
    var ownerName: String
    var dueAt: Date
    var status: String
    var source: String
    var overdue: Bool
    var customerId: UUID?
    var customerName: String?
    var requestId: UUID?
    var requestNumber: String?
    var interactionId: UUID?
    var messageId: UUID?
    var remindedAt: Date?
    var breachedAt: Date?
    var doneAt: Date?
    var doneBy: UUID?
    var createdBy: UUID?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ s: CommitmentSummary, now: Date) {
        let c = s.commitment
        id = c.id
        text = c.text
        ownerId = c.ownerID
        ownerName = s.ownerName
        dueAt = c.dueAt
        status = c.status.rawValue
        source = c.source.rawValue
        overdue = c.isOverdue(at: now)
        customerId = c.customerID
        customerName = s.customerName
        requestId = c.requestID
        requestNumber = s.requestNumber.map(RequestNumber.format)
        interactionId = c.interactionID
        messageId = c.messageID
        remindedAt = c.remindedAt
        breachedAt = c.breachedAt
        doneAt = c.doneAt
        doneBy = c.doneBy
        createdBy = c.createdBy
        version = c.version
        createdAt = c.createdAt
        updatedAt = c.updatedAt
    }
}

/// A commitment as the API takes it. On a change only `text`, `dueAt` and `ownerId` count; a field left out keeps
/// its value.
struct CommitmentBody: Decodable {
    var text: String?
    var dueAt: String?
    var ownerId: String?
    var customerId: String?
    var requestId: String?
    var interactionId: String?
    var messageId: String?
    var source: String?

    var input: CommitmentInput {
        CommitmentInput(
            text: text, dueAt: dueAt, ownerID: ownerId, customerID: customerId, requestID: requestId,
            interactionID: interactionId, messageID: messageId, source: source)
    }

    func input(over current: Commitment) -> CommitmentInput {
        CommitmentInput(
            text: text ?? current.text, dueAt: dueAt ?? DateText.rfc3339(current.dueAt),
            ownerID: ownerId ?? current.ownerID.idText)
    }
}
