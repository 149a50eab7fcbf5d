import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/reports`: a project's progress reports (draft, edit, refresh, send once); and
/// `…/risks/:riskId/tell`, `…/issues/:issueId/tell`: telling the customer.
struct ReportAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ReportRoutes.apiList, use: list)
        routes.on(ReportRoutes.apiCreate, use: create)
        routes.on(ReportRoutes.apiShow, use: show)
        routes.on(ReportRoutes.apiUpdate, use: update)
        routes.on(ReportRoutes.apiDelete, use: delete)
        routes.on(ReportRoutes.apiRefresh, use: refresh)
        routes.on(ReportRoutes.apiSend, use: send)
        routes.on(ReportRoutes.apiTellRisk, use: tellRisk)
        routes.on(ReportRoutes.apiTellIssue, use: tellIssue)
    }

    struct StatusQuery: Content {
        var status: String?
    }

    func list(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        var v = FieldValidator()
        let status = v.optionalChoice(
            "status", try request.query.decode(StatusQuery.self).status, as: ProgressReportStatus.self)
        try v.check()
        let all = try await ProgressReportQueries.list(projectID: project.project.id, status: status, on: request.db)
        return try ListDTO(items: all.map { dto($0, request) }, nextCursor: nil).apiResponse(for: request)
    }

    private func dto(_ report: ProgressReport, _ request: Request) -> ProgressReportDTO {
        ProgressReportDTO(report, title: ReportWorkflow.title(report, request))
    }

    private func find(_ request: Request, audit: Bool = true) async throws -> (ProjectSummary, ProgressReport) {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let report = try await ProgressReportQueries.report(
                try request.recordID("reportId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, report)
    }

    func create(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let body = try request.content.decode(ProgressReportBody.self)
        let report = try await ReportWorkflow.create(project.project, body.input, request)
        let response = try dto(report, request).apiResponse(.created, for: request).withETag(report.version)
        response.headers.replaceOrAdd(
            name: .location, value: ReportRoutes.apiShow.link(project.project.id.idText, report.id.idText))
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let (_, report) = try await find(request)
        return try dto(report, request).apiResponse(for: request).withETag(report.version)
    }

    func update(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let body = try request.content.decode(ProgressReportBody.self)
        let report = try await ReportWorkflow.update(project.project, current.id, body.input, expected: expected, request)
        return try dto(report, request).apiResponse(for: request).withETag(report.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        try await ReportWorkflow.delete(project.project, current.id, expected: expected, request)
        return Response(status: .noContent)
    }

    func refresh(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let report = try await ReportWorkflow.refresh(project.project, current.id, expected: expected, request)
        return try dto(report, request).apiResponse(for: request).withETag(report.version)
    }

    func send(_ request: Request) async throws -> Response {
        let (project, current) = try await find(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let empty = (request.body.data?.readableBytes ?? 0) == 0
        let body = empty ? CustomerMessageBody() : try request.content.decode(CustomerMessageBody.self)
        let report = try await ReportWorkflow.send(
            project.project, current, body.input, expected: expected, confirmation: try body.confirmation(), request)
        return try dto(report, request).apiResponse(for: request).withETag(report.version)
    }

    func tellRisk(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        guard let risk = try await RiskQueries.risk(
                try request.recordID("riskId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        let body = try request.content.decode(CustomerMessageBody.self)
        let told = try await ReportWorkflow.tellRisk(
            project.project, risk, body.input, confirmation: try body.confirmation(), request)
        return try RiskDTO(told).apiResponse(for: request).withETag(told.version)
    }

    func tellIssue(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        guard let issue = try await RiskQueries.issue(
                try request.recordID("issueId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        let body = try request.content.decode(CustomerMessageBody.self)
        let told = try await ReportWorkflow.tellIssue(
            project.project, issue, body.input, confirmation: try body.confirmation(), request)
        return try ProjectIssueDTO(told).apiResponse(for: request).withETag(told.version)
    }
}
