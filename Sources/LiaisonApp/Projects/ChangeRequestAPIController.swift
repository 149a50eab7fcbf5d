import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/change-requests`: a project's change requests, their assessment, sending to the
/// customer, the customer's written answer recorded, and withdrawal; and the portal's list and answers.
struct ChangeRequestAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ChangeRequestRoutes.apiList, use: list)
        routes.on(ChangeRequestRoutes.apiCreate, use: create)
        routes.on(ChangeRequestRoutes.apiOne, use: one)
        routes.on(ChangeRequestRoutes.apiUpdate, use: update)
        routes.on(ChangeRequestRoutes.apiAssess, use: assess)
        routes.on(ChangeRequestRoutes.apiSend, use: send)
        routes.on(ChangeRequestRoutes.apiApprove) { try await self.record($0, .approve) }
        routes.on(ChangeRequestRoutes.apiReject) { try await self.record($0, .reject) }
        routes.on(ChangeRequestRoutes.apiWithdraw, use: withdraw)
        routes.on(ChangeRequestRoutes.apiPortalList, use: portalList)
        routes.on(ChangeRequestRoutes.apiPortalApprove) { try await self.portalDecide($0, .approve) }
        routes.on(ChangeRequestRoutes.apiPortalReject) { try await self.portalDecide($0, .reject) }
    }

    struct StatusQuery: Content {
        var status: String?
    }

    struct NoteBody: Decodable {
        var note: String?
    }

    func list(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        var v = FieldValidator()
        let status = v.optionalChoice(
            "status", try request.query.decode(StatusQuery.self).status, as: ChangeRequestStatus.self)
        try v.check()
        let all = try await ChangeRequestQueries.list(projectID: project.project.id, status: status, on: request.db)
        return try ListDTO(items: all.map(ChangeRequestDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    private func find(_ request: Request, audit: Bool = true) async throws -> (ProjectSummary, ChangeRequest) {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard
            let cr = try await ChangeRequestQueries.one(
                try request.recordID("changeId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, cr)
    }

    private func answer(_ cr: ChangeRequest, _ request: Request, status: HTTPStatus = .ok) throws -> Response {
        try ChangeRequestDTO(cr).apiResponse(status, for: request).withETag(cr.version)
    }

    func create(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(ChangeRequestBody.self).input()
        let cr = try await ChangeRequestWorkflow.create(project.project.id, input, request)
        let response = try answer(cr, request, status: .created)
        response.headers.replaceOrAdd(
            name: .location, value: ChangeRequestRoutes.apiOne.link(project.project.id.idText, cr.id.idText))
        return response
    }

    func one(_ request: Request) async throws -> Response {
        let (_, cr) = try await find(request)
        return try answer(cr, request)
    }

    func update(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(ChangeRequestBody.self).input(over: current)
        let cr = try await ChangeRequestWorkflow.update(project.project.id, current.id, input, expected: expected, request)
        return try answer(cr, request)
    }

    func assess(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(ChangeAssessmentBody.self).input
        let cr = try await ChangeRequestWorkflow.assess(project.project.id, current.id, input, expected: expected, request)
        return try answer(cr, request)
    }

    func send(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let body = request.body.data == nil ? ChangeSendBody() : try request.content.decode(ChangeSendBody.self)
        let sent = try await ChangeRequestWorkflow.send(
            project.project.id, current.id, contactIDs: body.contactIds, expected: expected, request)
        return try ChangeRequestSentDTO(changeRequest: ChangeRequestDTO(sent.changeRequest), links: sent.links)
            .apiResponse(for: request).withETag(sent.changeRequest.version)
    }

    func record(_ request: Request, _ decision: ChangeDecision) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let body = request.body.data == nil ? ChangeDecisionBody() : try request.content.decode(ChangeDecisionBody.self)
        let cr = try await ChangeRequestWorkflow.record(
            project.project.id, current.id, decision, contactID: body.contactId, note: body.note, expected: expected,
            request)
        return try answer(cr, request)
    }

    func withdraw(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let body = request.body.data == nil ? NoteBody() : try request.content.decode(NoteBody.self)
        let cr = try await ChangeRequestWorkflow.withdraw(
            project.project.id, current.id, note: body.note, expected: expected, request)
        return try answer(cr, request)
    }

    // MARK: Portal

    func portalList(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let items = try await ChangeRequestQueries.forCustomer(viewer.customerID, on: request.db)
        return try ListDTO(
            items: items.map { PortalChangeRequestDTO(projectNumber: $0.projectNumber, projectName: $0.projectName, $0.changeRequest) },
            nextCursor: nil
        ).apiResponse(for: request)
    }

    func portalDecide(_ request: Request, _ decision: ChangeDecision) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let changeID = try request.recordID("changeId")
        let body = request.body.data == nil ? NoteBody() : try request.content.decode(NoteBody.self)
        let note = try ChangeRequestWorkflow.customerNote(body.note)
        let context = request.writeContext
        let cr = try await request.write { tx in
            try await ChangeRequestCommands.decide(
                changeID: changeID, contactID: viewer.contactID, customerID: viewer.customerID, decision, note: note,
                in: context, on: tx)
        }
        guard
            let item = try await ChangeRequestQueries.forCustomer(viewer.customerID, changeID: cr.id, on: request.db)
                .first
        else { throw AppError.notFound }
        return try PortalChangeRequestDTO(projectNumber: item.projectNumber, projectName: item.projectName, cr)
            .apiResponse(for: request)
    }
}
