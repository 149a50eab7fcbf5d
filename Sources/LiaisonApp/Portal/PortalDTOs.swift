import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A request as its customer's contact sees it: never its queue, assignee, SLA targets, internal notes or any
/// other staff-only field.
struct PortalRequestDTO: Content {
    var id: UUID
    var number: String
    var kind: String
    var channel: String
    var subject: String
    var status: String
    /// Whether the contact may still close, reopen or rate it now.
    var canClose: Bool
    var canReopen: Bool
    var canRate: Bool
    var resolvedAt: Date?
    var closedAt: Date?
    var satisfaction: Int?
    var satisfactionComment: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ r: PortalRequest, now: Date, reopenDays: Int) {
        id = r.id
        number = r.numberText
        kind = r.kind.rawValue
        channel = r.channel.rawValue
        subject = r.subject
        status = r.status.rawValue
        canClose = PortalRules.mayClose(r.status)
        canReopen = r.mergedIntoID == nil
            && PortalRules.mayReopen(r.status, resolvedAt: r.resolvedAt, closedAt: r.closedAt, now: now, days: reopenDays)
        canRate = PortalRules.mayRate(r.status, resolvedAt: r.resolvedAt, rated: r.satisfaction != nil)
        resolvedAt = r.resolvedAt
        closedAt = r.closedAt
        satisfaction = r.satisfaction
        satisfactionComment = r.satisfactionComment
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}

struct PortalAttachmentDTO: Content {
    var id: UUID
    var filename: String
    var mime: String
    var size: Int
    var createdAt: Date

    init(_ a: Attachment) {
        id = a.id
        filename = a.filename
        mime = a.mime
        size = a.size
        createdAt = a.createdAt
    }
}

/// A public message of a request: who wrote it (the contact's side or the company's, by name), never a note.
struct PortalMessageDTO: Content {
    var id: UUID
    var fromCustomer: Bool
    var authorName: String?
    var body: String
    var bodyHtml: String
    var attachments: [PortalAttachmentDTO]
    var createdAt: Date

    init(_ m: PortalMessage) {
        id = m.id
        fromCustomer = m.fromCustomer
        authorName = m.authorName
        body = m.body
        bodyHtml = Markdown.html(m.body)
        attachments = m.attachments.map(PortalAttachmentDTO.init)
        createdAt = m.createdAt
    }
}

/// A request with its conversation.
struct PortalRequestDetailDTO: Content {
    var request: PortalRequestDTO
    var messages: [PortalMessageDTO]
}

/// The signed-in contact.
struct PortalMeDTO: Content {
    var userId: UUID
    var contactId: UUID
    var name: String
    var email: String
    var locale: String?
    var customerId: UUID
    var customerName: String
    /// `own`: the contact's own requests; `organisation`: all of its organisation's.
    var scope: String

    init(_ viewer: PortalViewer, person: Person) {
        userId = person.id
        contactId = viewer.contactID
        name = viewer.contactName
        email = person.email
        locale = person.locale?.rawValue
        customerId = viewer.customerID
        customerName = viewer.customerName
        scope = viewer.scope.rawValue
    }
}

/// An announcement the contact's organisation sees, in both languages.
struct PortalAnnouncementDTO: Content {
    var id: UUID
    var kind: String
    var titleZh: String
    var titleEn: String
    var bodyZh: String
    var bodyEn: String
    var publishedAt: Date
    var expiresAt: Date?
    var updatedAt: Date

    init(_ item: PublishedAnnouncement) {
        id = item.id
        kind = item.kind.rawValue
        titleZh = item.titleZh
        titleEn = item.titleEn
        bodyZh = item.bodyZh
        bodyEn = item.bodyEn
        publishedAt = item.publishedAt
        expiresAt = item.expiresAt
        updatedAt = item.updatedAt
    }
}

struct PortalCreateRequestBody: Content {
    var kind: String?
    var subject: String?
    var body: String?

    var input: PortalRequestInput { PortalRequestInput(kind: kind, subject: subject, body: body) }
}

struct PortalReplyBody: Content {
    var body: String?
}

struct PortalRatingBody: Content {
    var score: Int?
    var comment: String?
}

struct PortalMeUpdateBody: Content {
    var name: String?
    var locale: String?
}

/// A contact's portal account, for staff.
struct PortalAccountDTO: Content {
    var userId: UUID
    var contactId: UUID
    var email: String
    var active: Bool
    /// The contact has set its password or signed in.
    var accepted: Bool
    var lastSignInAt: Date?
    /// When the invitation still waiting to be used stops working.
    var invitationExpiresAt: Date?
    var scope: String

    init(_ a: PortalAccount) {
        userId = a.userID
        contactId = a.contactID
        email = a.email
        active = a.active
        accepted = a.accepted
        lastSignInAt = a.lastSignInAt
        invitationExpiresAt = a.invitationExpiresAt
        scope = a.scope.rawValue
    }
}

/// The answer to an invitation: the account, whether the link was mailed, and the link itself only when no
/// mailbox could send it (for the staff member to pass on).
struct PortalInvitationDTO: Content {
    var account: PortalAccountDTO
    var mailed: Bool
    var link: String?
    var expiresAt: Date
}

struct PortalInvitationBody: Content {
    var email: String?
    var scope: String?
}

struct PortalAccountUpdateBody: Content {
    var scope: String?
}
