import LiaisonCore
import Vapor

/// A project's change requests and quality checks (变更与质量): the tab under /projects/:id/changes, the API under
/// /api/v1/projects/:id/change-requests, /quality-checks and /deliverables, the page behind a change request's
/// single-use decision link (no sign-in), and the portal's answers. Reading follows the project
/// (`customersView` and its customer's need-to-know); anyone who reads the project may propose a change or record
/// a quality check; assessing, sending, withdrawing and recording the customer's written answer need
/// `projectsManage`.
enum ChangeRequestRoutes {
    static let page = Endpoint(.GET, "projects/:id/changes", .capability(.customersView))
    static let create = Endpoint(.POST, "projects/:id/change-requests", .capability(.customersView))
    static let assess = Endpoint(.POST, "projects/:id/change-requests/:changeId/assess", .capability(.projectsManage))
    static let send = Endpoint(.POST, "projects/:id/change-requests/:changeId/send", .capability(.projectsManage))
    static let decision = Endpoint(
        .POST, "projects/:id/change-requests/:changeId/decision", .capability(.projectsManage))
    static let withdraw = Endpoint(
        .POST, "projects/:id/change-requests/:changeId/withdraw", .capability(.projectsManage))
    static let createCheck = Endpoint(.POST, "projects/:id/quality-checks", .capability(.customersView))
    static let acceptance = Endpoint(
        .POST, "projects/:id/deliverables/:taskId/acceptance", .capability(.projectsManage))

    static let decide = Endpoint(.GET, "public/change-requests/:token", .everyone)
    static let decideSubmit = Endpoint(.POST, "public/change-requests/:token", .everyone)

    static let apiList = Endpoint(.GET, "api/v1/projects/:id/change-requests", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/projects/:id/change-requests", .capability(.customersView))
    static let apiOne = Endpoint(.GET, "api/v1/projects/:id/change-requests/:changeId", .capability(.customersView))
    static let apiUpdate = Endpoint(
        .PATCH, "api/v1/projects/:id/change-requests/:changeId", .capability(.projectsManage))
    static let apiAssess = Endpoint(
        .POST, "api/v1/projects/:id/change-requests/:changeId/assess", .capability(.projectsManage))
    static let apiSend = Endpoint(
        .POST, "api/v1/projects/:id/change-requests/:changeId/send", .capability(.projectsManage))
    static let apiApprove = Endpoint(
        .POST, "api/v1/projects/:id/change-requests/:changeId/approve", .capability(.projectsManage))
    static let apiReject = Endpoint(
        .POST, "api/v1/projects/:id/change-requests/:changeId/reject", .capability(.projectsManage))
    static let apiWithdraw = Endpoint(
        .POST, "api/v1/projects/:id/change-requests/:changeId/withdraw", .capability(.projectsManage))

    static let apiChecks = Endpoint(.GET, "api/v1/projects/:id/quality-checks", .capability(.customersView))
    static let apiCreateCheck = Endpoint(.POST, "api/v1/projects/:id/quality-checks", .capability(.customersView))
    static let apiDeliverables = Endpoint(.GET, "api/v1/projects/:id/deliverables", .capability(.customersView))
    static let apiAcceptance = Endpoint(
        .POST, "api/v1/projects/:id/deliverables/:taskId/acceptance", .capability(.projectsManage))

    static let apiPortalList = Endpoint(.GET, "api/v1/portal/change-requests", .customer)
    static let apiPortalApprove = Endpoint(.POST, "api/v1/portal/change-requests/:changeId/approve", .customer)
    static let apiPortalReject = Endpoint(.POST, "api/v1/portal/change-requests/:changeId/reject", .customer)
    static let apiPortalDeliverables = Endpoint(.GET, "api/v1/portal/deliverables", .customer)
    static let apiPortalAcceptance = Endpoint(.POST, "api/v1/portal/deliverables/:taskId/acceptance", .customer)
}
