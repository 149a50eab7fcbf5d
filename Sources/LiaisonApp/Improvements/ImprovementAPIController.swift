import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/improvement-actions`: improvement actions across projects, as the caller may see them.
struct ImprovementAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ImprovementRoutes.apiList, use: list)
        routes.on(ImprovementRoutes.apiCreate, use: create)
        routes.on(ImprovementRoutes.apiShow, use: show)
        routes.on(ImprovementRoutes.apiUpdate, use: update)
    }

    func list(_ request: Request) async throws -> Response {
        let (filter, page) = try request.query.decode(ImprovementWorkflow.ListQuery.self)
            .parse(today: ImprovementWorkflow.today(request))
        let result = try await ImprovementQueries.list(
            filter, for: try request.viewer, oversees: try ImprovementWorkflow.oversees(request), limit: page.limit,
            after: page.after, on: request.db)
        try await ImprovementWorkflow.auditListed(result.items, request)
        return try ListDTO(items: result.items.map(ImprovementDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    private func answer(_ id: UUID, _ status: HTTPStatus, _ request: Request) async throws -> Response {
        guard
            let found = try await ImprovementQueries.find(
                id, for: try request.viewer, oversees: try ImprovementWorkflow.oversees(request), on: request.db)
        else { throw AppError.notFound }
        return try ImprovementDTO(found).apiResponse(status, for: request).withETag(found.action.version)
    }

    func create(_ request: Request) async throws -> Response {
        let action = try await ImprovementWorkflow.create(
            try request.content.decode(ImprovementBody.self).input(), request)
        let response = try await answer(action.id, .created, request)
        response.headers.replaceOrAdd(name: .location, value: ImprovementRoutes.apiShow.link(action.id))
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await ImprovementWorkflow.find(request)
        return try ImprovementDTO(found).apiResponse(for: request).withETag(found.action.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await ImprovementWorkflow.find(request, audit: false).action
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(ImprovementBody.self).input(over: current)
        let action = try await ImprovementWorkflow.update(current.id, input, expected: expected, request)
        return try await answer(action.id, .ok, request)
    }
}
