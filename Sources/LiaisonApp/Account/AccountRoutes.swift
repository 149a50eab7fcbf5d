import LiaisonCore
import Vapor

enum AccountRoutes {
    static let overview = Endpoint(.GET, "account", .staff)
    static let preferences = Endpoint(.POST, "account/preferences", .staff)
    static let absence = Endpoint(.POST, "account/absence", .staff)
    static let password = Endpoint(.GET, "account/password", .staff)
    static let passwordSubmit = Endpoint(.POST, "account/password", .staff)
    static let tokens = Endpoint(.GET, "account/tokens", .staff)
    static let tokenCreate = Endpoint(.POST, "account/tokens", .staff)
    static let tokenRevoke = Endpoint(.POST, "account/tokens/:id/revoke", .staff)
    static let sessionEnd = Endpoint(.POST, "account/sessions/:id/end", .staff)
}
