import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct RequestDTO: Content {
    var id: UUID
    var number: String
    /// Absent for a request opened by mail from an unknown sender, until it is linked to a customer.
    var customerId: UUID?
    var contactId: UUID?
    var kind: String
    var priority: String
    var channel: String
    var subject: String
    var status: String
    var queueId: UUID?
    var assigneeId: UUID?
    var slaPolicyId: UUID?
    var targets: SLATargets
    var firstResponseDueAt: Date?
    var firstRespondedAt: Date?
    var nextResponseDueAt: Date?
    var resolutionDueAt: Date?
    var breaches: [String]
    var resolvedAt: Date?
    var closedAt: Date?
    var mergedIntoId: UUID?
    var satisfaction: Int?
    var satisfactionComment: String?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ r: ServiceRequest) {
        id = r.id
        number = r.numberText
        customerId = r.customerID
        contactId = r.contactID
        kind = r.kind.rawValue
        priority = r.priority.rawValue
        channel = r.channel.rawValue
        subject = r.subject
        status = r.status.rawValue
        queueId = r.queueID
        assigneeId = r.assigneeID
        slaPolicyId = r.slaPolicyID
        targets = r.sla.targets
        firstResponseDueAt = r.firstResponseDueAt
        firstRespondedAt = r.sla.firstRespondedAt
        nextResponseDueAt = r.nextResponseDueAt
        resolutionDueAt = r.resolutionDueAt
        breaches = r.breaches.map(\.rawValue).sorted()
        resolvedAt = r.resolvedAt
        closedAt = r.closedAt
        mergedIntoId = r.mergedIntoID
        satisfaction = r.satisfaction
        satisfactionComment = r.satisfactionComment
        version = r.version
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}

struct MessageDTO: Content {
    var id: UUID
    var requestId: UUID
    var authorId: UUID?
    var contactId: UUID?
    var visibility: String
    var channel: String
    var body: String
    var bodyHtml: String
    var attachments: [AttachmentDTO]
    /// The message as mail, for one that came or went by mail: its headers and, for our own, its delivery state.
    var mail: MailDTO?
    var createdAt: Date

    init(_ m: RequestMessage, attachments: [Attachment] = [], mail: MailRecord? = nil) {
        self.mail = mail.map { MailDTO($0, request: m.requestID, message: m.id) }
        id = m.id
        requestId = m.requestID
        authorId = m.authorID
        contactId = m.contactID
        visibility = m.visibility.rawValue
        channel = m.channel.rawValue
        body = m.body
        bodyHtml = Markdown.html(m.body)
        self.attachments = attachments.map(AttachmentDTO.init)
        createdAt = m.createdAt
    }
}

/// A message's mail: its addressing and threading headers, and where it stands.
struct MailDTO: Content {
    /// inbound or outbound.
    var direction: String
    /// received; for our own: queued, sent, failed.
    var state: String
    /// The server's last answer (for a failure, what it said).
    var serverReply: String?
    var attempts: Int
    var sentAt: Date?
    var messageId: String
    var inReplyTo: String?
    var references: [String]
    var from: String?
    var to: [String]
    var cc: [String]
    var subject: String
    /// Why no person wrote it (autoReply, bounce, bulk), for automatic mail.
    var automatic: String?
    /// The earlier messages it quoted, cut from the body.
    var quoted: String?
    /// Where the raw message (message/rfc822) is downloaded.
    var raw: String

    init(_ r: MailRecord, request: UUID, message: UUID) {
        direction = r.direction.rawValue
        state = r.state.rawValue
        serverReply = r.lastError
        attempts = r.attempts
        sentAt = r.sentAt
        messageId = r.messageID
        inReplyTo = r.inReplyTo
        references = r.references
        from = r.from?.display
        to = r.to.map(\.display)
        cc = r.cc.map(\.display)
        subject = r.subject
        automatic = r.automatic
        quoted = r.quoted
        raw = RequestRoutes.apiRawMessage.link(request.uuidString, message.uuidString)
    }
}

struct CreateRequestBody: Content {
    var customerId: String?
    var contactId: String?
    var kind: String?
    var priority: String?
    var channel: String?
    var subject: String?
    var body: String?
    var queueId: String?
    var assigneeId: String?

    var input: RequestInput {
        RequestInput(
            customerID: customerId, contactID: contactId, kind: kind, priority: priority, channel: channel,
            subject: subject, body: body, queueID: queueId, assigneeID: assigneeId)
    }
}

/// A partial update: `status` moves the request; the other fields change it. `null` unassigns or leaves the queue.
struct UpdateRequestBody: Decodable {
    var status: String?
    var kind: String?
    var priority: String?
    var subject: String?
    var queueId: Patch<String>
    var assigneeId: Patch<String>

    enum CodingKeys: String, CodingKey { case status, kind, priority, subject, queueId, assigneeId }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        priority = try c.decodeIfPresent(String.self, forKey: .priority)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        queueId = try Patch(c, .queueId)
        assigneeId = try Patch(c, .assigneeId)
    }

    func parsed() throws(ValidationFailure) -> RequestCommands.Changes {
        var v = FieldValidator()
        var changes = RequestCommands.Changes()
        changes.kind = v.optionalChoice("kind", kind, as: RequestKind.self)
        changes.priority = v.optionalChoice("priority", priority, as: Priority.self)
        if let subject { changes.subject = v.requiredText("subject", subject, max: 200) }
        switch queueId {
        case .absent: break
        case .clear: changes.queueID = .some(nil)
        case .set(let text): changes.queueID = .some(v.requiredReference("queueId", text))
        }
        switch assigneeId {
        case .absent: break
        case .clear: changes.assigneeID = .some(nil)
        case .set(let text): changes.assigneeID = .some(v.requiredReference("assigneeId", text))
        }
        changes.status = v.optionalChoice("status", status, as: RequestStatus.self)
        try v.check()
        return changes
    }
}

struct MessageBody: Content {
    var body: String?
    var visibility: String?
    var channel: String?
    var contactId: String?
    /// Send although the message check warns, and why (`MessageCheckWorkflow.confirmation`).
    var confirmWarnings: Bool?
    var overrideReason: String?

    func confirmation() throws(ValidationFailure) -> MessageCheckWorkflow.Confirmation? {
        try MessageCheckWorkflow.confirmation(confirm: confirmWarnings, reason: overrideReason)
    }

    func parsed() throws(ValidationFailure) -> RequestConversation.NewMessage {
        var v = FieldValidator()
        let text = v.requiredText("body", body, max: 100_000, multiline: true)
        let visibility = v.choice("visibility", visibility, default: RequestMessage.Visibility.public)
        let channel = v.choice("channel", channel, default: LiaisonCore.Channel.email)
        let contact = v.reference("contactId", contactId)
        try v.check()
        return .init(visibility: visibility, channel: channel, body: text, contactID: contact)
    }
}

struct NotificationDTO: Content {
    var id: UUID
    var kind: String
    var text: String
    var link: String
    var createdAt: Date
    var readAt: Date?
}
