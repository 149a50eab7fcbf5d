import LiaisonCore
import Vapor

/// Meetings (会议): the pages under /meetings and the API under /api/v1/meetings. Any staff member may read the
/// meetings they may know of (a customer's need-to-know, or being invited to an internal one); making and changing
/// them needs `interactionsLog`.
enum MeetingRoutes {
    static let list = Endpoint(.GET, "meetings", .capability(.staffArea))
    static let new = Endpoint(.GET, "meetings/new", .capability(.interactionsLog))
    static let create = Endpoint(.POST, "meetings", .capability(.interactionsLog))
    static let show = Endpoint(.GET, "meetings/:id", .capability(.staffArea))
    static let edit = Endpoint(.GET, "meetings/:id/edit", .capability(.interactionsLog))
    static let update = Endpoint(.POST, "meetings/:id", .capability(.interactionsLog))
    static let cancel = Endpoint(.POST, "meetings/:id/cancel", .capability(.interactionsLog))
    static let delete = Endpoint(.POST, "meetings/:id/delete", .capability(.interactionsLog))
    static let minutes = Endpoint(.POST, "meetings/:id/minutes", .capability(.interactionsLog))
    static let ics = Endpoint(.GET, "meetings/:id/invitation.ics", .capability(.staffArea))
    /// The meetings tab of a project's page.
    static let projectPage = Endpoint(.GET, "projects/:id/meetings", .capability(.customersView))
    /// The portal: the customer's meetings whose minutes are shared with it.
    static let portalList = Endpoint(.GET, "portal/meetings", .customer)

    static let apiList = Endpoint(.GET, "api/v1/meetings", .capability(.staffArea))
    static let apiCreate = Endpoint(.POST, "api/v1/meetings", .capability(.interactionsLog))
    static let apiShow = Endpoint(.GET, "api/v1/meetings/:id", .capability(.staffArea))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/meetings/:id", .capability(.interactionsLog))
    static let apiDelete = Endpoint(.DELETE, "api/v1/meetings/:id", .capability(.interactionsLog))
    static let apiCancel = Endpoint(.POST, "api/v1/meetings/:id/cancel", .capability(.interactionsLog))
    static let apiMinutes = Endpoint(.PUT, "api/v1/meetings/:id/minutes", .capability(.interactionsLog))
    static let apiICS = Endpoint(.GET, "api/v1/meetings/:id/ics", .capability(.staffArea))
}
