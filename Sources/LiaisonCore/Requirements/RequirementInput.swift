import Foundation

/// A requirement as entered (API body or form). On an update a field left out (nil) keeps its value and an empty
/// text clears an optional one; the source is set when the requirement is captured and never changes.
public struct RequirementInput: Sendable, Equatable {
    public var customerID: String?
    public var contactID: String?
    public var title: String?
    public var description: String?
    public var businessValue: String?
    public var desiredDate: String?
    public var priority: String?
    public var sourceKind: String?
    public var sourceID: String?
    public var sourceReference: String?
    public var ownerID: String?

    public init(
        customerID: String? = nil, contactID: String? = nil, title: String? = nil, description: String? = nil,
        businessValue: String? = nil, desiredDate: String? = nil, priority: String? = nil, sourceKind: String? = nil,
        sourceID: String? = nil, sourceReference: String? = nil, ownerID: String? = nil
    ) {
        self.customerID = customerID
        self.contactID = contactID
        self.title = title
        self.description = description
        self.businessValue = businessValue
        self.desiredDate = desiredDate
        self.priority = priority
        self.sourceKind = sourceKind
        self.sourceID = sourceID
        self.sourceReference = sourceReference
        self.ownerID = ownerID
    }
}

/// A requirement's fields, checked.
public struct ValidRequirement: Sendable, Equatable {
    public var customerID: UUID
    public var contactID: UUID?
    public var title: String
    public var description: String
    public var businessValue: String?
    public var desiredDate: LocalDate?
    public var priority: Priority
    public var sourceKind: RequirementSourceKind
    public var sourceID: UUID?
    public var sourceReference: String?
    public var ownerID: UUID?

    public init(
        customerID: UUID, contactID: UUID?, title: String, description: String, businessValue: String?,
        desiredDate: LocalDate?, priority: Priority, sourceKind: RequirementSourceKind, sourceID: UUID?,
        sourceReference: String?, ownerID: UUID?
    ) {
        self.customerID = customerID
        self.contactID = contactID
        self.title = title
        self.description = description
        self.businessValue = businessValue
        self.desiredDate = desiredDate
        self.priority = priority
        self.sourceKind = sourceKind
        self.sourceID = sourceID
        self.sourceReference = sourceReference
        self.ownerID = ownerID
    }
}

extension RequirementInput {
    public static let maxTitle = 200
    public static let maxDescription = 20_000
    public static let maxBusinessValue = 4_000
    public static let maxSourceReference = 200

    /// Every field checked at once. Over `current` (an update) a missing field keeps its value, the customer and
    /// the source cannot change. A request or interaction source needs its id, a meeting its reference; a typed-in
    /// requirement has neither.
    public func validated(over current: Requirement? = nil) throws(ValidationFailure) -> ValidRequirement {
        var v = FieldValidator()
        var customer = current?.customerID
        if current == nil {
            customer = v.requiredReference("customerId", customerID)
        } else if let given = customerID?.trimmed(), !given.isEmpty,
            UUIDText.parse(given) != current?.customerID
        {
            v.add("customerId", "cannotChange")
        }
        var contact = current?.contactID
        if let contactID { contact = v.reference("contactId", contactID) }
        let title =
            current != nil && self.title == nil
            ? (current?.title ?? "") : v.requiredText("title", self.title, max: Self.maxTitle)
        let description =
            current != nil && self.description == nil
            ? (current?.description ?? "")
            : v.requiredText("description", self.description, max: Self.maxDescription, multiline: true)
        var value = current?.businessValue
        if let businessValue {
            value = v.optionalText("businessValue", businessValue, max: Self.maxBusinessValue, multiline: true)
        }
        var desired = current?.desiredDate
        if let desiredDate { desired = v.day("desiredDate", desiredDate) }
        var priority = current?.priority ?? .normal
        if let raw = self.priority { priority = v.choice("priority", raw, default: priority) }
        var owner = current?.ownerID
        if let ownerID { owner = v.reference("ownerId", ownerID) }

        var kind = current?.sourceKind ?? .typed
        var sourceID = current?.sourceID
        var reference = current?.sourceReference
        if current == nil {
            kind = v.choice("sourceKind", sourceKind, default: .typed)
            sourceID = v.reference("sourceId", self.sourceID)
            reference = v.optionalText("sourceReference", sourceReference, max: Self.maxSourceReference)
            switch kind {
            case .typed:
                if sourceID != nil { v.add("sourceId", "notAllowed") }
                if reference != nil { v.add("sourceReference", "notAllowed") }
            case .request, .interaction:
                if sourceID == nil, !v.issues.contains(where: { $0.field == "sourceId" }) {
                    v.add("sourceId", "required")
                }
                if reference != nil { v.add("sourceReference", "notAllowed") }
            case .meeting:
                if sourceID != nil { v.add("sourceId", "notAllowed") }
                if reference == nil, !v.issues.contains(where: { $0.field == "sourceReference" }) {
                    v.add("sourceReference", "required")
                }
            }
        } else {
            // The source stays as captured: a given value must be valid and the same as the one stored.
            if (sourceKind?.trimmedSpaces()).map({ !$0.isEmpty && $0 != kind.rawValue }) == true {
                v.add("sourceKind", "cannotChange")
            }
            if let given = self.sourceID, !given.isEmpty {
                let parsed = v.reference("sourceId", given)
                if parsed != sourceID, !v.issues.contains(where: { $0.field == "sourceId" }) {
                    v.add("sourceId", "cannotChange")
                }
            }
            if let given = sourceReference, !given.isEmpty {
                let text = v.optionalText("sourceReference", given, max: Self.maxSourceReference)
                if text != reference, !v.issues.contains(where: { $0.field == "sourceReference" }) {
                    v.add("sourceReference", "cannotChange")
                }
            }
        }
        try v.check()
        return ValidRequirement(
            customerID: try v.unwrap(customer, "customerId"), contactID: contact, title: title,
            description: description, businessValue: value, desiredDate: desired, priority: priority,
            sourceKind: kind, sourceID: sourceID, sourceReference: reference, ownerID: owner)
    }
}

/// A status move as asked for: the new state, the R&D department (needed to hand off), and a note for the history.
public struct RequirementMoveInput: Sendable, Equatable {
    public var status: String?
    public var departmentID: String?
    public var note: String?

    public init(status: String? = nil, departmentID: String? = nil, note: String? = nil) {
        self.status = status
        self.departmentID = departmentID
        self.note = note
    }
}

public struct ValidRequirementMove: Sendable, Equatable {
    public var status: RequirementStatus
    public var departmentID: UUID?
    public var note: String?

    public init(status: RequirementStatus, departmentID: UUID?, note: String?) {
        self.status = status
        self.departmentID = departmentID
        self.note = note
    }
}

extension RequirementMoveInput {
    public static let maxNote = 2_000

    /// Nil when no status was asked for.
    public func validated() throws(ValidationFailure) -> ValidRequirementMove? {
        var v = FieldValidator()
        let status = v.optionalChoice("status", status, as: RequirementStatus.self)
        let department = v.reference("departmentId", departmentID)
        let note = v.optionalText("note", note, max: Self.maxNote, multiline: true)
        if status == nil, department != nil, !v.issues.contains(where: { $0.field == "status" }) {
            v.add("status", "required")
        }
        try v.check()
        guard let status else { return nil }
        return ValidRequirementMove(status: status, departmentID: department, note: note)
    }
}
