import LiaisonCore
import Vapor

enum AuthRoutes {
    static let signIn = Endpoint(.GET, "sign-in", .everyone)
    static let signInSubmit = Endpoint(.POST, "sign-in", .everyone)
    static let signOut = Endpoint(.POST, "sign-out", .signedIn)
    static let switchLocale = Endpoint(.POST, "locale", .everyone)
}
