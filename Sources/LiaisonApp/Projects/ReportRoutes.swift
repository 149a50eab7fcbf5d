import LiaisonCore
import Vapor

/// Progress reports (进展报告): the project tab under /projects/:id/reports, the API under
/// /api/v1/projects/:id/reports, the portal's /portal/reports; and telling the customer of a risk or an issue.
/// Reading follows the project (`customersView` and its customer's need-to-know); writing needs `projectsManage`.
enum ReportRoutes {
    static let page = Endpoint(.GET, "projects/:id/reports", .capability(.customersView))
    static let create = Endpoint(.POST, "projects/:id/reports", .capability(.projectsManage))
    static let show = Endpoint(.GET, "projects/:id/reports/:reportId", .capability(.customersView))
    static let update = Endpoint(.POST, "projects/:id/reports/:reportId", .capability(.projectsManage))
    static let refresh = Endpoint(.POST, "projects/:id/reports/:reportId/refresh", .capability(.projectsManage))
    static let send = Endpoint(.POST, "projects/:id/reports/:reportId/send", .capability(.projectsManage))
    static let delete = Endpoint(.POST, "projects/:id/reports/:reportId/delete", .capability(.projectsManage))
    static let tellRisk = Endpoint(.POST, "projects/:id/risks/:riskId/tell", .capability(.projectsManage))
    static let tellIssue = Endpoint(.POST, "projects/:id/issues/:issueId/tell", .capability(.projectsManage))

    static let apiList = Endpoint(.GET, "api/v1/projects/:id/reports", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/projects/:id/reports", .capability(.projectsManage))
    static let apiShow = Endpoint(.GET, "api/v1/projects/:id/reports/:reportId", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/projects/:id/reports/:reportId", .capability(.projectsManage))
    static let apiDelete = Endpoint(.DELETE, "api/v1/projects/:id/reports/:reportId", .capability(.projectsManage))
    static let apiRefresh = Endpoint(
        .POST, "api/v1/projects/:id/reports/:reportId/refresh", .capability(.projectsManage))
    static let apiSend = Endpoint(.POST, "api/v1/projects/:id/reports/:reportId/send", .capability(.projectsManage))
    static let apiTellRisk = Endpoint(.POST, "api/v1/projects/:id/risks/:riskId/tell", .capability(.projectsManage))
    static let apiTellIssue = Endpoint(
        .POST, "api/v1/projects/:id/issues/:issueId/tell", .capability(.projectsManage))

    static let portalList = Endpoint(.GET, "portal/reports", .customer)
    static let portalShow = Endpoint(.GET, "portal/reports/:id", .customer)
    static let apiPortalList = Endpoint(.GET, "api/v1/portal/reports", .customer)
    static let apiPortalShow = Endpoint(.GET, "api/v1/portal/reports/:id", .customer)
}
