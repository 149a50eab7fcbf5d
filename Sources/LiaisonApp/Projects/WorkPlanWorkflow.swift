import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of the work plan the API and the pages share: each write once, for both.
enum WorkPlanWorkflow {
    static func createTask(_ projectID: UUID, _ input: TaskInput, _ request: Request) async throws -> ProjectTask {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await TaskCommands.create(projectID: projectID, valid, for: viewer, in: context, on: tx)
        }
    }

    static func updateTask(_ projectID: UUID, _ taskID: UUID, _ input: TaskInput, expected: Int?, _ request: Request)
        async throws -> ProjectTask
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await TaskCommands.update(
                projectID: projectID, taskID: taskID, with: valid, expectedVersion: expected, for: viewer,
                in: context, on: tx)
        }
    }

    /// A status move: by anyone with `projectsManage`, or by the task's owner.
    static func moveTask(_ projectID: UUID, _ taskID: UUID, to raw: String?, expected: Int?, _ request: Request)
        async throws -> ProjectTask
    {
        var v = FieldValidator()
        let next = v.optionalChoice("status", raw, as: TaskStatus.self)
        if next == nil, v.issues.isEmpty { v.add("status", "required") }
        try v.check()
        let status = try v.unwrap(next, "status")
        let context = request.writeContext
        let viewer = try request.viewer
        let mayManage = try request.person.can(.projectsManage)
        return try await request.write { tx in
            try await TaskCommands.move(
                projectID: projectID, taskID: taskID, to: status, expectedVersion: expected, mayManage: mayManage,
                for: viewer, in: context, on: tx)
        }
    }

    static func deleteTask(_ projectID: UUID, _ taskID: UUID, expected: Int?, _ request: Request) async throws {
        let context = request.writeContext
        let viewer = try request.viewer
        try await request.write { tx in
            try await TaskCommands.delete(
                projectID: projectID, taskID: taskID, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    static func createMilestone(_ projectID: UUID, _ input: MilestoneInput, _ request: Request) async throws
        -> ProjectMilestone
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await MilestoneCommands.create(projectID: projectID, valid, for: viewer, in: context, on: tx)
        }
    }

    static func updateMilestone(
        _ projectID: UUID, _ milestoneID: UUID, _ input: MilestoneInput, expected: Int?, _ request: Request
    ) async throws -> ProjectMilestone {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await MilestoneCommands.update(
                projectID: projectID, milestoneID: milestoneID, with: valid, expectedVersion: expected, for: viewer,
                in: context, on: tx)
        }
    }

    static func deleteMilestone(_ projectID: UUID, _ milestoneID: UUID, expected: Int?, _ request: Request)
        async throws
    {
        let context = request.writeContext
        let viewer = try request.viewer
        try await request.write { tx in
            try await MilestoneCommands.delete(
                projectID: projectID, milestoneID: milestoneID, expectedVersion: expected, for: viewer, in: context,
                on: tx)
        }
    }

    // MARK: Views

    /// The "starts before its predecessor is due" warnings of a plan.
    static func warnings(_ tasks: [TaskSummary]) -> [TaskGraph.Warning] {
        TaskGraph(tasks.map(\.task.node)).warnings()
    }

    /// The plan as a Gantt chart: tasks with a start or a due day (one alone is a one-day bar), the milestones, and
    /// today in the viewer's time zone.
    static func gantt(_ project: Project, tasks: [TaskSummary], milestones: [ProjectMilestone], _ request: Request)
        -> String
    {
        let bars = tasks.compactMap { summary -> GanttChart.Bar? in
            let task = summary.task
            guard let start = task.startOn ?? task.dueOn, let due = task.dueOn ?? task.startOn else { return nil }
            return GanttChart.Bar(
                id: task.id, name: task.name, start: start, due: max(start, due), status: task.status,
                predecessors: task.predecessors)
        }
        let chart = GanttChart(
            bars: bars,
            milestones: milestones.map { .init(id: $0.id, name: $0.name, date: $0.date, reached: $0.reached) },
            today: LocalDate.of(request.now, in: request.displayTimeZone), locale: request.locale.rawValue,
            title: project.numberText + " " + project.name, todayLabel: request.t(GanttChart.todayLabelKey))
        return chart.svg()
    }

    /// The SVG answer: the chart's own type, not to be sniffed, and never cached by a shared cache.
    static func svgResponse(_ svg: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "image/svg+xml; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(string: svg))
    }

    /// The RACI matrix of the tasks that have a deliverable and RACI parts, with the people's names.
    static func raci(_ tasks: [TaskSummary], on db: any Database) async throws
        -> (matrix: RACIMatrix, tasks: [ProjectTask], names: [UUID: String])
    {
        let charted = tasks.map(\.task).filter { $0.deliverable != nil && !$0.raci.isEmpty }
        let matrix = RACIMatrix(charted.map { RACIChart(deliverableID: $0.id, assignments: $0.raci) })
        let names = try await PeopleQueries.names(Set(matrix.people), on: db)
        return (matrix, charted, names)
    }
}
