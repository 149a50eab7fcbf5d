import Foundation
import Testing

@testable import LiaisonCore

@Suite struct TaskGraphTests {
    /// Ids that read as their letter in failures: A is …0A, B is …0B.
    static func id(_ letter: Character) -> UUID {
        UUID(uuidString: "00000000-0000-0000-0000-0000000000" + String(format: "%02X", Int(letter.asciiValue ?? 0)))
            ?? UUID()
    }

    static func name(_ id: UUID) -> String {
        String(UnicodeScalar(UInt8(id.uuid.15)))
    }

    func task(_ letter: Character, _ start: String? = nil, _ due: String? = nil, after: String = "") -> TaskGraph.Node {
        TaskGraph.Node(
            id: Self.id(letter), start: start.flatMap(LocalDate.init), due: due.flatMap(LocalDate.init),
            predecessors: after.map { Self.id($0) })
    }

    func names(_ ids: [UUID]?) -> String? {
        ids.map { $0.map(Self.name).joined() }
    }

    @Test func aPlanWithoutProblemsHasNone() {
        let graph = TaskGraph([
            task("A", "2026-03-02", "2026-03-06"), task("B", "2026-03-09", "2026-03-13", after: "A"),
            task("C", "2026-03-09", "2026-03-10", after: "A"), task("D", "2026-03-16", "2026-03-20", after: "BC"),
        ])
        #expect(graph.problems().isEmpty)
        #expect(graph.warnings().isEmpty)
        #expect(names(graph.topologicalOrder()) == "ABCD")
    }

    @Test func aTaskDependingOnItselfIsRefused() {
        let graph = TaskGraph([task("A", after: "AA"), task("B")])
        #expect(graph.problems() == [.dependsOnItself(Self.id("A"))])
        #expect(graph.issues(name: Self.name) == [ValidationIssue("dependencies", "taskDependsOnItself", ["A"])])
        #expect(names(graph.topologicalOrder()) == "AB")
    }

