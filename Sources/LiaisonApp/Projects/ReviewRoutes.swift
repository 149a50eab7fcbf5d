import LiaisonCore
import Vapor

/// A project's closure review (项目总结): the page under /projects/:id/review and the API under
/// /api/v1/projects/:id/review; the customer's evaluation form behind a single-use link (/public/evaluate/:token)
/// and in the portal (/portal/evaluations). Reading follows the project (`customersView` and its customer's
/// need-to-know); writing the notes, finalising and asking the customer need `projectsManage`.
enum ReviewRoutes {
    static let page = Endpoint(.GET, "projects/:id/review", .capability(.customersView))
    static let save = Endpoint(.POST, "projects/:id/review", .capability(.projectsManage))
    static let finalise = Endpoint(.POST, "projects/:id/review/finalise", .capability(.projectsManage))
    static let ask = Endpoint(.POST, "projects/:id/review/evaluations", .capability(.projectsManage))
    static let addAction = Endpoint(.POST, "projects/:id/review/actions", .capability(.projectsManage))

    static let apiReview = Endpoint(.GET, "api/v1/projects/:id/review", .capability(.customersView))
    static let apiSave = Endpoint(.PUT, "api/v1/projects/:id/review", .capability(.projectsManage))
    static let apiFinalise = Endpoint(.POST, "api/v1/projects/:id/review/finalise", .capability(.projectsManage))
    static let apiAsk = Endpoint(.POST, "api/v1/projects/:id/review/evaluations", .capability(.projectsManage))

    static let evaluate = Endpoint(.GET, "public/evaluate/:token", .everyone)
    static let evaluateSubmit = Endpoint(.POST, "public/evaluate/:token", .everyone)
    static let portalList = Endpoint(.GET, "portal/evaluations", .customer)
    static let portalShow = Endpoint(.GET, "portal/evaluations/:id", .customer)
    static let portalSubmit = Endpoint(.POST, "portal/evaluations/:id", .customer)
}
