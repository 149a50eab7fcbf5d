import LiaisonCore
import LiaisonData
import Vapor

extension Request {
    /// Signs `person` in with a new browser session (ending the one this browser had), and sends them on: staff to
    /// `next` (their one-time password's replacement first), a customer contact to the portal (`next` when it is
    /// in the portal).
    func startSession(for person: Person, then next: String) async throws -> Response {
        let token = effects.secret()
        let lifetime = appConfig.sessionIdleHours * 3600
        let now = self.now
        let address = clientAddress
        let agent = headers.first(name: .userAgent)
        _ = try await write { tx in
            try await SessionStore.create(
                userID: person.id, tokenHash: TokenHash.of(token), now: now, lifetime: lifetime, address: address,
                userAgent: agent, on: tx)
        }
        if let old = cookies[AuthenticationMiddleware.sessionCookie]?.string {
            let oldHash = TokenHash.of(old)
            try await write { try await SessionStore.delete(tokenHash: oldHash, on: $0) }
        }
        rotateCSRFToken()
        let destination: String
        if person.isCustomer {
            let portal = PortalRoutes.home.link()
            destination = next == portal || next.hasPrefix(portal + "/") || next.hasPrefix(portal + "?") ? next : portal
        } else {
            destination = person.mustChangePassword ? AccountRoutes.password.link() : next
        }
        let response = redirect(to: destination)
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
            string: token, isSecure: appConfig.secureCookies, isHTTPOnly: true, sameSite: .lax)
        if let locale = person.locale {
            response.rememberLocale(locale, secure: appConfig.secureCookies)
        }
        return response
    }
}
