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
        routes.on(ChangeRequestRoutes.apiPortalDeliverables, use: portalDeliverables)
        routes.on(ChangeRequestRoutes.apiPortalAcceptance, use: portalAcceptance)
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

    // MARK: Portal

    func portalDeliverables(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let items = try await QualityCheckQueries.forCustomer(viewer.customerID, on: request.db)
        return try ListDTO(
            items: items.map { PortalDeliverableDTO(projectNumber: $0.projectNumber, projectName: $0.projectName, $0.deliverable) },
            nextCursor: nil
        ).apiResponse(for: request)
    }

    struct PortalAnswer: Decodable {
        var decision: String?
        var note: String?
    }

    func portalAcceptance(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let taskID = try request.recordID("taskId")
        // Another customer's deliverable is not found, whatever the body says.
        guard try await QualityCheckQueries.isOfCustomer(task: taskID, customerID: viewer.customerID, on: request.db)
        else { throw AppError.notFound }
        let body = try request.content.decode(PortalAnswer.self)
        var v = FieldValidator()
        if body.decision?.trimmedSpaces().isEmpty ?? true { v.add("decision", "required") }
        let decision = v.choice("decision", body.decision, default: DeliverableDecision.accepted)
        let note = v.optionalText("note", body.note, max: QualityCheckInput.maxText, multiline: true)
        try v.check()
        let context = request.writeContext
        let answer = try await request.write { tx in
            try await QualityCheckCommands.decideInPortal(
                taskID: taskID, customerID: viewer.customerID, contactID: viewer.contactID, decision, note: note,
                in: context, on: tx)
        }
        return try PortalDeliverableAnswerDTO(answer).apiResponse(.created, for: request)
    }
}
