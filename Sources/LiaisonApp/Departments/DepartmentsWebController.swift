import Fluent
import LiaisonCore
import LiaisonData
import Vapor

struct DepartmentsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(DepartmentRoutes.list, use: list)
        routes.on(DepartmentRoutes.create, use: create)
        routes.on(DepartmentRoutes.edit, use: edit)
        routes.on(DepartmentRoutes.update, use: update)
        routes.on(DepartmentRoutes.delete, use: delete)
    }

    struct DepartmentForm: Content {
        var name: String?
        var nameEn: String?
        var code: String?
        var parentId: String?
        var assignment: String?
        var version: String?

        var input: DepartmentInput {
            DepartmentInput(name: name, nameEn: nameEn, code: code, parentID: parentId)
        }
    }

    func list(_ request: Request) async throws -> Response {
        try await renderList(request, form: DepartmentForm(), errors: [:], status: .ok)
    }

    private func parentOptions(_ departments: [Department], excluding id: UUID?, selected: String?, request: Request)
        -> [Choice]
    {
        departments.filter { $0.id != id }.map {
            .init(value: $0.id.uuidString, label: $0.displayName(in: request.locale), selected: $0.id.uuidString == selected)
        }
    }

    private func renderList(_ request: Request, form: DepartmentForm, errors: [String: String], status: HTTPStatus)
        async throws -> Response
    {
        let departments = try await DepartmentQueries.all(on: request.db)
        let names = Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0.displayName(in: request.locale)) })
        let rows = departments.map {
                DepartmentsPage.Row(
                    name: $0.name, nameEn: $0.nameEn ?? "", code: $0.code ?? "",
                    parent: $0.parentID.flatMap { names[$0] } ?? "", memberCount: $0.memberCount,
                    membersLink: PeopleRoutes.list.link() + "?departmentId=" + $0.id.uuidString,
                    editLink: DepartmentRoutes.edit.link($0.id))
            }
        let body = DepartmentsPage(
            rows: rows, hasRows: !rows.isEmpty,
            canManage: try request.person.can(.departmentsManage), createAction: DepartmentRoutes.create.link(),
            parents: parentOptions(departments, excluding: nil, selected: form.parentId, request: request),
            name: form.name ?? "", nameEn: form.nameEn ?? "", code: form.code ?? "", errors: errors)
        let response = try await request.page("departments/list", title: request.t("departments.title"), body)
        response.status = status
        return response
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(DepartmentForm.self)
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            _ = try await request.write { tx in try await DepartmentCommands.create(valid, by: actor, at: now, on: tx) }
            return request.redirect(to: DepartmentRoutes.list.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderList(
                request, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let department = try await DepartmentQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let form = DepartmentForm(
            name: department.name, nameEn: department.nameEn, code: department.code,
            parentId: department.parentID?.uuidString, assignment: department.assignment.rawValue, version: String(department.version))
        return try await renderForm(request, department: department, form: form, errors: [:], status: .ok)
    }

    private func renderForm(
        _ request: Request, department: Department, form: DepartmentForm, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let all = try await DepartmentQueries.all(on: request.db)
        let body = DepartmentFormPage(
            action: DepartmentRoutes.update.link(department.id), deleteAction: DepartmentRoutes.delete.link(department.id),
            cancelLink: DepartmentRoutes.list.link(), version: department.version, name: form.name ?? "",
            nameEn: form.nameEn ?? "", code: form.code ?? "",
            parents: parentOptions(all, excluding: department.id, selected: form.parentId, request: request),
            memberCount: department.memberCount,
            assignments: request.options(AssignmentMode.self, selected: form.assignment ?? department.assignment.rawValue) { "assignment.\($0.rawValue)" },
            errors: errors)
        let response = try await request.page("departments/form", title: request.t("departments.edit"), body)
        response.status = status
        return response
    }

    func update(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let form = try request.content.decode(DepartmentForm.self)
        guard let department = try await DepartmentQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let actor = request.auditActor
        let now = request.now
        let version = form.version.flatMap { Int($0) }
        do {
            let mode = try DepartmentsAPIController.assignmentMode(form.assignment)
            let valid = try form.input.validated()
            _ = try await request.write { tx in
                let updated = try await DepartmentCommands.update(
                    id: id, with: valid, expectedVersion: version, by: actor, at: now, on: tx)
                if let mode, mode != updated.assignment { try await Assignment.setMode(mode, for: id, by: actor, at: now, on: tx) }
            }
            return request.redirect(to: DepartmentRoutes.list.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, department: department, form: form, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form
            fresh.version = String(department.version)
            return try await renderForm(
                request, department: department, form: fresh, errors: ["form": request.t("error.staleForm")],
                status: .conflict)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        do {
            try await request.write { tx in
                try await DepartmentCommands.delete(id: id, expectedVersion: nil, by: actor, at: now, on: tx)
            }
        } catch DataError.conflict(let reason) {
            return request.redirect(to: DepartmentRoutes.edit.link(id), flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: DepartmentRoutes.list.link(), flash: "flash.deleted")
    }
}
