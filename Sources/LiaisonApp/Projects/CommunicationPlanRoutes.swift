import LiaisonCore
import Vapor

/// A project's communication plan (沟通与协作方案): the page under /projects/:id/communication-plan and the API under
/// /api/v1/projects/:id/communication-plan. Reading follows the project (`customersView` and its customer's
/// need-to-know); changing the rows needs `projectsManage`; recording that an occurrence took place is for its
/// owner or someone with `projectsManage` (checked in the write).
enum CommunicationPlanRoutes {
    static let page = Endpoint(.GET, "projects/:id/communication-plan", .capability(.customersView))
    static let newRow = Endpoint(.GET, "projects/:id/communication-plan/new", .capability(.projectsManage))
    static let addRow = Endpoint(.POST, "projects/:id/communication-plan", .capability(.projectsManage))
    static let editRow = Endpoint(
        .GET, "projects/:id/communication-plan/rows/:rowId/edit", .capability(.projectsManage))
    static let updateRow = Endpoint(.POST, "projects/:id/communication-plan/rows/:rowId", .capability(.projectsManage))
    static let removeRow = Endpoint(
        .POST, "projects/:id/communication-plan/rows/:rowId/remove", .capability(.projectsManage))
    static let done = Endpoint(
        .POST, "projects/:id/communication-plan/occurrences/:occurrenceId/done", .capability(.customersView))

    static let apiRows = Endpoint(.GET, "api/v1/projects/:id/communication-plan", .capability(.customersView))
    static let apiAddRow = Endpoint(.POST, "api/v1/projects/:id/communication-plan", .capability(.projectsManage))
    static let apiRow = Endpoint(.GET, "api/v1/projects/:id/communication-plan/rows/:rowId", .capability(.customersView))
    static let apiUpdateRow = Endpoint(
        .PATCH, "api/v1/projects/:id/communication-plan/rows/:rowId", .capability(.projectsManage))
    static let apiRemoveRow = Endpoint(
        .DELETE, "api/v1/projects/:id/communication-plan/rows/:rowId", .capability(.projectsManage))
    static let apiOccurrences = Endpoint(
        .GET, "api/v1/projects/:id/communication-plan/occurrences", .capability(.customersView))
    static let apiOccurrence = Endpoint(
        .GET, "api/v1/projects/:id/communication-plan/occurrences/:occurrenceId", .capability(.customersView))
    static let apiDone = Endpoint(
        .POST, "api/v1/projects/:id/communication-plan/occurrences/:occurrenceId/done", .capability(.customersView))
}
