import Foundation

/// A customer request (服务请求 / 工单) as the rest of the system sees it.
public struct ServiceRequest: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var number: Int
    /// Nil for a request opened by mail from an unknown sender, until someone links it to a customer.
    public var customerID: UUID?
    public var contactID: UUID?
    public var kind: RequestKind
    public var priority: Priority
    public var channel: Channel
    public var subject: String
    public var status: RequestStatus
    public var queueID: UUID?
    public var assigneeID: UUID?
    public var slaPolicyID: UUID?
    public var sla: RequestSLA
    public var firstResponseDueAt: Date?
    public var nextResponseDueAt: Date?
    public var resolutionDueAt: Date?
    public var breaches: Set<SLAMetric>
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var mergedIntoID: UUID?
    public var satisfaction: Int?
    public var satisfactionComment: String?
    public var createdByID: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, number: Int, customerID: UUID?, contactID: UUID?, kind: RequestKind, priority: Priority,
        channel: Channel, subject: String, status: RequestStatus, queueID: UUID?, assigneeID: UUID?,
        slaPolicyID: UUID?, sla: RequestSLA, firstResponseDueAt: Date?, nextResponseDueAt: Date?,
        resolutionDueAt: Date?, breaches: Set<SLAMetric>, resolvedAt: Date?, closedAt: Date?, mergedIntoID: UUID?,
        satisfaction: Int?, satisfactionComment: String?, createdByID: UUID?, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.number = number
        self.customerID = customerID
        self.contactID = contactID
        self.kind = kind
        self.priority = priority
        self.channel = channel
        self.subject = subject
        self.status = status
        self.queueID = queueID
        self.assigneeID = assigneeID
        self.slaPolicyID = slaPolicyID
        self.sla = sla
        self.firstResponseDueAt = firstResponseDueAt
        self.nextResponseDueAt = nextResponseDueAt
        self.resolutionDueAt = resolutionDueAt
        self.breaches = breaches
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.mergedIntoID = mergedIntoID
        self.satisfaction = satisfaction
        self.satisfactionComment = satisfactionComment
        self.createdByID = createdByID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var numberText: String { RequestNumber.format(number) }

    /// The earliest due time among the running clocks: what queues sort by.
    public var nextDueAt: Date? {
        [firstResponseDueAt, nextResponseDueAt, resolutionDueAt].compactMap { $0 }.min()
    }
}

/// One message on a request: a public reply or customer message, or an internal note.
public struct RequestMessage: Sendable, Equatable, Identifiable {
    public enum Visibility: String, Sendable, Codable, CaseIterable {
        case `public`
        case `internal`
    }

    public var id: UUID
    public var requestID: UUID
    public var authorID: UUID?
    public var contactID: UUID?
    public var visibility: Visibility
    public var channel: Channel
    public var body: String
    public var createdAt: Date

    public init(
        id: UUID, requestID: UUID, authorID: UUID?, contactID: UUID?, visibility: Visibility, channel: Channel,
        body: String, createdAt: Date
    ) {
        self.id = id
        self.requestID = requestID
        self.authorID = authorID
        self.contactID = contactID
        self.visibility = visibility
        self.channel = channel
        self.body = body
        self.createdAt = createdAt
    }

    /// Written by the customer's contact rather than by staff.
    public var fromCustomer: Bool { authorID == nil && contactID != nil }
}

/// A new request as entered.
public struct RequestInput: Sendable, Equatable {
    public var customerID: String?
    public var contactID: String?
    public var kind: String?
    public var priority: String?
    public var channel: String?
    public var subject: String?
    public var body: String?
    public var queueID: String?
    public var assigneeID: String?

    public init(
        customerID: String? = nil, contactID: String? = nil, kind: String? = nil, priority: String? = nil,
        channel: String? = nil, subject: String? = nil, body: String? = nil, queueID: String? = nil,
        assigneeID: String? = nil
    ) {
        self.customerID = customerID
        self.contactID = contactID
        self.kind = kind
        self.priority = priority
        self.channel = channel
        self.subject = subject
        self.body = body
        self.queueID = queueID
        self.assigneeID = assigneeID
    }
}

public struct ValidRequest: Sendable, Equatable {
    public var customerID: UUID
    public var contactID: UUID?
    public var kind: RequestKind
    public var priority: Priority
    public var channel: Channel
    public var subject: String
    public var body: String
    public var queueID: UUID?
    public var assigneeID: UUID?
    /// The body as plain text (for the timeline's excerpt and the search index), worked out once on validation,
    /// before the write.
    public let plainBody: String

    public init(
        customerID: UUID, contactID: UUID?, kind: RequestKind, priority: Priority, channel: Channel, subject: String,
        body: String, queueID: UUID?, assigneeID: UUID?
    ) {
        self.customerID = customerID
        self.contactID = contactID
        self.kind = kind
        self.priority = priority
        self.channel = channel
        self.subject = subject
        self.body = body
        self.queueID = queueID
        self.assigneeID = assigneeID
        plainBody = Markdown.plainText(body)
    }
}

extension RequestInput {
    public func validated() throws(ValidationFailure) -> ValidRequest {
        var v = FieldValidator()
        let customer = v.reference("customerId", customerID)
        if customerID?.trimmedSpaces().isEmpty ?? true { v.add("customerId", "required") }
        let contact = v.reference("contactId", contactID)
        if kind?.trimmedSpaces().isEmpty ?? true { v.add("kind", "required") }
        let kind = v.choice("kind", kind, default: RequestKind.inquiry)
        if priority?.trimmedSpaces().isEmpty ?? true { v.add("priority", "required") }
        let priority = v.choice("priority", priority, default: Priority.normal)
        let channel = v.choice("channel", channel, default: Channel.portal)
        let subject = v.requiredText("subject", subject, max: 200)
        let body = v.requiredText("body", body, max: 100_000, multiline: true)
        let queue = v.reference("queueId", queueID)
        let assignee = v.reference("assigneeId", assigneeID)
        try v.check()
        return ValidRequest(
            customerID: customer!, contactID: contact, kind: kind, priority: priority, channel: channel,
            subject: subject, body: body, queueID: queue, assigneeID: assignee)
    }
}
