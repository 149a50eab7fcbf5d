import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/commitments`: commitments as the caller may see them; corrections, done and cancel (DELETE) with
/// `If-Match`.
struct CommitmentAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CommitmentRoutes.apiList, use: list)
        routes.on(CommitmentRoutes.apiCreate, use: create)
        routes.on(CommitmentRoutes.apiShow, use: show)
        routes.on(CommitmentRoutes.apiUpdate, use: update)
        routes.on(CommitmentRoutes.apiDelete, use: delete)
        routes.on(CommitmentRoutes.apiDone, use: done)
    }

    func list(_ request: Request) async throws -> Response {
        let (filter, page) = try request.query.decode(CommitmentWorkflow.ListQuery.self).parse(now: request.now)
        let result = try await CommitmentQueries.list(
            filter, for: try request.viewer, limit: page.limit, after: page.after, on: request.db)
        try await CommitmentWorkflow.auditListed(result.items, request)
        let now = request.now
        return try ListDTO(items: result.items.map { CommitmentDTO($0, now: now) }, nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    private func answer(_ id: UUID, _ status: HTTPStatus, _ request: Request) async throws -> Response {
        guard let found = try await CommitmentQueries.find(id, for: try request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return try CommitmentDTO(found, now: request.now).apiResponse(status, for: request)
            .withETag(found.commitment.version)
    }

    func create(_ request: Request) async throws -> Response {
        let commitment = try await CommitmentWorkflow.create(
            try request.content.decode(CommitmentBody.self).input, request)
        let response = try await answer(commitment.id, .created, request)
        response.headers.replaceOrAdd(name: .location, value: CommitmentRoutes.apiShow.link(commitment.id))
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await CommitmentWorkflow.find(request)
        return try CommitmentDTO(found, now: request.now).apiResponse(for: request).withETag(found.commitment.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await CommitmentWorkflow.find(request, audit: false).commitment
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(CommitmentBody.self).input(over: current)
        let changed = try await CommitmentWorkflow.update(current, input, expected: expected, request)
        return try await answer(changed.id, .ok, request)
    }

    func delete(_ request: Request) async throws -> Response {
        let current = try await CommitmentWorkflow.find(request, audit: false).commitment
        let expected = try request.ifMatch(current: current.version)
        _ = try await CommitmentWorkflow.cancel(current.id, expected: expected, request)
        return Response(status: .noContent)
    }

    func done(_ request: Request) async throws -> Response {
        let current = try await CommitmentWorkflow.find(request, audit: false).commitment
        let expected = try request.ifMatch(current: current.version)
        let finished = try await CommitmentWorkflow.done(current.id, expected: expected, request)
        return try await answer(finished.id, .ok, request)
    }
}
