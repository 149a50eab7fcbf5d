import Foundation

/// A task of a project's work plan (工作计划): who does it, from when until when, what it waits for, what it
/// delivers and how that is accepted. `raci` is who does what for its deliverable.
public struct ProjectTask: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var name: String
    public var description: String?
    public var ownerID: UUID?
    public var departmentID: UUID?
    public var startOn: LocalDate?
    public var dueOn: LocalDate?
    public var estimateHours: Double?
    /// The tasks that must finish before this one starts (finish-to-start).
    public var predecessors: [UUID]
    public var deliverable: String?
    public var acceptanceCheck: String?
    public var status: TaskStatus
    public var raci: [RACIAssignment]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, name: String, description: String? = nil, ownerID: UUID? = nil,
        departmentID: UUID? = nil, startOn: LocalDate? = nil, dueOn: LocalDate? = nil, estimateHours: Double? = nil,
        predecessors: [UUID] = [], deliverable: String? = nil, acceptanceCheck: String? = nil,
        status: TaskStatus = .notStarted, raci: [RACIAssignment] = [], version: Int = 1, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.name = name
        self.description = description
        self.ownerID = ownerID
        self.departmentID = departmentID
        self.startOn = startOn
        self.dueOn = dueOn
        self.estimateHours = estimateHours
        self.predecessors = predecessors
        self.deliverable = deliverable
        self.acceptanceCheck = acceptanceCheck
        self.status = status
        self.raci = raci
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The task as the dependency graph needs it.
    public var node: TaskGraph.Node {
        TaskGraph.Node(id: id, start: startOn, due: dueOn, predecessors: predecessors)
    }

    /// Open and past its due day.
    public func isLate(today: LocalDate) -> Bool {
        guard status.isOpen, let dueOn else { return false }
        return dueOn < today
    }
}

/// A milestone of a project (里程碑): a named day, reached or not.
public struct ProjectMilestone: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var name: String
    public var date: LocalDate
    public var reached: Bool
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, name: String, date: LocalDate, reached: Bool, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.name = name
        self.date = date
        self.reached = reached
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
