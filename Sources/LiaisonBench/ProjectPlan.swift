import Foundation
import LiaisonCore

/// What the projects generator knows of the organisation when it plans a project.
struct PlanOrganisation: Sendable {
    /// By `WorkPlanVocabulary.departments` index.
    var departments: [UUID]
    /// The staff of each department, by the same index (every department has some).
    var people: [[UUID]]
    /// The data set's "today": tasks before it are mostly done, tasks after it not started.
    var today: LocalDate
    /// The moment "today" begins (UTC), for creation times.
    var todayStart: Date
    var seed: UInt64
    var tasksPerProject: Int
    var projects: Int
    /// Projects are created over this many days before today, oldest first.
    var historyDays: Int
}

/// One project and its work plan, made from the seed and the project's index alone, so that the project written
/// through the application's commands and its tasks written in bulk later agree.
struct ProjectPlan: Sendable {
    /// A task of the plan; `predecessors` are indexes of earlier tasks, so the graph has no circle.
    struct Task: Sendable {
        var id: UUID
        var name: String
        var description: String?
        var owner: UUID?
        var department: UUID?
        var start: LocalDate
        var due: LocalDate
        var estimateHours: Double?
        var predecessors: [Int]
        var deliverable: String?
        var acceptanceCheck: String?
        var status: TaskStatus
        var raci: [RACIAssignment]
        var createdAt: Date
    }

    struct Milestone: Sendable {
        var id: UUID
        var name: String
        var date: LocalDate
        var reached: Bool
    }

    var index: Int
    var name: String
    var description: String?
    var manager: UUID
    var start: LocalDate
    var end: LocalDate
    var createdAt: Date
    /// The statuses to move through after creation (from planning), in order.
    var moves: [ProjectStatus]
    var withCharter: Bool
    var tasks: [Task]
    var milestones: [Milestone]

    var finalStatus: ProjectStatus { moves.last ?? .planning }

    /// Parallel workstreams in a plan: each task waits for the one before it in its stream.
    static let streams = 8

