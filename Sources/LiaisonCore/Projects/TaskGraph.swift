import Foundation

/// The tasks of a work plan and their finish-to-start dependencies ("B waits for A": A must finish before B
/// starts), checked as a whole. Every walk is iterative and linear in tasks plus dependencies, so a plan of
/// thousands of tasks costs no stack depth and no quadratic time.
///
/// Refused (`problems()`): a task depending on itself, a circle of dependencies, a dependency on a task that is
/// not in the plan, a due date before the start date, the same task twice. Only warned about (`warnings()`): a task
/// starting before a predecessor's due date; plans are often drawn that way on purpose and corrected as work goes,
/// so it is shown, not refused. A task may start on its predecessor's due date (that work ends within the day).
public struct TaskGraph: Sendable {
    /// One task as the graph needs it.
    public struct Node: Equatable, Sendable {
        public var id: UUID
        public var start: LocalDate?
        public var due: LocalDate?
        /// The tasks that must finish before this one starts.
        public var predecessors: [UUID]

        public init(id: UUID, start: LocalDate?, due: LocalDate?, predecessors: [UUID] = []) {
            self.id = id
            self.start = start
            self.due = due
            self.predecessors = predecessors
        }
    }

    /// What makes a plan unacceptable.
    public enum Problem: Equatable, Sendable {
        case duplicateTask(UUID)
        case dependsOnItself(UUID)
        case unknownDependency(task: UUID, dependency: UUID)
        case dueBeforeStart(UUID)
        /// Tasks that wait on each other in a circle, in order: each waits for the one before it, and the first
        /// waits for the last.
        case cycle([UUID])
    }

    /// A task that starts before a predecessor is due.
    public struct Warning: Equatable, Sendable {
        public var task: UUID
        public var predecessor: UUID
        public var start: LocalDate
        public var predecessorDue: LocalDate

        /// The catalog message; its blanks are the predecessor's name and its due date.
        public static let messageKey = "task.warning.startsBeforePredecessor"
    }

    /// The tasks, each id once (a repeated id keeps its first node).
    public let nodes: [Node]
    private let duplicates: [UUID]
    private let position: [UUID: Int]
    /// By position: the tasks that wait for this one, and those it waits for (self and unknown ids left out).
    private let successors: [[Int]]
    private let predecessors: [[Int]]

    public init(_ tasks: [Node]) {
        var unique: [Node] = []
        var duplicates: [UUID] = []
        var position: [UUID: Int] = [:]
        unique.reserveCapacity(tasks.count)
        position.reserveCapacity(tasks.count)
        for task in tasks {
            if position[task.id] != nil {
                duplicates.append(task.id)
            } else {
                position[task.id] = unique.count
                unique.append(task)
            }
        }
        var successors = [[Int]](repeating: [], count: unique.count)
        var predecessors = [[Int]](repeating: [], count: unique.count)
        // The task that last took each predecessor, so a dependency named twice counts once.
        var takenBy = [Int](repeating: -1, count: unique.count)
        for (index, task) in unique.enumerated() {
            for id in task.predecessors {
                guard let from = position[id], from != index, takenBy[from] != index else { continue }
                takenBy[from] = index
                successors[from].append(index)
                predecessors[index].append(from)
            }
        }
        nodes = unique
        self.duplicates = duplicates
        self.position = position
        self.successors = successors
        self.predecessors = predecessors
    }

    // MARK: Checks

    /// Everything that makes the plan unacceptable: repeated tasks, self-dependencies, unknown dependencies and
    /// due dates before start dates in the order of the tasks, then one circle per group of tasks caught in
    /// circles (the shortest through the group's first task).
    public func problems() -> [Problem] {
        var problems: [Problem] = duplicates.map { .duplicateTask($0) }
        for task in nodes {
            var reported: [UUID] = []
            for id in task.predecessors where (id == task.id || position[id] == nil) && !reported.contains(id) {
                reported.append(id)
                problems.append(
                    id == task.id ? .dependsOnItself(id) : .unknownDependency(task: task.id, dependency: id))
            }
            if let start = task.start, let due = task.due, due < start { problems.append(.dueBeforeStart(task.id)) }
        }
        problems.append(contentsOf: cycles().map { .cycle($0) })
        return problems
    }

    /// The tasks that start before one of their predecessors is due, in the order of the tasks.
    public func warnings() -> [Warning] {
        var warnings: [Warning] = []
        for (index, task) in nodes.enumerated() {
            guard let start = task.start else { continue }
            for from in predecessors[index] {
                if let due = nodes[from].due, start < due {
                    warnings.append(
                        Warning(task: task.id, predecessor: nodes[from].id, start: start, predecessorDue: due))
                }
            }
        }
        return warnings
    }

    /// The problems as validation issues, each naming its tasks by `name`: a circle reads "A → B → C → A".
    /// Dependency problems are reported on `field`, dates on `dueField`, repeated tasks on `idField`.
    public func issues(
        field: String = "dependencies", dueField: String = "dueOn", idField: String = "id", name: (UUID) -> String
    ) -> [ValidationIssue] {
        problems().map { problem in
            switch problem {
            case .duplicateTask(let id): ValidationIssue(idField, "duplicateValue", [name(id)])
            case .dependsOnItself(let id): ValidationIssue(field, "taskDependsOnItself", [name(id)])
            case .unknownDependency: ValidationIssue(field, "unknownTask")
            case .dueBeforeStart: ValidationIssue(dueField, "dueBeforeStart")
            case .cycle(let ids): ValidationIssue(field, "taskDependencyCycle", [Self.chain(ids, name: name)])
            }
        }
    }

