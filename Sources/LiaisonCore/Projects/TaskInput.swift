import Foundation

/// A task as entered (API body or form); on an update the caller fills what was left out from the task as it is.
public struct TaskInput: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var ownerID: String?
    public var departmentID: String?
    public var startOn: String?
    public var dueOn: String?
    /// Hours, as typed ("12", "2.5"); empty for none.
    public var estimateHours: String?
    public var predecessors: [String]?
    public var deliverable: String?
    public var acceptanceCheck: String?
    public var status: String?
    /// Person id and RACI role, as typed.
    public var raci: [(personID: String?, role: String?)]?

    public init(
        name: String? = nil, description: String? = nil, ownerID: String? = nil, departmentID: String? = nil,
        startOn: String? = nil, dueOn: String? = nil, estimateHours: String? = nil, predecessors: [String]? = nil,
        deliverable: String? = nil, acceptanceCheck: String? = nil, status: String? = nil,
        raci: [(personID: String?, role: String?)]? = nil
    ) {
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
    }

    public static func == (lhs: TaskInput, rhs: TaskInput) -> Bool {
        lhs.name == rhs.name && lhs.description == rhs.description && lhs.ownerID == rhs.ownerID
            && lhs.departmentID == rhs.departmentID && lhs.startOn == rhs.startOn && lhs.dueOn == rhs.dueOn
            && lhs.estimateHours == rhs.estimateHours && lhs.predecessors == rhs.predecessors
            && lhs.deliverable == rhs.deliverable && lhs.acceptanceCheck == rhs.acceptanceCheck
            && lhs.status == rhs.status
            && lhs.raci?.map { "\($0.personID ?? "")/\($0.role ?? "")" }
                == rhs.raci?.map { "\($0.personID ?? "")/\($0.role ?? "")" }
    }
}

/// A task whose every field passed its checks on its own; the checks against the rest of the plan (dependencies,
/// circles) are `TaskGraph`'s, made in the write.
public struct ValidTask: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var ownerID: UUID?
    public var departmentID: UUID?
    public var startOn: LocalDate?
    public var dueOn: LocalDate?
    public var estimateHours: Double?
    public var predecessors: [UUID]
    public var deliverable: String?
    public var acceptanceCheck: String?
    /// Nil keeps the status (a new task starts `notStarted`).
    public var status: TaskStatus?
    public var raci: [RACIAssignment]
}

extension TaskInput {
    public static let maxName = 200
    public static let maxText = 20_000
    public static let maxDeliverable = 500
    public static let maxEstimateHours = 100_000.0
    public static let maxPredecessors = 100
    public static let maxRACI = 50

    /// Every field checked at once: a name is required; the due day may not come before the start day; an estimate
    /// is a number of hours from 0; the RACI parts follow `RACIChart`'s rules when any are given.
    public func validated() throws(ValidationFailure) -> ValidTask {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: Self.maxName)
        let description = v.optionalText("description", description, max: Self.maxText, multiline: true)
        let owner = v.reference("ownerId", ownerID)
        let department = v.reference("departmentId", departmentID)
        let start = v.day("startOn", startOn)
        let due = v.day("dueOn", dueOn)
        if let issue = TaskGraph.dateIssue(start: start, due: due) { v.add(issue.field, issue.code, issue.values) }
        var estimate: Double?
        if let text = estimateHours?.trimmedSpaces(), !text.isEmpty {
            if text.count <= 20, let value = Double(text), value.isFinite, value >= 0, value <= Self.maxEstimateHours {
                estimate = value
            } else {
                v.add("estimateHours", "outOfRange", ["0", String(Int(Self.maxEstimateHours))])
            }
        }
        var predecessorIDs: [UUID] = []
        let given = predecessors ?? []
        if given.count > Self.maxPredecessors {
            v.add("predecessors", "tooMany", [String(Self.maxPredecessors)])
        } else {
            for text in given {
                guard let id = v.requiredReference("predecessors", text) else { break }
                if !predecessorIDs.contains(id) { predecessorIDs.append(id) }
            }
        }
        let deliverable = v.optionalText("deliverable", deliverable, max: Self.maxDeliverable)
        let acceptance = v.optionalText("acceptanceCheck", acceptanceCheck, max: Self.maxText, multiline: true)
        let status = v.optionalChoice("status", status, as: TaskStatus.self)
        var assignments: [RACIAssignment] = []
        let parts = raci ?? []
        if parts.count > Self.maxRACI {
            v.add("raci", "tooMany", [String(Self.maxRACI)])
        } else {
            for part in parts {
                let person = v.requiredReference("raci", part.personID)
                let role = v.optionalChoice("raci", part.role, as: RACIRole.self)
                if role == nil, !v.issues.contains(where: { $0.field == "raci" }) { v.add("raci", "required") }
                guard let person, let role else { break }
                let assignment = RACIAssignment(personID: person, role: role)
                if !assignments.contains(assignment) { assignments.append(assignment) }
            }
            if !assignments.isEmpty, !v.issues.contains(where: { $0.field == "raci" }) {
                if deliverable == nil { v.add("deliverable", "taskRaciNeedsDeliverable") }
                for issue in RACIChart(deliverableID: UUID(), assignments: assignments).issues() {
                    v.add(issue.field, issue.code, issue.values)
                }
            }
        }
        try v.check()
        return ValidTask(
            name: name, description: description, ownerID: owner, departmentID: department, startOn: start,
            dueOn: due, estimateHours: estimate, predecessors: predecessorIDs, deliverable: deliverable,
            acceptanceCheck: acceptance, status: status, raci: assignments)
    }
}

/// A milestone as entered.
public struct MilestoneInput: Sendable, Equatable {
    public var name: String?
    public var date: String?
    public var reached: Bool?

    public init(name: String? = nil, date: String? = nil, reached: Bool? = nil) {
        self.name = name
        self.date = date
        self.reached = reached
    }
}

public struct ValidMilestone: Sendable, Equatable {
    public var name: String
    public var date: LocalDate
    public var reached: Bool
}

extension MilestoneInput {
    public static let maxName = 200

    /// A name and a day are required; whether the day lies within the project's schedule is checked in the write,
    /// against the project as it then is (`TaskGraph.milestoneIssue`).
    public func validated() throws(ValidationFailure) -> ValidMilestone {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: Self.maxName)
        let date = v.day("date", date)
        if date == nil, !v.issues.contains(where: { $0.field == "date" }) { v.add("date", "required") }
        try v.check()
        return ValidMilestone(name: name, date: try v.unwrap(date, "date"), reached: reached ?? false)
    }
}
