import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/review`: a project's closure review. Any project has one: a draft with live facts until
/// it is finalised (only while the project is closing or closed), then its facts as they were.
struct ReviewAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ReviewRoutes.apiReview, use: show)
        routes.on(ReviewRoutes.apiSave, use: save)
        routes.on(ReviewRoutes.apiFinalise, use: finalise)
        routes.on(ReviewRoutes.apiAsk, use: ask)
    }

    private func answer(_ project: Project, _ request: Request) async throws -> Response {
        let loaded = try await ReviewWorkflow.load(project, request)
        return try ReviewDTO(
            loaded.review, facts: loaded.facts, evaluations: loaded.evaluations, actions: loaded.actions
        ).apiResponse(for: request).withETag(loaded.review.version)
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        return try await answer(found.project, request)
    }

    func save(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let current =
            try await ProjectReviewQueries.review(projectID: found.project.id, on: request.db)
            ?? ProjectReview(projectID: found.project.id)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(ReviewBody.self).input(over: current)
        _ = try await ReviewWorkflow.save(found.project.id, input, expected: expected, request)
        return try await answer(found.project, request)
    }

    func finalise(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let current =
            try await ProjectReviewQueries.review(projectID: found.project.id, on: request.db)
            ?? ProjectReview(projectID: found.project.id)
        let expected = try request.ifMatch(current: current.version)
        _ = try await ReviewWorkflow.finalise(found.project.id, expected: expected, request)
        return try await answer(found.project, request)
    }

    func ask(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let body = try request.content.decode(EvaluationAskBody.self)
        let links = try await ReviewWorkflow.ask(found.project.id, contactIDs: body.contactIds, request)
        return try EvaluationAskedDTO(asked: links).apiResponse(.created, for: request)
    }
}
