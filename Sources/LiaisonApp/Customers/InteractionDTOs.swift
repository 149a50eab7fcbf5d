import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct InteractionDTO: Content {
    var id: UUID
    var customerId: UUID
    var channel: String
    var direction: String
    var subject: String
    var body: String
    var bodyHtml: String
    var occurredAt: Date
    var durationMinutes: Int?
    var outcome: String?
    var staffIds: [UUID]
    var contactIds: [UUID]
    var nextStep: String?
    var nextStepOwnerId: UUID?
    var nextStepDueAt: Date?
    var nextStepDoneAt: Date?
    var createdById: UUID?
    var attachments: [AttachmentDTO]?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ i: Interaction, attachments: [Attachment]? = nil) {
        id = i.id
        customerId = i.customerID
        channel = i.channel.rawValue
        direction = i.direction.rawValue
        subject = i.subject
        body = i.body
        bodyHtml = Markdown.html(i.body)
        occurredAt = i.occurredAt
        durationMinutes = i.durationMinutes
        outcome = i.outcome
        staffIds = i.staffIDs
        contactIds = i.contactIDs
        nextStep = i.nextStep
        nextStepOwnerId = i.nextStepOwnerID
        nextStepDueAt = i.nextStepDueAt
        nextStepDoneAt = i.nextStepDoneAt
        createdById = i.createdByID
        self.attachments = attachments?.map(AttachmentDTO.init)
        version = i.version
        createdAt = i.createdAt
        updatedAt = i.updatedAt
    }
}

struct CreateInteractionRequest: Content {
    var customerId: String?
    var channel: String?
    var direction: String?
    var subject: String?
    var body: String?
    var occurredAt: Date?
    var durationMinutes: Int?
    var outcome: String?
    var staffIds: [String]?
    var contactIds: [String]?
    var nextStep: String?
    var nextStepOwnerId: String?
    var nextStepDueAt: Date?

    var input: InteractionInput {
        InteractionInput(
            customerID: customerId, channel: channel, direction: direction, subject: subject, body: body,
            occurredAt: occurredAt, durationMinutes: durationMinutes, outcome: outcome, staffIDs: staffIds,
            contactIDs: contactIds, nextStep: nextStep, nextStepOwnerID: nextStepOwnerId, nextStepDueAt: nextStepDueAt)
    }
}

struct UpdateInteractionRequest: Content {
    var nextStepDone: Bool?
}

struct TimelineEntryDTO: Content {
    var id: UUID
    var kind: String
    var refId: UUID
    var customerId: UUID
    var occurredAt: Date
    var channel: String?
    var direction: String?
    var title: String
    var excerpt: String
    var actor: String

    init(_ e: TimelineEntry) {
        id = e.id
        kind = e.kind.rawValue
        refId = e.refID
        customerId = e.customerID
        occurredAt = e.occurredAt
        channel = e.channel?.rawValue
        direction = e.direction?.rawValue
        title = e.title
        excerpt = e.excerpt
        actor = e.actorLabel
    }
}

struct AttachmentDTO: Content {
    var id: UUID
    var filename: String
    var mime: String
    var size: Int
    var sha256: String
    var customerId: UUID?
    var interactionId: UUID?
    var createdAt: Date

    init(_ a: Attachment) {
        id = a.id
        filename = a.filename
        mime = a.mime
        size = a.size
        sha256 = a.sha256
        customerId = a.customerID
        interactionId = a.interactionID
        createdAt = a.createdAt
    }
}

struct SearchHitDTO: Content {
    var kind: String
    var id: UUID
    var customerId: UUID
    var title: String
    var snippet: String
    var updatedAt: Date

    init(_ h: SearchHit) {
        kind = h.kind.rawValue
        id = h.refID
        customerId = h.customerID
        title = h.title
        snippet = h.snippet
        updatedAt = h.updatedAt
    }
}
