import Fluent
import LiaisonCore
import Vapor

/// The customer portal: pages under `/portal` and JSON under `/api/v1/portal`, for customer contacts only; the
/// sign-in, invitation and sign-in-link pages are open to everyone.
enum PortalRoutes {
    static let home = Endpoint(.GET, "portal", .customer)
    static let new = Endpoint(.GET, "portal/requests/new", .customer)
    static let create = Endpoint(.POST, "portal/requests", .customer)
    static let show = Endpoint(.GET, "portal/requests/:number", .customer)
    static let reply = Endpoint(.POST, "portal/requests/:number/messages", .customer)
    static let close = Endpoint(.POST, "portal/requests/:number/close", .customer)
    static let reopen = Endpoint(.POST, "portal/requests/:number/reopen", .customer)
    static let rate = Endpoint(.POST, "portal/requests/:number/rating", .customer)
    static let download = Endpoint(.GET, "portal/attachments/:id", .customer)
    static let profile = Endpoint(.GET, "portal/profile", .customer)
    static let profileSubmit = Endpoint(.POST, "portal/profile", .customer)
    static let password = Endpoint(.POST, "portal/password", .customer)
    static let tokens = Endpoint(.GET, "portal/tokens", .customer)
    static let tokenCreate = Endpoint(.POST, "portal/tokens", .customer)
    static let tokenRevoke = Endpoint(.POST, "portal/tokens/:id/revoke", .customer)
    static let announcements = Endpoint(.GET, "portal/announcements", .customer)
    static let announcement = Endpoint(.GET, "portal/announcements/:id", .customer)

    static let signIn = Endpoint(.GET, "portal/sign-in", .everyone)
    static let signInSubmit = Endpoint(.POST, "portal/sign-in", .everyone)
    static let linkRequest = Endpoint(.POST, "portal/sign-in/link", .everyone)
    static let linkShow = Endpoint(.GET, "portal/sign-in/:token", .everyone)
    static let linkUse = Endpoint(.POST, "portal/sign-in/:token", .everyone)
    static let invitation = Endpoint(.GET, "portal/invitation/:token", .everyone)
    static let invitationAccept = Endpoint(.POST, "portal/invitation/:token", .everyone)

    static let apiMe = Endpoint(.GET, "api/v1/portal/me", .customer)
    static let apiMeUpdate = Endpoint(.PATCH, "api/v1/portal/me", .customer)
    static let apiList = Endpoint(.GET, "api/v1/portal/requests", .customer)
    static let apiCreate = Endpoint(.POST, "api/v1/portal/requests", .customer)
    static let apiShow = Endpoint(.GET, "api/v1/portal/requests/:id", .customer)
    static let apiMessages = Endpoint(.GET, "api/v1/portal/requests/:id/messages", .customer)
    static let apiReply = Endpoint(.POST, "api/v1/portal/requests/:id/messages", .customer)
    static let apiAttach = Endpoint(.POST, "api/v1/portal/requests/:id/messages/:messageId/attachments", .customer)
    static let apiClose = Endpoint(.POST, "api/v1/portal/requests/:id/close", .customer)
    static let apiReopen = Endpoint(.POST, "api/v1/portal/requests/:id/reopen", .customer)
    static let apiRate = Endpoint(.POST, "api/v1/portal/requests/:id/rating", .customer)
    static let apiDownload = Endpoint(.GET, "api/v1/portal/attachments/:id", .customer)
    static let apiAnnouncements = Endpoint(.GET, "api/v1/portal/announcements", .customer)
    static let apiAnnouncement = Endpoint(.GET, "api/v1/portal/announcements/:id", .customer)
}

/// Staff side of portal accounts, on a contact.
enum PortalAccountRoutes {
    static let apiShow = Endpoint(.GET, "api/v1/contacts/:id/portal-account", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/contacts/:id/portal-account", .capability(.customersEdit))
    static let apiClose = Endpoint(.DELETE, "api/v1/contacts/:id/portal-account", .capability(.customersEdit))
    static let apiInvite = Endpoint(.POST, "api/v1/contacts/:id/portal-invitation", .capability(.customersEdit))
    static let invite = Endpoint(.POST, "contacts/:id/portal-invitation", .capability(.customersEdit))
    static let close = Endpoint(.POST, "contacts/:id/portal-account/close", .capability(.customersEdit))
    static let scope = Endpoint(.POST, "contacts/:id/portal-account/scope", .capability(.customersEdit))
}
