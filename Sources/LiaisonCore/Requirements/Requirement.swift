import Foundation

/// Where a requirement came from: typed in, or taken from a request, an interaction or a meeting. A request or an
/// interaction is linked by its id; a meeting (meetings are not records yet) by a free-text reference.
public enum RequirementSourceKind: String, CaseIterable, Codable, Sendable {
    case typed
    case request
    case interaction
    case meeting

    public var labelKey: String { "requirement.source.\(rawValue)" }
}

/// A customer's need as sales captured it (需求), with its hand-off to an R&D department.
public struct Requirement: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    public var contactID: UUID?
    public var title: String
    public var description: String
    public var businessValue: String?
    public var desiredDate: LocalDate?
    public var priority: Priority
    public var sourceKind: RequirementSourceKind
    /// The request or interaction it was taken from.
    public var sourceID: UUID?
    /// A meeting's free-text reference.
    public var sourceReference: String?
    public var status: RequirementStatus
    /// The R&D department it was handed to.
    public var departmentID: UUID?
    public var handedOffAt: Date?
    public var ownerID: UUID?
    public var createdByID: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, customerID: UUID, contactID: UUID?, title: String, description: String, businessValue: String?,
        desiredDate: LocalDate?, priority: Priority, sourceKind: RequirementSourceKind, sourceID: UUID?,
        sourceReference: String?, status: RequirementStatus, departmentID: UUID?, handedOffAt: Date?, ownerID: UUID?,
        createdByID: UUID?, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
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
        self.status = status
        self.departmentID = departmentID
        self.handedOffAt = handedOffAt
        self.ownerID = ownerID
        self.createdByID = createdByID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One move of a requirement's status, as its history shows it.
public struct RequirementTransition: Sendable, Equatable {
    public var from: RequirementStatus?
    public var to: RequirementStatus
    public var actorID: UUID?
    public var note: String?
    public var at: Date

    public init(from: RequirementStatus?, to: RequirementStatus, actorID: UUID?, note: String?, at: Date) {
        self.from = from
        self.to = to
        self.actorID = actorID
        self.note = note
        self.at = at
    }
}
