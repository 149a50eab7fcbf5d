import Foundation

/// Where a commitment (承诺跟进) stands: open until it is done, or cancelled when it no longer holds.
public enum CommitmentStatus: String, CaseIterable, Codable, Sendable {
    case open
    case done
    case cancelled

    public var labelKey: String { "commitment.status.\(rawValue)" }
}

/// Where a commitment was made: in a reply to the customer, an interaction's next step, a meeting, or entered by
/// hand.
public enum CommitmentSource: String, CaseIterable, Codable, Sendable {
    case reply
    case interaction
    case meeting
    case manual

    public var labelKey: String { "commitment.source.\(rawValue)" }
}

/// A promise made to a customer with a time ("下周一上午给您方案"): who keeps it, by when, and where it came from.
/// Its owner is reminded before it is due and told, with the escalation an SLA breach has, when it passes.
public struct Commitment: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var text: String
    public var ownerID: UUID
    public var dueAt: Date
    public var status: CommitmentStatus
    public var source: CommitmentSource
    public var customerID: UUID?
    public var requestID: UUID?
    public var interactionID: UUID?
    /// The reply message the promise was made in, when it came from a reply.
    public var messageID: UUID?
    public var remindedAt: Date?
    public var breachedAt: Date?
    public var doneAt: Date?
    public var doneBy: UUID?
    public var createdBy: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, text: String, ownerID: UUID, dueAt: Date, status: CommitmentStatus, source: CommitmentSource,
        customerID: UUID? = nil, requestID: UUID? = nil, interactionID: UUID? = nil, messageID: UUID? = nil,
        remindedAt: Date? = nil, breachedAt: Date? = nil, doneAt: Date? = nil, doneBy: UUID? = nil,
        createdBy: UUID? = nil, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.text = text
        self.ownerID = ownerID
        self.dueAt = dueAt
        self.status = status
        self.source = source
        self.customerID = customerID
        self.requestID = requestID
        self.interactionID = interactionID
        self.messageID = messageID
        self.remindedAt = remindedAt
        self.breachedAt = breachedAt
        self.doneAt = doneAt
        self.doneBy = doneBy
        self.createdBy = createdBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Open and past its due time.
    public func isOverdue(at now: Date) -> Bool { status == .open && dueAt <= now }
}

/// A commitment as entered. On a change only the text, the due time and the owner may move; the caller fills what
/// was left out from the commitment as it is.
public struct CommitmentInput: Sendable, Equatable {
    public var text: String?
    public var dueAt: String?
    public var ownerID: String?
    public var customerID: String?
    public var requestID: String?
    public var interactionID: String?
    public var messageID: String?
    public var source: String?

    public init(
        text: String? = nil, dueAt: String? = nil, ownerID: String? = nil, customerID: String? = nil,
        requestID: String? = nil, interactionID: String? = nil, messageID: String? = nil, source: String? = nil
    ) {
        self.text = text
        self.dueAt = dueAt
        self.ownerID = ownerID
        self.customerID = customerID
        self.requestID = requestID
        self.interactionID = interactionID
        self.messageID = messageID
        self.source = source
    }

    public static let maxText = 500

    /// The input checked field by field. `notBefore` is the moment the due time must come after (the present) when
    /// it is new or changed; nil leaves an unchanged due time as it is, even one already past.
    public func validated(notBefore: Date?) throws(ValidationFailure) -> ValidCommitment {
        var v = FieldValidator()
        let text = v.requiredText("text", text, max: Self.maxText)
        if dueAt?.trimmedSpaces().isEmpty ?? true { v.add("dueAt", "required") }
        let due = v.moment("dueAt", dueAt)
        if let due, let notBefore, due <= notBefore { v.add("dueAt", "commitmentDueInPast") }
        // A field given blank is refused, not taken as left out: only a field not sent at all falls back.
        func reference(_ field: String, _ raw: String?) -> UUID? {
            if let raw, raw.trimmed().isEmpty {
                v.add(field, "invalidReference")
                return nil
            }
            return v.reference(field, raw)
        }
        let owner = reference("ownerId", ownerID)
        let customer = reference("customerId", customerID)
        let request = reference("requestId", requestID)
        let interaction = reference("interactionId", interactionID)
        let message = reference("messageId", messageID)
        if let source, source.trimmed().isEmpty {
            v.add("source", "invalidChoice", [CommitmentSource.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        let source = v.optionalChoice("source", source, as: CommitmentSource.self)
        try v.check()
        return ValidCommitment(
            text: text, dueAt: try v.unwrap(due, "dueAt"), ownerID: owner, customerID: customer, requestID: request,
            interactionID: interaction, messageID: message, source: source ?? .manual)
    }
}

/// A commitment input that passed its checks. A nil owner is the person writing it.
public struct ValidCommitment: Sendable, Equatable {
    public var text: String
    public var dueAt: Date
    public var ownerID: UUID?
    public var customerID: UUID?
    public var requestID: UUID?
    public var interactionID: UUID?
    public var messageID: UUID?
    public var source: CommitmentSource

    public init(
        text: String, dueAt: Date, ownerID: UUID?, customerID: UUID? = nil, requestID: UUID? = nil,
        interactionID: UUID? = nil, messageID: UUID? = nil, source: CommitmentSource = .manual
    ) {
        self.text = text
        self.dueAt = dueAt
        self.ownerID = ownerID
        self.customerID = customerID
        self.requestID = requestID
        self.interactionID = interactionID
        self.messageID = messageID
        self.source = source
    }
}