    /// "A → B → C → A": a circle written out, back to where it began.
    public static func chain(_ ids: [UUID], name: (UUID) -> String) -> String {
        guard let first = ids.first else { return "" }
        return (ids + [first]).map(name).joined(separator: " → ")
    }

    // MARK: Order

    /// The tasks in an order where every task comes after all it waits for (earlier tasks of the plan first among
    /// those free at the same time); nil when there is a circle.
    public func topologicalOrder() -> [UUID]? {
        var waiting = predecessors.map(\.count)
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        for index in nodes.indices where waiting[index] == 0 { order.append(index) }
        var next = 0
        while next < order.count {
            for successor in successors[order[next]] {
                waiting[successor] -= 1
                if waiting[successor] == 0 { order.append(successor) }
            }
            next += 1
        }
        return order.count == nodes.count ? order.map { nodes[$0].id } : nil
    }

    /// Whether making `task` wait for `predecessor` would close a circle, in linear time: nil when it would not,
    /// else the circle it would close, in the order of `Problem.cycle` (`[task]` alone when a task would wait for
    /// itself). Unknown ids close no circle; `problems()` reports them.
    public func wouldCreateCycle(task: UUID, dependingOn predecessor: UUID) -> [UUID]? {
        if task == predecessor { return [task] }
        guard let from = position[task], let to = position[predecessor] else { return nil }
        guard let path = path(from: from, to: to, within: nil) else { return nil }
        return path.map { nodes[$0].id }
    }

    /// Every circle, one per strongly connected group of tasks (Kosaraju's two passes, iteratively).
    func cycles() -> [[UUID]] {
        let count = nodes.count
        // Pass 1: the order in which a depth-first walk along successors finishes each task.
        var finished: [Int] = []
        finished.reserveCapacity(count)
        var visited = [Bool](repeating: false, count: count)
        var stack: [(node: Int, next: Int)] = []
        for root in 0..<count where !visited[root] {
            visited[root] = true
            stack.append((root, 0))
            while let top = stack.last {
                let edges = successors[top.node]
                if top.next < edges.count {
                    stack[stack.count - 1].next += 1
                    let successor = edges[top.next]
                    if !visited[successor] {
                        visited[successor] = true
                        stack.append((successor, 0))
                    }
                } else {
                    finished.append(top.node)
                    stack.removeLast()
                }
            }
        }
        // Pass 2: along predecessors, in reverse finishing order, each walk collects one group.
        var group = [Int](repeating: -1, count: count)
        var groups: [[Int]] = []
        for root in finished.reversed() where group[root] < 0 {
            let id = groups.count
            var members = [root]
            group[root] = id
            var next = 0
            while next < members.count {
                for predecessor in predecessors[members[next]] where group[predecessor] < 0 {
                    group[predecessor] = id
                    members.append(predecessor)
                }
                next += 1
            }
            groups.append(members)
        }
        var circles: [(first: Int, ids: [UUID])] = []
        for (id, members) in groups.enumerated() where members.count > 1 {
            guard let first = members.min(), let path = path(from: first, to: first, within: (group, id)) else {
                continue
            }
            circles.append((first, path.map { nodes[$0].id }))
        }
        return circles.sorted { $0.first < $1.first }.map(\.ids)
    }

    /// The shortest path along successors from `start` to `goal` (breadth first), both included; from a task to
    /// itself, the shortest circle through it, written once. `within` keeps the walk inside one group.
    private func path(from start: Int, to goal: Int, within: (group: [Int], id: Int)?) -> [Int]? {
        var parent = [Int](repeating: -1, count: nodes.count)
        var queue = [start]
        var next = 0
        while next < queue.count {
            let current = queue[next]
            next += 1
            for successor in successors[current] {
                if let within, within.group[successor] != within.id { continue }
                if successor == goal {
                    var path = [current]
                    while parent[path[path.count - 1]] >= 0 { path.append(parent[path[path.count - 1]]) }
                    path.reverse()
                    return start == goal ? path : path + [goal]
                }
                if successor != start, parent[successor] < 0 {
                    parent[successor] = current
                    queue.append(successor)
                }
            }
        }
        return nil
    }

    // MARK: Milestones

    /// A `milestoneBeforeProjectStart` or `milestoneAfterProjectEnd` issue when a milestone's date falls outside the
    /// project's schedule; either end may be unknown yet, and the end day itself is inside.
    public static func milestoneIssue(
        _ date: LocalDate, projectStart: LocalDate?, projectEnd: LocalDate?, field: String = "date"
    ) -> ValidationIssue? {
        if let projectStart, date < projectStart {
            return ValidationIssue(field, "milestoneBeforeProjectStart", [projectStart.description])
        }
        if let projectEnd, projectEnd < date {
            return ValidationIssue(field, "milestoneAfterProjectEnd", [projectEnd.description])
        }
        return nil
    }

    /// A `dueBeforeStart` issue on `field` when a single task's dates are the wrong way round.
    public static func dateIssue(start: LocalDate?, due: LocalDate?, field: String = "dueOn") -> ValidationIssue? {
        guard let start, let due, due < start else { return nil }
        return ValidationIssue(field, "dueBeforeStart")
    }
}
