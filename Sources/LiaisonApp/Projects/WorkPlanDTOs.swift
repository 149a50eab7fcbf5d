import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct RACIAssignmentDTO: Content {
    var userId: UUID
    var role: String
}

/// A task in the API; `warnings` lists the predecessors it starts before they are due (shown, not refused).
struct TaskDTO: Content {
    struct Warning: Content {
        var predecessorId: UUID
        var predecessorDueOn: String
    }

    var id: UUID
    var projectId: UUID
    var name: String
    var description: String?
    var ownerId: UUID?
    var ownerName: String?
    var departmentId: UUID?
    var departmentName: String?
    var startOn: String?
    var dueOn: String?
    var estimateHours: Double?
    var predecessors: [UUID]
    var deliverable: String?
    var acceptanceCheck: String?
    var status: String
    var allowedStatuses: [String]
    var raci: [RACIAssignmentDTO]
    var warnings: [Warning]
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ summary: TaskSummary, locale: String, warnings: [TaskGraph.Warning]) {
        let task = summary.task
        id = task.id
        projectId = task.projectID
        name = task.name
        description = task.description
        ownerId = task.ownerID
        ownerName = summary.ownerName
        departmentId = task.departmentID
        departmentName = summary.departmentName(in: locale)
        startOn = task.startOn?.description
        dueOn = task.dueOn?.description
        estimateHours = task.estimateHours
        predecessors = task.predecessors
        deliverable = task.deliverable
        acceptanceCheck = task.acceptanceCheck
        status = task.status.rawValue
        allowedStatuses = TaskStatus.allCases.filter { task.status.canMove(to: $0) }.map(\.rawValue)
        raci = task.raci.map { RACIAssignmentDTO(userId: $0.personID, role: $0.role.rawValue) }
        self.warnings = warnings.filter { $0.task == task.id }.map {
            Warning(predecessorId: $0.predecessor, predecessorDueOn: $0.predecessorDue.description)
        }
        version = task.version
        createdAt = task.createdAt
        updatedAt = task.updatedAt
    }
}

struct RACIAssignmentBody: Content {
    var userId: String?
    var role: String?
}

/// The body of a task's create or update; on an update a field left out keeps its value, and an empty text (or an
/// empty list) clears it.
struct TaskBody: Decodable {
    var name: String?
    var description: String?
    var ownerId: String?
    var departmentId: String?
    var startOn: String?
    var dueOn: String?
    /// `null` clears the estimate; left out, it stays.
    var estimateHours: Patch<Double>
    var predecessors: [String]?
    var deliverable: String?
    var acceptanceCheck: String?
    var status: String?
    var raci: [RACIAssignmentBody]?

    enum CodingKeys: String, CodingKey {
        case name, description, ownerId, departmentId, startOn, dueOn, estimateHours, predecessors, deliverable
        case acceptanceCheck, status, raci
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        ownerId = try c.decodeIfPresent(String.self, forKey: .ownerId)
        departmentId = try c.decodeIfPresent(String.self, forKey: .departmentId)
        startOn = try c.decodeIfPresent(String.self, forKey: .startOn)
        dueOn = try c.decodeIfPresent(String.self, forKey: .dueOn)
        estimateHours = try Patch(c, .estimateHours)
        predecessors = try c.decodeIfPresent([String].self, forKey: .predecessors)
        deliverable = try c.decodeIfPresent(String.self, forKey: .deliverable)
        acceptanceCheck = try c.decodeIfPresent(String.self, forKey: .acceptanceCheck)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        raci = try c.decodeIfPresent([RACIAssignmentBody].self, forKey: .raci)
    }

    func input(over current: ProjectTask? = nil) -> TaskInput {
        TaskInput(
            name: name ?? current?.name, description: description ?? current?.description,
            ownerID: ownerId ?? current?.ownerID?.idText, departmentID: departmentId ?? current?.departmentID?.idText,
            startOn: startOn ?? current?.startOn?.description, dueOn: dueOn ?? current?.dueOn?.description,
            estimateHours: estimateHours.apply(to: current?.estimateHours).map { String($0) },
            predecessors: predecessors ?? current?.predecessors.map(\.idText),
            deliverable: deliverable ?? current?.deliverable,
            acceptanceCheck: acceptanceCheck ?? current?.acceptanceCheck, status: status,
            raci: raci.map { $0.map { (personID: $0.userId, role: $0.role) } }
                ?? current?.raci.map { (personID: $0.personID.idText, role: $0.role.rawValue) })
    }
}

struct TaskStatusBody: Content {
    var status: String?
}

struct MilestoneDTO: Content {
    var id: UUID
    var projectId: UUID
    var name: String
    var date: String
    var reached: Bool
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ milestone: ProjectMilestone) {
        id = milestone.id
        projectId = milestone.projectID
        name = milestone.name
        date = milestone.date.description
        reached = milestone.reached
        version = milestone.version
        createdAt = milestone.createdAt
        updatedAt = milestone.updatedAt
    }
}

struct MilestoneBody: Content {
    var name: String?
    var date: String?
    var reached: Bool?

    func input(over current: ProjectMilestone? = nil) -> MilestoneInput {
        MilestoneInput(
            name: name ?? current?.name, date: date ?? current?.date.description, reached: reached ?? current?.reached)
    }
}

/// The RACI matrix of a project: one row per task with a deliverable and RACI parts, one column per person.
struct RACIMatrixDTO: Content {
    struct Person: Content {
        var userId: UUID
        var name: String
    }

    struct Row: Content {
        var taskId: UUID
        var deliverable: String
        /// One per person, in the order of `people`: "R", "A", "A/R", "C", "I" or "".
        var cells: [String]
    }

    var people: [Person]
    var rows: [Row]
}
