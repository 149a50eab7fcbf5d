import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/risks` and `/issues`: a project's risks (with their heat map) and issues.
struct RiskAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(RiskRoutes.apiRisks, use: risks)
        routes.on(RiskRoutes.apiCreateRisk, use: createRisk)
        routes.on(RiskRoutes.apiHeatMap, use: heatMap)
        routes.on(RiskRoutes.apiRisk, use: risk)
        routes.on(RiskRoutes.apiUpdateRisk, use: updateRisk)
        routes.on(RiskRoutes.apiRiskOccurred, use: occurred)
        routes.on(RiskRoutes.apiIssues, use: issues)
        routes.on(RiskRoutes.apiCreateIssue, use: createIssue)
        routes.on(RiskRoutes.apiIssue, use: issue)
        routes.on(RiskRoutes.apiUpdateIssue, use: updateIssue)
    }

    struct StatusQuery: Content {
        var status: String?
    }

    func risks(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        var v = FieldValidator()
        let status = v.optionalChoice("status", try request.query.decode(StatusQuery.self).status, as: RiskStatus.self)
        try v.check()
        let all = try await RiskQueries.risks(projectID: project.project.id, status: status, on: request.db)
        return try ListDTO(items: all.map(RiskDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    private func findRisk(_ request: Request, audit: Bool = true) async throws -> (ProjectSummary, Risk) {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let risk = try await RiskQueries.risk(try request.recordID("riskId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, risk)
    }

    func createRisk(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(RiskBody.self).input()
        let risk = try await RiskWorkflow.createRisk(project.project.id, input, request)
        let response = try RiskDTO(risk).apiResponse(.created, for: request).withETag(risk.version)
        response.headers.replaceOrAdd(
            name: .location, value: RiskRoutes.apiRisk.link(project.project.id.idText, risk.id.idText))
        return response
    }

    func risk(_ request: Request) async throws -> Response {
        let (_, risk) = try await findRisk(request)
        return try RiskDTO(risk).apiResponse(for: request).withETag(risk.version)
    }

    func updateRisk(_ request: Request) async throws -> Response {
        let (project, current) = try await findRisk(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(RiskBody.self).input(over: current)
        let risk = try await RiskWorkflow.updateRisk(project.project.id, current.id, input, expected: expected, request)
        return try RiskDTO(risk).apiResponse(for: request).withETag(risk.version)
    }

    func occurred(_ request: Request) async throws -> Response {
        let (project, current) = try await findRisk(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let (risk, issue) = try await RiskWorkflow.occurred(project.project.id, current.id, expected: expected, request)
        let response = try RiskOccurredDTO(risk: RiskDTO(risk), issue: ProjectIssueDTO(issue))
            .apiResponse(.created, for: request)
        response.headers.replaceOrAdd(
            name: .location, value: RiskRoutes.apiIssue.link(project.project.id.idText, issue.id.idText))
        return response
    }

    func heatMap(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let risks = try await RiskQueries.risks(projectID: project.project.id, on: request.db)
        return WorkPlanWorkflow.svgResponse(RiskWorkflow.heatMap(project.project, risks: risks, request))
    }

    func issues(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        var v = FieldValidator()
        let status = v.optionalChoice(
            "status", try request.query.decode(StatusQuery.self).status, as: ProjectIssueStatus.self)
        try v.check()
        let all = try await RiskQueries.issues(projectID: project.project.id, status: status, on: request.db)
        return try ListDTO(items: all.map(ProjectIssueDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    private func findIssue(_ request: Request, audit: Bool = true) async throws -> (ProjectSummary, ProjectIssue) {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let issue = try await RiskQueries.issue(
                try request.recordID("issueId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, issue)
    }

    func createIssue(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(ProjectIssueBody.self).input()
        let issue = try await RiskWorkflow.createIssue(project.project.id, input, request)
        let response = try ProjectIssueDTO(issue).apiResponse(.created, for: request).withETag(issue.version)
        response.headers.replaceOrAdd(
            name: .location, value: RiskRoutes.apiIssue.link(project.project.id.idText, issue.id.idText))
        return response
    }

    func issue(_ request: Request) async throws -> Response {
        let (_, issue) = try await findIssue(request)
        return try ProjectIssueDTO(issue).apiResponse(for: request).withETag(issue.version)
    }

    func updateIssue(_ request: Request) async throws -> Response {
        let (project, current) = try await findIssue(request, audit: false)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(ProjectIssueBody.self).input(over: current)
        let issue = try await RiskWorkflow.updateIssue(
            project.project.id, current.id, input, expected: expected, request)
        return try ProjectIssueDTO(issue).apiResponse(for: request).withETag(issue.version)
    }
}
