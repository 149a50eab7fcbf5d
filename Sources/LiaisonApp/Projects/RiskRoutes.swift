import LiaisonCore
import Vapor

/// A project's risks and issues (风险与问题): the page under /projects/:id/risks and the API under
/// /api/v1/projects/:id/risks and /issues. Reading follows the project (`customersView` and its customer's
/// need-to-know); changing needs `projectsManage`.
enum RiskRoutes {
    static let page = Endpoint(.GET, "projects/:id/risks", .capability(.customersView))
    static let heatMap = Endpoint(.GET, "projects/:id/risk-heatmap.svg", .capability(.customersView))
    static let createRisk = Endpoint(.POST, "projects/:id/risks", .capability(.projectsManage))
    static let updateRisk = Endpoint(.POST, "projects/:id/risks/:riskId", .capability(.projectsManage))
    static let riskOccurred = Endpoint(.POST, "projects/:id/risks/:riskId/occurred", .capability(.projectsManage))
    static let createIssue = Endpoint(.POST, "projects/:id/issues", .capability(.projectsManage))
    static let updateIssue = Endpoint(.POST, "projects/:id/issues/:issueId", .capability(.projectsManage))

    static let apiRisks = Endpoint(.GET, "api/v1/projects/:id/risks", .capability(.customersView))
    static let apiCreateRisk = Endpoint(.POST, "api/v1/projects/:id/risks", .capability(.projectsManage))
    static let apiHeatMap = Endpoint(.GET, "api/v1/projects/:id/risk-heatmap.svg", .capability(.customersView))
    static let apiRisk = Endpoint(.GET, "api/v1/projects/:id/risks/:riskId", .capability(.customersView))
    static let apiUpdateRisk = Endpoint(.PATCH, "api/v1/projects/:id/risks/:riskId", .capability(.projectsManage))
    static let apiRiskOccurred = Endpoint(
        .POST, "api/v1/projects/:id/risks/:riskId/occurred", .capability(.projectsManage))
    static let apiIssues = Endpoint(.GET, "api/v1/projects/:id/issues", .capability(.customersView))
    static let apiCreateIssue = Endpoint(.POST, "api/v1/projects/:id/issues", .capability(.projectsManage))
    static let apiIssue = Endpoint(.GET, "api/v1/projects/:id/issues/:issueId", .capability(.customersView))
    static let apiUpdateIssue = Endpoint(.PATCH, "api/v1/projects/:id/issues/:issueId", .capability(.projectsManage))
}
