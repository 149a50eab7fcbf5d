import Foundation

/// A conversation with a customer on any channel (沟通记录), as entered.
public struct InteractionInput: Sendable, Equatable {
    public var customerID: String?
    public var channel: String?
    public var direction: String?
    public var subject: String?
    public var body: String?
    public var occurredAt: Date?
    public var durationMinutes: Int?
    public var outcome: String?
    public var staffIDs: [String]?
    public var contactIDs: [String]?
    public var nextStep: String?
    public var nextStepOwnerID: String?
    public var nextStepDueAt: Date?

    public init(
        customerID: String? = nil, channel: String? = nil, direction: String? = nil, subject: String? = nil,
        body: String? = nil, occurredAt: Date? = nil, durationMinutes: Int? = nil, outcome: String? = nil,
        staffIDs: [String]? = nil, contactIDs: [String]? = nil, nextStep: String? = nil,
        nextStepOwnerID: String? = nil, nextStepDueAt: Date? = nil
    ) {
        self.customerID = customerID
        self.channel = channel
        self.direction = direction
        self.subject = subject
        self.body = body
        self.occurredAt = occurredAt
        self.durationMinutes = durationMinutes
        self.outcome = outcome
        self.staffIDs = staffIDs
        self.contactIDs = contactIDs
        self.nextStep = nextStep
        self.nextStepOwnerID = nextStepOwnerID
        self.nextStepDueAt = nextStepDueAt
    }
}

public struct ValidInteraction: Sendable, Equatable {
    public var customerID: UUID
    public var channel: Channel
    public var direction: Direction
    public var subject: String
    public var body: String
    public var occurredAt: Date
    public var durationMinutes: Int?
    public var outcome: String?
    public var staffIDs: [UUID]
    public var contactIDs: [UUID]
    public var nextStep: NextStep?

    public init(
        customerID: UUID, channel: Channel, direction: Direction, subject: String, body: String, occurredAt: Date,
        durationMinutes: Int?, outcome: String?, staffIDs: [UUID], contactIDs: [UUID], nextStep: NextStep?
    ) {
        self.customerID = customerID
        self.channel = channel
        self.direction = direction
        self.subject = subject
        self.body = body
        self.occurredAt = occurredAt
        self.durationMinutes = durationMinutes
        self.outcome = outcome
        self.staffIDs = staffIDs
        self.contactIDs = contactIDs
        self.nextStep = nextStep
    }

    public struct NextStep: Sendable, Equatable {
        public var text: String
        public var ownerID: UUID
        public var dueAt: Date?
    }
}

extension InteractionInput {
    /// Checks the input. `now` bounds `occurredAt` (a record of what happened may be dated at most a day ahead,
    /// for time zones); `defaultOwner` owns a next step that names no owner.
    public func validated(now: Date, defaultOwner: UUID) throws(ValidationFailure) -> ValidInteraction {
        var v = FieldValidator()
        let customer = v.reference("customerId", customerID)
        if customerID?.trimmedSpaces().isEmpty ?? true { v.add("customerId", "required") }
        if (channel ?? "").trimmedSpaces().isEmpty { v.add("channel", "required") }
        let channel = v.choice("channel", channel, default: Channel.email)
        if (direction ?? "").trimmedSpaces().isEmpty { v.add("direction", "required") }
        let direction = v.choice("direction", direction, default: Direction.outbound)
        let subject = v.requiredText("subject", subject, max: 200)
        let body = v.cleanText("body", body ?? "", max: 100_000, multiline: true)
        if let occurredAt {
            if occurredAt > now.addingTimeInterval(86_400) { v.add("occurredAt", "tooFarAhead") }
            if occurredAt < Date(timeIntervalSince1970: 0) { v.add("occurredAt", "invalidDate") }
        } else {
            v.add("occurredAt", "required")
        }
        if let minutes = durationMinutes, !(0...1440).contains(minutes) {
            v.add("durationMinutes", "outOfRange", ["0", "1440"])
        }
        let outcome = v.optionalText("outcome", outcome, max: 500)
        let staff = ids("staffIds", staffIDs, into: &v)
        let contacts = ids("contactIds", contactIDs, into: &v)
        var next: ValidInteraction.NextStep?
        v.inRange("nextStepDueAt", nextStepDueAt)
        if let text = v.optionalText("nextStep", nextStep, max: 500) {
            let owner = v.reference("nextStepOwnerId", nextStepOwnerID) ?? defaultOwner
            next = .init(text: text, ownerID: owner, dueAt: nextStepDueAt)
        } else if nextStepDueAt != nil || !(nextStepOwnerID ?? "").isEmpty {
            v.add("nextStep", "required")
        }
        try v.check()
        return ValidInteraction(
            customerID: customer!, channel: channel, direction: direction, subject: subject, body: body,
            occurredAt: occurredAt!, durationMinutes: durationMinutes, outcome: outcome, staffIDs: staff,
            contactIDs: contacts, nextStep: next)
    }

    private func ids(_ field: String, _ raw: [String]?, into v: inout FieldValidator) -> [UUID] {
        var result: [UUID] = []
        for text in raw ?? [] where !text.trimmedSpaces().isEmpty {
            if let id = UUIDText.parse(text.trimmedSpaces()) {
                if !result.contains(id) { result.append(id) }
            } else {
                v.add(field, "invalidReference")
            }
        }
        if result.count > 50 { v.add(field, "tooMany", ["50"]) }
        return result
    }
}
