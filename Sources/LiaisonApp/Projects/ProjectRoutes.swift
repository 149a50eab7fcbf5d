import LiaisonCore
import Vapor

/// Projects: staff pages under /projects and the API under /api/v1/projects (reading with `customersView`, a
/// project's requirements with `requirementsView`, changing with `projectsManage`, all narrowed by need-to-know);
/// the charter's sign-off page behind its single-use link (no sign-in), and the charters awaiting a contact in the
/// portal.
enum ProjectRoutes {
    static let list = Endpoint(.GET, "projects", .capability(.customersView))
    static let new = Endpoint(.GET, "projects/new", .capability(.projectsManage))
    static let create = Endpoint(.POST, "projects", .capability(.projectsManage))
    static let show = Endpoint(.GET, "projects/:id", .capability(.customersView))
    static let edit = Endpoint(.GET, "projects/:id/edit", .capability(.projectsManage))
    static let update = Endpoint(.POST, "projects/:id", .capability(.projectsManage))
    static let status = Endpoint(.POST, "projects/:id/status", .capability(.projectsManage))
    static let team = Endpoint(.GET, "projects/:id/team", .capability(.customersView))
    static let teamAdd = Endpoint(.POST, "projects/:id/team", .capability(.projectsManage))
    static let teamRemove = Endpoint(.POST, "projects/:id/team/:userId/remove", .capability(.projectsManage))
    static let requirementAdd = Endpoint(.POST, "projects/:id/requirements", .capability(.projectsManage))
    static let requirementRemove = Endpoint(
        .POST, "projects/:id/requirements/:requirementId/remove", .capability(.projectsManage))
    static let charter = Endpoint(.GET, "projects/:id/charter", .capability(.customersView))
    static let charterEdit = Endpoint(.GET, "projects/:id/charter/edit", .capability(.projectsManage))
    static let charterSave = Endpoint(.POST, "projects/:id/charter", .capability(.projectsManage))
    static let charterNewVersion = Endpoint(.POST, "projects/:id/charter/versions", .capability(.projectsManage))
    static let charterSend = Endpoint(.POST, "projects/:id/charter/send", .capability(.projectsManage))
    static let charterDiff = Endpoint(.GET, "projects/:id/charter/diff", .capability(.customersView))

    static let apiList = Endpoint(.GET, "api/v1/projects", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/projects", .capability(.projectsManage))
    static let apiShow = Endpoint(.GET, "api/v1/projects/:id", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/projects/:id", .capability(.projectsManage))
    static let apiStatus = Endpoint(.POST, "api/v1/projects/:id/status", .capability(.projectsManage))
    static let apiTeam = Endpoint(.GET, "api/v1/projects/:id/team", .capability(.customersView))
    static let apiTeamAdd = Endpoint(.POST, "api/v1/projects/:id/team", .capability(.projectsManage))
    static let apiTeamRemove = Endpoint(.DELETE, "api/v1/projects/:id/team/:userId", .capability(.projectsManage))
    static let apiRequirements = Endpoint(
        .GET, "api/v1/projects/:id/requirements", .capability(.requirementsView))
    static let apiRequirementAdd = Endpoint(
        .POST, "api/v1/projects/:id/requirements", .capability(.projectsManage))
    static let apiRequirementRemove = Endpoint(
        .DELETE, "api/v1/projects/:id/requirements/:requirementId", .capability(.projectsManage))
    static let apiCharter = Endpoint(.GET, "api/v1/projects/:id/charter", .capability(.customersView))
    static let apiCharterSave = Endpoint(.PUT, "api/v1/projects/:id/charter", .capability(.projectsManage))
    static let apiCharterVersions = Endpoint(.GET, "api/v1/projects/:id/charter/versions", .capability(.customersView))
    static let apiCharterNewVersion = Endpoint(
        .POST, "api/v1/projects/:id/charter/versions", .capability(.projectsManage))
    static let apiCharterVersion = Endpoint(
        .GET, "api/v1/projects/:id/charter/versions/:number", .capability(.customersView))
    static let apiCharterSend = Endpoint(.POST, "api/v1/projects/:id/charter/send", .capability(.projectsManage))
    static let apiCharterDiff = Endpoint(.GET, "api/v1/projects/:id/charter/diff", .capability(.customersView))

    static let sign = Endpoint(.GET, "public/sign/:token", .everyone)
    static let signSubmit = Endpoint(.POST, "public/sign/:token", .everyone)

    static let portalList = Endpoint(.GET, "portal/charters", .customer)
    static let portalShow = Endpoint(.GET, "portal/charters/:id", .customer)
    static let portalSign = Endpoint(.POST, "portal/charters/:id/sign", .customer)
    static let apiPortalList = Endpoint(.GET, "api/v1/portal/charters", .customer)
    static let apiPortalShow = Endpoint(.GET, "api/v1/portal/charters/:id", .customer)
    static let apiPortalSign = Endpoint(.POST, "api/v1/portal/charters/:id/sign", .customer)
}
