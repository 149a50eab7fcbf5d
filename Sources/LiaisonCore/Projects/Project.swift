import Foundation

/// A project (项目) for one customer: its manager, its dates, where it stands.
public struct Project: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var number: Int
    public var customerID: UUID
    public var name: String
    public var description: String?
    public var managerID: UUID?
    public var status: ProjectStatus
    public var startOn: LocalDate?
    public var endOn: LocalDate?
    public var createdBy: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, number: Int, customerID: UUID, name: String, description: String?, managerID: UUID?,
        status: ProjectStatus, startOn: LocalDate?, endOn: LocalDate?, createdBy: UUID?, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.number = number
        self.customerID = customerID
        self.name = name
        self.description = description
        self.managerID = managerID
        self.status = status
        self.startOn = startOn
        self.endOn = endOn
        self.createdBy = createdBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var numberText: String { ProjectNumber.format(number) }
}

/// A person on a project's team.
public struct ProjectMember: Sendable, Equatable {
    public var userID: UUID
    public var name: String
    public var role: ProjectRole
    public var addedAt: Date

    public init(userID: UUID, name: String, role: ProjectRole, addedAt: Date) {
        self.userID = userID
        self.name = name
        self.role = role
        self.addedAt = addedAt
    }
}
