import LiaisonCore
import Vapor

/// Enforces each route's access rule before its handler runs. A route registered without a rule is refused to
/// everyone, so forgetting a rule fails closed.
struct AccessMiddleware: AsyncMiddleware {
    static let passwordChangeAllowedKey = "liaison.allowDuringPasswordChange"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else {
            return try await next.respond(to: request)
        }
        guard let rule = route.accessRule else {
            request.logger.error("route without an access rule refused", metadata: ["path": "\(route.path)"])
            throw AppError.forbidden
        }
        switch rule.decide(roles: request.principal?.person.roles) {
        case .allow:
            break
        case .unauthenticated:
            if request.isAPI { throw AppError.unauthenticated }
            if rule == .customer {
                return request.redirect(to: PortalSignInPage.link(next: request.url.string, method: request.method))
            }
            return request.redirect(to: SignInPage.link(next: request.url.string, method: request.method))
        case .forbidden:
            throw AppError.forbidden
        }
        if let person = request.principal?.person, person.mustChangePassword, !request.isAPI,
            route.userInfo[Self.passwordChangeAllowedKey] as? Bool != true
        {
            return request.redirect(to: AccountRoutes.password.link())
        }
        return try await next.respond(to: request)
    }
}

extension Route {
    /// Lets a person who must replace a one-time password still reach this route.
    @discardableResult
    func allowDuringPasswordChange() -> Route {
        userInfo[AccessMiddleware.passwordChangeAllowedKey] = true
        return self
    }
}
