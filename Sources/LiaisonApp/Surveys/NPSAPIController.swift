import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// NPS campaigns in the API: `/api/v1/surveys`, who they ask, sending, and results.
struct NPSAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(NPSRoutes.apiList, use: list)
        routes.on(NPSRoutes.apiCreate, use: create)
        routes.on(NPSRoutes.apiShow, use: show)
        routes.on(NPSRoutes.apiUpdate, use: update)
        routes.on(NPSRoutes.apiDelete, use: delete)
        routes.on(NPSRoutes.apiRecipients, use: recipients)
        routes.on(NPSRoutes.apiSend, use: send)
        routes.on(NPSRoutes.apiResults, use: results)
    }

    private func dto(_ survey: NPSSurvey, _ request: Request) async throws -> NPSSurveyDTO {
        let visible = Set(try await NPSWorkflow.visibleCustomers(survey, request).map(\.id))
        return NPSSurveyDTO(survey, visibleCustomers: survey.customerIDs.filter { visible.contains($0) })
    }

    func list(_ request: Request) async throws -> Response {
        var items: [NPSSurveyDTO] = []
        for survey in try await NPSSurveyQueries.all(on: request.db) { items.append(try await dto(survey, request)) }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let survey = try await NPSWorkflow.create(try request.content.decode(NPSSurveyBody.self).input(), request)
        let response = try await dto(survey, request).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: NPSRoutes.apiShow.link(survey.id))
        return response.withETag(survey.version)
    }

    func show(_ request: Request) async throws -> Response {
        let survey = try await NPSWorkflow.find(request)
        return try await dto(survey, request).apiResponse(for: request).withETag(survey.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await NPSWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        guard current.status == .draft else { throw AppError.conflict("surveySent") }
        let input = try request.content.decode(NPSSurveyBody.self).input(over: current)
        let survey = try await NPSWorkflow.update(current, input, expected: expected, request)
        return try await dto(survey, request).apiResponse(for: request).withETag(survey.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let expected = try request.ifMatch()
        try await NPSWorkflow.delete(id, expected: expected, request)
        return Response(status: .noContent)
    }

    func recipients(_ request: Request) async throws -> Response {
        let survey = try await NPSWorkflow.find(request)
        let items = try await NPSWorkflow.recipients(survey, request).map {
            NPSRecipientDTO($0.recipient, mailed: $0.mailed, answered: $0.answered)
        }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    func send(_ request: Request) async throws -> Response {
        let current = try await NPSWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        let survey = try await NPSWorkflow.send(current.id, expected: expected, request)
        return try await dto(survey, request).apiResponse(for: request).withETag(survey.version)
    }

    struct ResultsQuery: Content {
        var segment: String?
    }

    func results(_ request: Request) async throws -> Response {
        let survey = try await NPSWorkflow.find(request)
        var v = FieldValidator()
        let segment = v.choice("segment", try request.query.decode(ResultsQuery.self).segment, default: NPSSegment.tier)
        try v.check()
        let results = try await NPSResults.load(
            survey, segment: segment, for: try request.viewer, at: request.now, on: request.db)
        return try NPSResultsDTO(survey.id, results).apiResponse(for: request)
    }
}
