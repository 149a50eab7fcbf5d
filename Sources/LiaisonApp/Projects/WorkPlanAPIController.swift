import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/tasks`, `/milestones`, `/raci` and `/gantt.svg`: a project's work plan.
struct WorkPlanAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(WorkPlanRoutes.apiTasks, use: tasks)
        routes.on(WorkPlanRoutes.apiCreateTask, use: createTask)
        routes.on(WorkPlanRoutes.apiTask, use: task)
        routes.on(WorkPlanRoutes.apiUpdateTask, use: updateTask)
        routes.on(WorkPlanRoutes.apiTaskStatus, use: taskStatus)
        routes.on(WorkPlanRoutes.apiDeleteTask, use: deleteTask)
        routes.on(WorkPlanRoutes.apiMilestones, use: milestones)
        routes.on(WorkPlanRoutes.apiCreateMilestone, use: createMilestone)
        routes.on(WorkPlanRoutes.apiMilestone, use: milestone)
        routes.on(WorkPlanRoutes.apiUpdateMilestone, use: updateMilestone)
        routes.on(WorkPlanRoutes.apiDeleteMilestone, use: deleteMilestone)
        routes.on(WorkPlanRoutes.apiRACI, use: raci)
        routes.on(WorkPlanRoutes.apiGantt, use: gantt)
    }

    struct ListQuery: Content {
        var status: String?
        var ownerId: String?
        var departmentId: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (TaskFilter, PageQuery) {
            var v = FieldValidator()
            var filter = TaskFilter()
            filter.status = v.optionalChoice("status", status, as: TaskStatus.self)
            filter.ownerID = v.reference("ownerId", ownerId)
            filter.departmentID = v.reference("departmentId", departmentId)
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            try v.check()
            return (filter, page)
        }
    }

    private func dto(_ summary: TaskSummary, _ request: Request) async throws -> TaskDTO {
        TaskDTO(
            summary, locale: request.locale.rawValue,
            warnings: try await warnings(of: [summary.task], projectID: summary.task.projectID, request))
    }

    /// The "starts before its predecessor is due" warnings of some tasks. They need only the tasks' starts and the
    /// due days of the tasks they wait for, so those due days are read (one `IN` statement), not the whole plan.
    private func warnings(of tasks: [ProjectTask], projectID: UUID, _ request: Request) async throws
        -> [TaskGraph.Warning]
    {
        let nodes = tasks.map(\.node)
        var known = Set(nodes.map(\.id))
        var waitedFor: [UUID] = []
        for id in nodes.flatMap(\.predecessors) where known.insert(id).inserted { waitedFor.append(id) }
        let others = try await TaskQueries.dueNodes(of: waitedFor, projectID: projectID, on: request.db)
        return TaskGraph(nodes + others).warnings()
    }

    private func answer(_ task: ProjectTask, _ status: HTTPStatus = .ok, _ request: Request) async throws -> Response {
        guard let summary = try await TaskQueries.find(task.id, projectID: task.projectID, on: request.db) else {
            throw AppError.notFound
        }
        return try await dto(summary, request).apiResponse(status, for: request).withETag(task.version)
    }

    private func findTask(_ request: Request, audit: Bool = true) async throws -> (ProjectSummary, TaskSummary) {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let task = try await TaskQueries.find(try request.recordID("taskId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, task)
    }

    func tasks(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let (filter, page) = try request.query.decode(ListQuery.self).parse()
        let result = try await TaskQueries.list(
            projectID: project.project.id, filter, limit: page.limit, after: page.after, on: request.db)
        let warnings = try await self.warnings(of: result.items.map(\.task), projectID: project.project.id, request)
        return try ListDTO(
            items: result.items.map { TaskDTO($0, locale: request.locale.rawValue, warnings: warnings) },
            nextCursor: result.nextCursor
        ).apiResponse(for: request)
    }

    func createTask(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(TaskBody.self).input()
        let task = try await WorkPlanWorkflow.createTask(project.project.id, input, request)
        let response = try await answer(task, .created, request)
        response.headers.replaceOrAdd(
            name: .location, value: WorkPlanRoutes.apiTask.link(project.project.id.idText, task.id.idText))
        return response
    }

    func task(_ request: Request) async throws -> Response {
        let (_, task) = try await findTask(request)
        return try await dto(task, request).apiResponse(for: request).withETag(task.task.version)
    }

    func updateTask(_ request: Request) async throws -> Response {
        let (project, current) = try await findTask(request, audit: false)
        let expected = try request.ifMatch(current: current.task.version)
        let input = try request.content.decode(TaskBody.self).input(over: current.task)
        let task = try await WorkPlanWorkflow.updateTask(
            project.project.id, current.task.id, input, expected: expected, request)
        return try await answer(task, .ok, request)
    }

    func taskStatus(_ request: Request) async throws -> Response {
        let (project, current) = try await findTask(request, audit: false)
        let person = try request.person
        guard person.can(.projectsManage) || current.task.ownerID == person.id else { throw AppError.forbidden }
        let expected = try request.ifMatch(current: current.task.version)
        let body = try request.content.decode(TaskStatusBody.self)
        let task = try await WorkPlanWorkflow.moveTask(
            project.project.id, current.task.id, to: body.status, expected: expected, request)
        return try await answer(task, .ok, request)
    }

    func deleteTask(_ request: Request) async throws -> Response {
        let (project, current) = try await findTask(request, audit: false)
        let expected = try request.ifMatch(current: current.task.version)
        try await WorkPlanWorkflow.deleteTask(project.project.id, current.task.id, expected: expected, request)
        return Response(status: .noContent)
    }

    func milestones(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let all = try await MilestoneQueries.all(projectID: project.project.id, on: request.db)
        return try ListDTO(items: all.map(MilestoneDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    private func findMilestone(_ request: Request, audit: Bool = true) async throws
        -> (ProjectSummary, ProjectMilestone)
    {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let milestone = try await MilestoneQueries.find(
                try request.recordID("milestoneId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, milestone)
    }

    func createMilestone(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(MilestoneBody.self).input()
        let milestone = try await WorkPlanWorkflow.createMilestone(project.project.id, input, request)
        let response = try MilestoneDTO(milestone).apiResponse(.created, for: request).withETag(milestone.version)
        response.headers.replaceOrAdd(
            name: .location, value: WorkPlanRoutes.apiMilestone.link(project.project.id.idText, milestone.id.idText))
        return response
    }

    func milestone(_ request: Request) async throws -> Response {
        let (_, milestone) = try await findMilestone(request)
        return try MilestoneDTO(milestone).apiResponse(for: request).withETag(milestone.version)
    }

    func updateMilestone(_ request: Request) async throws -> Response {
        let (project, current) = try await findMilestone(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(MilestoneBody.self).input(over: current)
        let milestone = try await WorkPlanWorkflow.updateMilestone(
            project.project.id, current.id, input, expected: expected, request)
        return try MilestoneDTO(milestone).apiResponse(for: request).withETag(milestone.version)
    }

    func deleteMilestone(_ request: Request) async throws -> Response {
        let (project, current) = try await findMilestone(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        try await WorkPlanWorkflow.deleteMilestone(project.project.id, current.id, expected: expected, request)
        return Response(status: .noContent)
    }

    func raci(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let tasks = try await TaskQueries.all(projectID: project.project.id, on: request.db)
        let (matrix, charted, names) = try await WorkPlanWorkflow.raci(tasks, on: request.db)
        let byID = Dictionary(uniqueKeysWithValues: charted.map { ($0.id, $0) })
        let dto = RACIMatrixDTO(
            people: matrix.people.map { .init(userId: $0, name: names[$0] ?? "") },
            rows: matrix.rows.map { row in
                .init(
                    taskId: row.deliverableID, deliverable: byID[row.deliverableID]?.deliverable ?? "",
                    cells: row.cells.map(\.letters))
            })
        return try dto.apiResponse(for: request)
    }

    func gantt(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let tasks = try await TaskQueries.all(projectID: project.project.id, on: request.db)
        let milestones = try await MilestoneQueries.all(projectID: project.project.id, on: request.db)
        return WorkPlanWorkflow.svgResponse(WorkPlanWorkflow.gantt(project.project, tasks: tasks, milestones: milestones, request))
    }
}
