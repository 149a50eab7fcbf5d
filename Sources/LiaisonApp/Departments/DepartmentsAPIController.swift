import Fluent
import LiaisonCore
import LiaisonData
import Vapor

struct DepartmentsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(DepartmentRoutes.apiList, use: list)
        routes.on(DepartmentRoutes.apiCreate, use: create)
        routes.on(DepartmentRoutes.apiShow, use: show)
        routes.on(DepartmentRoutes.apiUpdate, use: update)
        routes.on(DepartmentRoutes.apiDelete, use: delete)
    }

    /// All departments in one page: a company has tens of them. The list shape matches every other list.
    func list(_ request: Request) async throws -> Response {
        let departments = try await DepartmentQueries.all(on: request.db)
        return try ListDTO(items: departments.map(DepartmentDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let body = try request.content.decode(CreateDepartmentRequest.self)
        let mode = try Self.assignmentMode(body.assignment)
        let valid = try body.input.validated()
        let actor = request.auditActor
        let now = request.now
        let department = try await request.write { tx in
            var created = try await DepartmentCommands.create(valid, by: actor, at: now, on: tx)
            if let mode, mode != created.assignment {
                try await Assignment.setMode(mode, for: created.id, by: actor, at: now, on: tx)
                created = try await DepartmentQueries.find(id: created.id, on: tx) ?? created
            }
            return created
        }
        let response = try DepartmentDTO(department).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: DepartmentRoutes.apiShow.link(department.id))
        return response.withETag(department.version)
    }

    func show(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let department = try await DepartmentQueries.find(id: id, on: request.db) else {
            throw AppError.notFound
        }
        return try DepartmentDTO(department).apiResponse(for: request).withETag(department.version)
    }

    func update(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let current = try await DepartmentQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let expected = try request.ifMatch(current: current.version)
        let patch = try request.content.decode(UpdateDepartmentRequest.self)
        let mode = try Self.assignmentMode(patch.assignment)
        let valid = try patch.merged(onto: current).validated()
        let actor = request.auditActor
        let now = request.now
        let department = try await request.write { tx in
            var updated = try await DepartmentCommands.update(
                id: id, with: valid, expectedVersion: expected, by: actor, at: now, on: tx)
            if let mode, mode != updated.assignment {
                try await Assignment.setMode(mode, for: id, by: actor, at: now, on: tx)
                updated = try await DepartmentQueries.find(id: id, on: tx) ?? updated
            }
            return updated
        }
        return try DepartmentDTO(department).apiResponse(for: request).withETag(department.version)
    }

    /// `manual`, `roundRobin` or `fewestOpen`; nil when not given.
    static func assignmentMode(_ raw: String?) throws(ValidationFailure) -> AssignmentMode? {
        var v = FieldValidator()
        let mode = v.optionalChoice("assignment", raw, as: AssignmentMode.self)
        try v.check()
        return mode
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let expected = try request.ifMatch()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await DepartmentCommands.delete(id: id, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return Response(status: .noContent)
    }
}
