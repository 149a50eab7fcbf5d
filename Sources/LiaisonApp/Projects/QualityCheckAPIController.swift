import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/quality-checks` and `/deliverables`: checks of a project's deliverables against their
/// acceptance criteria, each deliverable with its latest check, and the customer's acceptance recorded.
struct QualityCheckAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ChangeRequestRoutes.apiChecks, use: checks)
        routes.on(ChangeRequestRoutes.apiCreateCheck, use: create)
        routes.on(ChangeRequestRoutes.apiDeliverables, use: deliverables)
        routes.on(ChangeRequestRoutes.apiAcceptance, use: acceptance)
    }

    struct CheckQuery: Content {
        var taskId: String?
        var result: String?
    }

    func checks(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let query = try request.query.decode(CheckQuery.self)
        var v = FieldValidator()
        let task = v.reference("taskId", query.taskId)
        let result = v.optionalChoice("result", query.result, as: QualityCheckResult.self)
        try v.check()
        let all = try await QualityCheckQueries.checks(
            projectID: project.project.id, taskID: task, result: result, on: request.db)
        return try ListDTO(items: all.map(QualityCheckDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(QualityCheckBody.self).input
        let check = try await QualityCheckWorkflow.create(project.project.id, input, request)
        return try QualityCheckDTO(check).apiResponse(.created, for: request)
    }

    func deliverables(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let all = try await QualityCheckQueries.deliverables(projectID: project.project.id, on: request.db)
        return try ListDTO(items: all.map(DeliverableDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func acceptance(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let taskID = try request.recordID("taskId")
        let body = try request.content.decode(DeliverableAcceptanceBody.self)
        let answer = try await QualityCheckWorkflow.record(
            project.project.id, taskID, decision: body.decision, contactID: body.contactId, note: body.note, request)
        return try DeliverableAcceptanceDTO(answer).apiResponse(.created, for: request)
    }
}
