import LiaisonCore
import Vapor

enum AccountRoutes {
    static let overview = Endpoint(.GET, "account", .signedIn)
    static let preferences = Endpoint(.POST, "account/preferences", .signedIn)
    static let absence = Endpoint(.POST, "account/absence", .signedIn)
    static let password = Endpoint(.GET, "account/password", .signedIn)
    static let passwordSubmit = Endpoint(.POST, "account/password", .signedIn)
    static let tokens = Endpoint(.GET, "account/tokens", .signedIn)
    static let tokenCreate = Endpoint(.POST, "account/tokens", .signedIn)
    static let tokenRevoke = Endpoint(.POST, "account/tokens/:id/revoke", .signedIn)
    static let sessionEnd = Endpoint(.POST, "account/sessions/:id/end", .signedIn)
}
