import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The work plan tab of the project page, the task form, the milestones' forms and the Gantt chart's image.
struct WorkPlanWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(WorkPlanRoutes.page, use: page)
        routes.on(WorkPlanRoutes.gantt, use: gantt)
        routes.on(WorkPlanRoutes.newTask, use: newTask)
        routes.on(WorkPlanRoutes.createTask, use: createTask)
        routes.on(WorkPlanRoutes.editTask, use: editTask)
        routes.on(WorkPlanRoutes.updateTask, use: updateTask)
        routes.on(WorkPlanRoutes.taskStatus, use: taskStatus)
        routes.on(WorkPlanRoutes.deleteTask, use: deleteTask)
        routes.on(WorkPlanRoutes.createMilestone, use: createMilestone)
        routes.on(WorkPlanRoutes.updateMilestone, use: updateMilestone)
        routes.on(WorkPlanRoutes.deleteMilestone, use: deleteMilestone)
    }

    // MARK: The tab

    struct FilterQuery: Content {
        var status: String?
        var ownerId: String?
        var departmentId: String?
        var cursor: String?
    }

    func page(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        return try await render(request, found, milestoneForm: MilestoneForm(), errors: [:], status: .ok)
    }

    func render(
        _ request: Request, _ found: ProjectSummary, milestoneForm: MilestoneForm, errors: [String: String],
        status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "workplan")
        let person = try request.person
        let query = (try? request.query.decode(FilterQuery.self)) ?? FilterQuery()
        var v = FieldValidator()
        let filter = TaskFilter(
            status: v.optionalChoice("status", query.status, as: TaskStatus.self),
            ownerID: v.reference("ownerId", query.ownerId), departmentID: v.reference("departmentId", query.departmentId))
        let cursor = query.cursor.flatMap(Cursor.init(encoded:))
        let all = try await TaskQueries.all(projectID: p.id, on: request.db)
        let listed = try await TaskQueries.list(projectID: p.id, filter, limit: 200, after: cursor, on: request.db)
        let warnings = WorkPlanWorkflow.warnings(all)
        let names = Dictionary(all.map { ($0.task.id, $0.task.name) }, uniquingKeysWith: { a, _ in a })
        let today = LocalDate.of(request.now, in: request.displayTimeZone)
        let tasks = listed.items.map { summary -> WorkPlanPage.TaskRow in
            let task = summary.task
            let mayMove = head.canManage || task.ownerID == person.id
            return WorkPlanPage.TaskRow(
                id: task.id.idText, name: task.name, owner: summary.ownerName ?? "—",
                department: summary.departmentName(in: request.locale.rawValue) ?? "—", dates: Self.dates(task),
                estimate: task.estimateHours.map { request.t("task.hours", Self.number($0)) } ?? "—",
                status: request.t(task.status.labelKey), statusCode: task.status.rawValue, late: task.isLate(today: today),
                predecessors: task.predecessors.compactMap { names[$0] }.joined(separator: ", "),
                deliverable: task.deliverable ?? "",
                warnings: warnings.filter { $0.task == task.id }.map {
                    request.t(TaskGraph.Warning.messageKey, names[$0.predecessor] ?? "", $0.predecessorDue.description)
                },
                editLink: head.canManage ? WorkPlanRoutes.editTask.link(p.id.idText, task.id.idText) : nil,
                statusAction: mayMove ? WorkPlanRoutes.taskStatus.link(p.id.idText, task.id.idText) : nil,
                version: task.version,
                moves: mayMove
                    ? TaskStatus.allCases.filter { task.status.canMove(to: $0) }.map {
                        .init(status: $0.rawValue, label: request.t("task.move.\($0.rawValue)"))
                    } : [])
        }
        let milestones = try await MilestoneQueries.all(projectID: p.id, on: request.db).map { m in
            WorkPlanPage.MilestoneRow(
                name: m.name, date: m.date.description, reached: m.reached,
                updateAction: head.canManage ? WorkPlanRoutes.updateMilestone.link(p.id.idText, m.id.idText) : nil,
                deleteAction: head.canManage ? WorkPlanRoutes.deleteMilestone.link(p.id.idText, m.id.idText) : nil,
                version: m.version)
        }
        let (matrix, charted, people) = try await WorkPlanWorkflow.raci(all, on: request.db)
        let byID = Dictionary(uniqueKeysWithValues: charted.map { ($0.id, $0) })
        let members = try await ProjectQueries.members(of: p.id, on: request.db)
        let departments = try await DepartmentQueries.all(on: request.db)
        var next: String?
        if let cursor = listed.nextCursor {
            var parts = ["cursor=" + cursor]
            if let s = filter.status { parts.append("status=" + s.rawValue) }
            if let o = filter.ownerID { parts.append("ownerId=" + o.idText) }
            if let d = filter.departmentID { parts.append("departmentId=" + d.idText) }
            next = WorkPlanRoutes.page.link(p.id) + "?" + parts.joined(separator: "&")
        }
        let page = WorkPlanPage(
            head: head,
            statuses: TaskStatus.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == filter.status)
            },
            owners: members.map { Choice(value: $0.userID.idText, label: $0.name, selected: $0.userID == filter.ownerID) },
            departments: departments.map {
                Choice(
                    value: $0.id.idText, label: $0.displayName(in: request.locale), selected: $0.id == filter.departmentID)
            },
            filterAction: WorkPlanRoutes.page.link(p.id), tasks: tasks, hasTasks: !tasks.isEmpty, nextLink: next,
            newTaskLink: head.canManage ? WorkPlanRoutes.newTask.link(p.id) : nil, milestones: milestones,
            hasMilestones: !milestones.isEmpty,
            milestoneAction: head.canManage ? WorkPlanRoutes.createMilestone.link(p.id) : nil,
            milestoneName: milestoneForm.name ?? "", milestoneDate: milestoneForm.date ?? "", milestoneErrors: errors,
            raciPeople: matrix.people.map { people[$0] ?? "—" },
            raciRows: matrix.rows.map { row in
                .init(
                    deliverable: byID[row.deliverableID]?.deliverable ?? "", task: byID[row.deliverableID]?.name ?? "",
                    cells: row.cells.map(\.letters))
            },
            hasRACI: !matrix.rows.isEmpty, ganttLink: WorkPlanRoutes.gantt.link(p.id),
            ganttAlt: request.t("workplan.ganttAlt", p.numberText + " " + p.name),
            projectDates: Self.projectDates(p, request))
        let response = try await request.page("projects/workplan", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    static func dates(_ task: ProjectTask) -> String {
        switch (task.startOn, task.dueOn) {
        case (let start?, let due?): "\(start) – \(due)"
        case (let start?, nil): "\(start) –"
        case (nil, let due?): "– \(due)"
        case (nil, nil): "—"
        }
    }

    static func projectDates(_ project: Project, _ request: Request) -> String {
        guard project.startOn != nil || project.endOn != nil else { return request.t("workplan.noSchedule") }
        return request.t(
            "workplan.schedule", project.startOn?.description ?? "…", project.endOn?.description ?? "…")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int(value)) : String(value)
    }

    func gantt(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        let tasks = try await TaskQueries.all(projectID: found.project.id, on: request.db)
        let milestones = try await MilestoneQueries.all(projectID: found.project.id, on: request.db)
        return WorkPlanWorkflow.svgResponse(
            WorkPlanWorkflow.gantt(found.project, tasks: tasks, milestones: milestones, request))
    }

    // MARK: Task form

    struct TaskForm: Content {
        var name: String?
        var description: String?
        var ownerId: String?
        var departmentId: String?
        var startOn: String?
        var dueOn: String?
        var estimateHours: String?
        var predecessors: [String]?
        var deliverable: String?
        var acceptanceCheck: String?
        var status: String?
        var accountable: String?
        var responsible: [String]?
        var consulted: [String]?
        var informed: [String]?
        var version: String?

        var raci: [(personID: String?, role: String?)] {
            var parts: [(personID: String?, role: String?)] = []
            if let a = accountable?.trimmedSpaces(), !a.isEmpty { parts.append((a, RACIRole.accountable.rawValue)) }
            for (ids, role) in [(responsible, RACIRole.responsible), (consulted, .consulted), (informed, .informed)] {
                for id in ids ?? [] where !id.trimmedSpaces().isEmpty { parts.append((id, role.rawValue)) }
            }
            return parts
        }

        var input: TaskInput {
            TaskInput(
                name: name, description: description, ownerID: ownerId, departmentID: departmentId, startOn: startOn,
                dueOn: dueOn, estimateHours: estimateHours, predecessors: predecessors ?? [], deliverable: deliverable,
                acceptanceCheck: acceptanceCheck, status: status, raci: raci)
        }

        init() {}

        init(_ task: ProjectTask) {
            name = task.name
            description = task.description
            ownerId = task.ownerID?.idText
            departmentId = task.departmentID?.idText
            startOn = task.startOn?.description
            dueOn = task.dueOn?.description
            estimateHours = task.estimateHours.map(WorkPlanWebController.number)
            predecessors = task.predecessors.map(\.idText)
            deliverable = task.deliverable
            acceptanceCheck = task.acceptanceCheck
            status = task.status.rawValue
            accountable = task.raci.first { $0.role == .accountable }?.personID.idText
            responsible = task.raci.filter { $0.role == .responsible }.map(\.personID.idText)
            consulted = task.raci.filter { $0.role == .consulted }.map(\.personID.idText)
            informed = task.raci.filter { $0.role == .informed }.map(\.personID.idText)
            version = String(task.version)
        }
    }

    private func findTask(_ request: Request) async throws -> (ProjectSummary, TaskSummary) {
        let found = try await ProjectWorkflow.find(request, audit: false)
        guard let task = try await TaskQueries.find(try request.recordID("taskId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        return (found, task)
    }

    func newTask(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        return try await renderForm(request, found, nil, form: TaskForm(), errors: [:], status: .ok)
    }

    func createTask(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(TaskForm.self)
        do {
            _ = try await WorkPlanWorkflow.createTask(found.project.id, form.input, request)
            return request.redirect(to: WorkPlanRoutes.page.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, found, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: WorkPlanRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    func editTask(_ request: Request) async throws -> Response {
        let (found, task) = try await findTask(request)
        return try await renderForm(request, found, task.task, form: TaskForm(task.task), errors: [:], status: .ok)
    }

    func updateTask(_ request: Request) async throws -> Response {
        let (found, task) = try await findTask(request)
        var form = try request.content.decode(TaskForm.self)
        let back = WorkPlanRoutes.page.link(found.project.id)
        do {
            _ = try await WorkPlanWorkflow.updateTask(
                found.project.id, task.task.id, form.input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, found, task.task, form: form, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion {
            form.version = String(task.task.version)
            return try await renderForm(
                request, found, task.task, form: form, errors: ["form": request.t("error.staleForm")],
                status: .conflict)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    private func renderForm(
        _ request: Request, _ found: ProjectSummary, _ task: ProjectTask?, form: TaskForm, errors: [String: String],
        status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "workplan")
        let members = try await ProjectQueries.members(of: p.id, on: request.db)
        let departments = try await DepartmentQueries.all(on: request.db)
        let others = try await TaskQueries.all(projectID: p.id, on: request.db).filter { $0.task.id != task?.id }
        func chosen(_ id: String?) -> UUID? { id.flatMap { UUIDText.parse($0.trimmedSpaces()) } }
        func chosen(_ ids: [String]?) -> Set<UUID> { Set((ids ?? []).compactMap { UUIDText.parse($0.trimmedSpaces()) }) }
        func people(_ selected: Set<UUID>) -> [Choice] {
            members.map { Choice(value: $0.userID.idText, label: $0.name, selected: selected.contains($0.userID)) }
        }
        let owner = chosen(form.ownerId)
        let department = chosen(form.departmentId)
        let predecessors = chosen(form.predecessors)
        let current = task?.status ?? .notStarted
        let chosenStatus = form.status.flatMap(TaskStatus.init(rawValue:)) ?? current
        let title = task.map { $0.name } ?? request.t("task.new")
        let page = TaskFormPage(
            head: head, isNew: task == nil, title: title,
            action: task.map { WorkPlanRoutes.updateTask.link(p.id.idText, $0.id.idText) }
                ?? WorkPlanRoutes.createTask.link(p.id),
            cancelLink: WorkPlanRoutes.page.link(p.id),
            deleteAction: task.map { WorkPlanRoutes.deleteTask.link(p.id.idText, $0.id.idText) },
            version: form.version.flatMap { Int($0) } ?? task?.version ?? 0, name: form.name ?? "",
            description: form.description ?? "", owners: people(owner.map { [$0] } ?? []),
            departments: departments.map {
                Choice(value: $0.id.idText, label: $0.displayName(in: request.locale), selected: $0.id == department)
            },
            startOn: form.startOn ?? "", dueOn: form.dueOn ?? "", estimateHours: form.estimateHours ?? "",
            predecessors: others.map {
                Choice(value: $0.task.id.idText, label: $0.task.name, selected: predecessors.contains($0.task.id))
            },
            hasPredecessorChoices: !others.isEmpty, deliverable: form.deliverable ?? "",
            acceptanceCheck: form.acceptanceCheck ?? "",
            statuses: TaskStatus.allCases.filter { $0 == current || current.canMove(to: $0) }.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == chosenStatus)
            },
            accountable: people(chosen(form.accountable).map { [$0] } ?? []),
            responsible: people(chosen(form.responsible)), consulted: people(chosen(form.consulted)),
            informed: people(chosen(form.informed)), errors: errors)
        let response = try await request.page("projects/task-form", title: title, page)
        response.status = status
        return response
    }

    struct VersionForm: Content {
        var status: String?
        var version: String?
    }

    func taskStatus(_ request: Request) async throws -> Response {
        let (found, task) = try await findTask(request)
        let person = try request.person
        guard person.can(.projectsManage) || task.task.ownerID == person.id else { throw AppError.forbidden }
        let form = try request.content.decode(VersionForm.self)
        let back = WorkPlanRoutes.page.link(found.project.id)
        do {
            _ = try await WorkPlanWorkflow.moveTask(
                found.project.id, task.task.id, to: form.status, expected: form.version.flatMap { Int($0) }, request)
        } catch is ValidationFailure {
            return request.redirect(to: back, flash: "task.moveRefused", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "task.changed", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: back, flash: "flash.saved")
    }

    func deleteTask(_ request: Request) async throws -> Response {
        let (found, task) = try await findTask(request)
        let form = try request.content.decode(VersionForm.self)
        let back = WorkPlanRoutes.page.link(found.project.id)
        do {
            try await WorkPlanWorkflow.deleteTask(
                found.project.id, task.task.id, expected: form.version.flatMap { Int($0) }, request)
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "task.changed", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: back, flash: "task.deleted")
    }
}