    /// The plan of project `index` (0-based).
    static func make(_ index: Int, _ org: PlanOrganisation) -> ProjectPlan {
        var r = SeededRandom(seed: org.seed, stream: 1_000_000 + UInt64(index))
        let phases = WorkPlanVocabulary.phases
        // Created in order over the history, spaced evenly; tasks are added in the project's first hours.
        let spacing = Double(org.historyDays) * 86_400 / Double(max(org.projects, 1))
        let createdAt = org.todayStart.addingTimeInterval(-Double(org.historyDays) * 86_400 + Double(index) * spacing)
        let taskStep = min(20.0, spacing / Double(org.tasksPerProject + 2))
        let createdDay = LocalDate.of(createdAt, in: TimeZone(identifier: "UTC")!)
        let start = createdDay.adding(days: r.int(7, 21))
        let object = WorkPlanVocabulary.objects[r.int(WorkPlanVocabulary.objects.count)]
        let prefix = Vocabulary.projectPrefixes[r.int(Vocabulary.projectPrefixes.count)]
        let name =
            prefix.hasSuffix("rollout") || prefix.first?.isASCII == true
            ? "\(prefix) – \(object.en)"
            : "\(prefix)\(Vocabulary.projectSuffixes[r.int(Vocabulary.projectSuffixes.count - 1)])"
        let pmDepartment = 0
        let manager = org.people[pmDepartment][r.int(org.people[pmDepartment].count)]
        // Each stream has a department and a lead (accountable for its deliverables).
        let streamDepartments = (0..<streams).map { s in 1 + (s + index) % (org.departments.count - 1) }
        let streamLeads = streamDepartments.map { org.people[$0][r.int(org.people[$0].count)] }

        let count = org.tasksPerProject
        var tasks: [Task] = []
        tasks.reserveCapacity(count)
        var taskRandom = SeededRandom(seed: org.seed, stream: 2_000_000 + UInt64(index))
        for i in 0..<count {
            let phase = min(i * phases.count / count, phases.count - 1)
            let stream = i % streams
            var predecessors: [Int] = []
            if i >= streams, r.chance(0.92) { predecessors.append(i - streams) }
            if i > 1, r.chance(0.3) {
                let other = i - 1 - r.int(min(i - 1, 24))
                if !predecessors.contains(other) { predecessors.append(other) }
            }
            if i > 40, r.chance(0.08) {
                let other = r.int(i - 30)
                if !predecessors.contains(other) { predecessors.append(other) }
            }
            // Finish to start: after the latest predecessor's due day (the same day allowed); now and then a day
            // before it, which the plan shows as a warning.
            var earliest = start.adding(days: phase * 3)
            for p in predecessors where earliest < tasks[p].due { earliest = tasks[p].due }
            let taskStart = r.chance(0.02) ? earliest.adding(days: -1) : earliest.adding(days: r.int(0, 1))
            let days = r.int(0, 4)
            let due = taskStart.adding(days: days)
            let department = streamDepartments[stream]
            let staff = org.people[department]
            let owner: UUID? = r.chance(0.92) ? staff[r.int(staff.count)] : nil
            let action = WorkPlanVocabulary.actions[phase][r.int(WorkPlanVocabulary.actions[phase].count)]
            let what = WorkPlanVocabulary.objects[(index + i / streams + stream * 3) % WorkPlanVocabulary.objects.count]
            let english = r.chance(0.18)
            let taskName = english ? "\(action.en) \(what.en)" : "\(what.zh)\(action.zh)"
            var deliverable: String?
            var raci: [RACIAssignment] = []
            var acceptance: String?
            if r.chance(0.55) {
                deliverable =
                    english
                    ? "\(what.en) – \(WorkPlanVocabulary.deliverables[7 + r.int(2)])"
                    : "《\(what.zh)\(WorkPlanVocabulary.deliverables[r.int(7)])》"
                let lead = streamLeads[stream]
                raci.append(RACIAssignment(personID: lead, role: .accountable))
                let doer = owner ?? staff[r.int(staff.count)]
                raci.append(RACIAssignment(personID: doer, role: .responsible))
                var used: Set<UUID> = [lead, doer]
                if r.chance(0.5), used.insert(manager).inserted {
                    raci.append(RACIAssignment(personID: manager, role: .consulted))
                }
                for _ in 0..<r.int(0, 2) {
                    let other = org.people[r.int(org.people.count)]
                    let person = other[r.int(other.count)]
                    if used.insert(person).inserted { raci.append(RACIAssignment(personID: person, role: .informed)) }
                }
                if r.chance(0.5) {
                    acceptance = WorkPlanVocabulary.acceptanceChecks[r.int(WorkPlanVocabulary.acceptanceChecks.count)]
                }
            }
            let created = createdAt.addingTimeInterval(60 + Double(i) * taskStep)
            tasks.append(
                Task(
                    id: UUID.timeOrdered(at: created, using: &taskRandom), name: taskName,
                    description: r.chance(0.3)
                        ? WorkPlanVocabulary.taskDescriptions[r.int(WorkPlanVocabulary.taskDescriptions.count)] : nil,
                    owner: owner, department: r.chance(0.9) ? org.departments[department] : nil, start: taskStart,
                    due: due, estimateHours: r.chance(0.8) ? Double((days + 1) * r.int(4, 8)) : nil,
                    predecessors: predecessors, deliverable: deliverable, acceptanceCheck: acceptance,
                    status: .notStarted, raci: raci, createdAt: created))
        }
        let end = (tasks.map(\.due).max() ?? start).adding(days: r.int(3, 10))
        var moves: [ProjectStatus] = []
        if start <= org.today {
            moves.append(.active)
            if end < org.today {
                moves.append(.closing)
                if r.chance(0.85) { moves.append(.closed) }
            } else if r.chance(0.08) {
                moves.append(.onHold)
            }
        }
        let status = moves.last ?? .planning
        for i in tasks.indices { tasks[i].status = taskStatus(tasks[i], project: status, today: org.today, &r) }
        var milestones: [Milestone] = []
        var milestoneRandom = SeededRandom(seed: org.seed, stream: 3_000_000 + UInt64(index))
        for (p, phase) in phases.enumerated() {
            let lastOfPhase = min((p + 1) * count / phases.count, count) - 1
            let phaseTasks = tasks[(p * count / phases.count)...max(lastOfPhase, p * count / phases.count)]
            let date = min(max(phaseTasks.map(\.due).max() ?? start, start), end)
            milestones.append(
                Milestone(
                    id: UUID.timeOrdered(at: createdAt.addingTimeInterval(30 + Double(p)), using: &milestoneRandom),
                    name: phase.milestone, date: date, reached: status != .planning && date < org.today))
        }
        return ProjectPlan(
            index: index, name: name,
            description: r.chance(0.6)
                ? WorkPlanVocabulary.projectDescriptions[r.int(WorkPlanVocabulary.projectDescriptions.count)] : nil,
            manager: manager, start: start, end: end, createdAt: createdAt, moves: moves,
            withCharter: r.chance(0.4), tasks: tasks, milestones: milestones)
    }

    /// Where a task stands, from its days against today and its project's status.
    static func taskStatus(_ task: Task, project: ProjectStatus, today: LocalDate, _ r: inout SeededRandom)
        -> TaskStatus
    {
        switch project {
        case .planning: return .notStarted
        case .closed, .closing: return r.chance(0.96) ? .done : .cancelled
        default: break
        }
        if task.due < today {
            let x = r.int(100)
            return x < 88 ? .done : x < 94 ? .inProgress : x < 97 ? .blocked : .cancelled
        }
        if task.start <= today {
            let x = r.int(100)
            return x < 65 ? .inProgress : x < 80 ? .notStarted : x < 90 ? .blocked : .done
        }
        return r.chance(0.97) ? .notStarted : .cancelled
    }

    /// The plan's problems as the application's dependency check sees them (none expected).
    func graphProblems() -> [TaskGraph.Problem] {
        TaskGraph(
            tasks.map { t in
                TaskGraph.Node(id: t.id, start: t.start, due: t.due, predecessors: t.predecessors.map { tasks[$0].id })
            }
        ).problems()
    }
}