    @Test func aCycleIsReportedWithItsTasksInOrder() {
        // C waits for B, B for A, A for C: A → B → C → A, starting from the plan's first task in the circle.
        let graph = TaskGraph([task("X"), task("C", after: "B"), task("A", after: "CX"), task("B", after: "A")])
        #expect(graph.problems() == [.cycle([Self.id("C"), Self.id("A"), Self.id("B")])])
        #expect(
            graph.issues(name: Self.name)
                == [ValidationIssue("dependencies", "taskDependencyCycle", ["C → A → B → C"])])
        #expect(graph.topologicalOrder() == nil)
    }

    @Test func separateCirclesAreEachReportedOnce() {
        let graph = TaskGraph([
            task("A", after: "B"), task("B", after: "A"), task("C"), task("D", after: "F"), task("E", after: "D"),
            task("F", after: "E"), task("G", after: "F"),
        ])
        let circles = graph.problems().compactMap { problem -> [UUID]? in
            if case .cycle(let ids) = problem { return ids }
            return nil
        }
        #expect(circles.map { names($0) } == ["AB", "DEF"])
    }

    @Test func theShortestCircleThroughTheFirstTaskIsReported() {
        // A → B → C → A and A → C → A: the group is {A, B, C}; the shortest circle through A is A → C → A.
        let graph = TaskGraph([task("A", after: "C"), task("B", after: "A"), task("C", after: "BA")])
        #expect(graph.problems() == [.cycle([Self.id("A"), Self.id("C")])])
    }

    @Test func unknownDependenciesAndRepeatedTasksAreRefused() {
        let graph = TaskGraph([task("A", after: "ZZ"), task("B"), task("B")])
        #expect(
            graph.problems() == [
                .duplicateTask(Self.id("B")), .unknownDependency(task: Self.id("A"), dependency: Self.id("Z")),
            ])
        #expect(graph.issues(name: Self.name).map(\.code) == ["duplicateValue", "unknownTask"])
    }

    @Test func aDueDateBeforeTheStartIsRefusedButTheSameDayIsFine() {
        let graph = TaskGraph([task("A", "2026-03-10", "2026-03-09"), task("B", "2026-03-10", "2026-03-10")])
        #expect(graph.problems() == [.dueBeforeStart(Self.id("A"))])
        #expect(graph.issues(dueField: "dueOn", name: Self.name) == [ValidationIssue("dueOn", "dueBeforeStart")])
        #expect(
            TaskGraph.dateIssue(start: LocalDate("2026-03-10"), due: LocalDate("2026-03-09"))?.code == "dueBeforeStart")
        #expect(TaskGraph.dateIssue(start: LocalDate("2026-03-10"), due: nil) == nil)
    }

    @Test func startingBeforeAPredecessorIsDueIsOnlyAWarning() {
        let graph = TaskGraph([
            task("A", "2026-03-02", "2026-03-06"), task("B", "2026-03-05", "2026-03-13", after: "A"),
            task("C", "2026-03-06", "2026-03-13", after: "A"),
        ])
        #expect(graph.problems().isEmpty)
        #expect(
            graph.warnings() == [
                TaskGraph.Warning(
                    task: Self.id("B"), predecessor: Self.id("A"), start: LocalDate(year: 2026, month: 3, day: 5),
                    predecessorDue: LocalDate(year: 2026, month: 3, day: 6))
            ])
        #expect(TaskGraph.Warning.messageKey == "task.warning.startsBeforePredecessor")
    }

    @Test func addingAnEdgeThatClosesACircleIsFoundBeforeItIsSaved() {
        let graph = TaskGraph([task("A"), task("B", after: "A"), task("C", after: "B"), task("D")])
        // C already waits for A through B: A waiting for C closes A → B → C → A.
        #expect(names(graph.wouldCreateCycle(task: Self.id("A"), dependingOn: Self.id("C"))) == "ABC")
        #expect(graph.wouldCreateCycle(task: Self.id("C"), dependingOn: Self.id("A")) == nil)
        #expect(graph.wouldCreateCycle(task: Self.id("D"), dependingOn: Self.id("C")) == nil)
        #expect(names(graph.wouldCreateCycle(task: Self.id("B"), dependingOn: Self.id("B"))) == "B")
        #expect(graph.wouldCreateCycle(task: Self.id("A"), dependingOn: Self.id("Z")) == nil)
    }

    @Test func theOrderPutsEveryTaskAfterItsPredecessors() throws {
        var random = ProjectsRandom(seed: 42)
        let ids = (0..<400).map { _ in UUID() }
        // Thousands of edges, each from an earlier task to a later one, in a shuffled plan.
        var predecessors = [[UUID]](repeating: [], count: ids.count)
        for _ in 0..<4_000 {
            let a = Int(random.next() % 400)
            let b = Int(random.next() % 400)
            if a < b { predecessors[b].append(ids[a]) } else if b < a { predecessors[a].append(ids[b]) }
        }
        let nodes = ids.indices.map {
            TaskGraph.Node(id: ids[$0], start: nil, due: nil, predecessors: predecessors[$0])
        }
        let graph = TaskGraph(nodes.shuffled(using: &random))
        #expect(graph.problems().isEmpty)
        let order = try #require(graph.topologicalOrder())
        let place = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        for (index, id) in ids.enumerated() {
            for predecessor in predecessors[index] { #expect(try #require(place[predecessor]) < #require(place[id])) }
        }
        // One edge back from the last task to the first closes a circle.
        let first = try #require(order.first)
        let last = try #require(order.last)
        let circle = try #require(graph.wouldCreateCycle(task: first, dependingOn: last))
        #expect(circle.first == first && circle.last == last)
    }

    @Test func aVeryLongChainNeedsNoDeepRecursion() throws {
        let ids = (0..<20_000).map { _ in UUID() }
        let nodes = ids.indices.map {
            TaskGraph.Node(id: ids[$0], start: nil, due: nil, predecessors: $0 > 0 ? [ids[$0 - 1]] : [])
        }
        let graph = TaskGraph(nodes.reversed())
        #expect(graph.problems().isEmpty)
        #expect(graph.topologicalOrder() == ids)
        #expect(graph.wouldCreateCycle(task: ids[0], dependingOn: ids[19_999])?.count == 20_000)
        let circular = TaskGraph(nodes + [TaskGraph.Node(id: ids[0], start: nil, due: nil, predecessors: [])])
        #expect(circular.problems() == [.duplicateTask(ids[0])])
        var closed = nodes
        closed[0].predecessors = [ids[19_999]]
        let problems = TaskGraph(closed).problems()
        #expect(problems.count == 1)
        if case .cycle(let circle) = problems.first { #expect(circle == ids) } else { Issue.record("no cycle") }
    }

    @Test func aMilestoneMustFallWithinTheProjectsSchedule() {
        let start = LocalDate(year: 2026, month: 3, day: 1)
        let end = LocalDate(year: 2026, month: 6, day: 30)
        #expect(
            TaskGraph.milestoneIssue(LocalDate(year: 2026, month: 2, day: 28), projectStart: start, projectEnd: end)
                == ValidationIssue("date", "milestoneBeforeProjectStart", ["2026-03-01"]))
        #expect(
            TaskGraph.milestoneIssue(LocalDate(year: 2026, month: 7, day: 1), projectStart: start, projectEnd: end)
                == ValidationIssue("date", "milestoneAfterProjectEnd", ["2026-06-30"]))
        #expect(TaskGraph.milestoneIssue(end, projectStart: start, projectEnd: end) == nil)
        #expect(TaskGraph.milestoneIssue(start, projectStart: start, projectEnd: end) == nil)
        #expect(
            TaskGraph.milestoneIssue(LocalDate(year: 2030, month: 1, day: 1), projectStart: start, projectEnd: nil)
                == nil)
    }
}

@Suite struct TaskStatusTests {
    @Test func theUsualPathIsAllowed() {
        #expect(TaskStatus.notStarted.canMove(to: .inProgress))
        #expect(TaskStatus.inProgress.canMove(to: .blocked))
        #expect(TaskStatus.blocked.canMove(to: .inProgress))
        #expect(TaskStatus.inProgress.canMove(to: .done))
        #expect(TaskStatus.notStarted.canMove(to: .done))
    }

    @Test func doneAndCancelledTasksMayBeTakenUpAgain() {
        #expect(TaskStatus.done.canMove(to: .inProgress))
        #expect(TaskStatus.cancelled.canMove(to: .notStarted))
    }

    @Test func impossibleMovesAreRefused() throws {
        #expect(!TaskStatus.inProgress.canMove(to: .notStarted))
        #expect(!TaskStatus.done.canMove(to: .cancelled))
        #expect(!TaskStatus.cancelled.canMove(to: .done))
        for status in TaskStatus.allCases { #expect(!status.canMove(to: status)) }
        #expect(throws: ValidationFailure([ValidationIssue("status", "taskBadTransition")])) {
            try TaskStatus.cancelled.checkMove(to: .done)
        }
        try TaskStatus.done.checkMove(to: .done)
        try TaskStatus.done.checkMove(to: .inProgress)
    }

    @Test func openAndFinishedStatesSplitTheStates() {
        #expect(TaskStatus.allCases.filter(\.isOpen) == [.notStarted, .inProgress, .blocked])
        #expect(TaskStatus.allCases.filter(\.isFinished) == [.done, .cancelled])
        #expect(TaskStatus.blocked.labelKey == "task.status.blocked")
    }
}
