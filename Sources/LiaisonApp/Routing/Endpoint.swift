import LiaisonCore
import Vapor

/// A route of the application: method, path and the access rule it demands. Routes are registered from endpoints
/// and pages link to endpoints, so a path is written once.
struct Endpoint: Sendable {
    let method: HTTPMethod
    let path: [PathComponent]
    let access: AccessRule

    init(_ method: HTTPMethod, _ path: String, _ access: AccessRule) {
        self.method = method
        self.path = path.pathComponents
        self.access = access
    }

    /// The path with its `:parameters` filled in order, for links and redirects.
    func link(_ values: String...) -> String {
        var remaining = values[...]
        let parts = path.map { component -> String in
            if case .parameter = component, let value = remaining.popFirst() {
                return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? value
            }
            return component.description
        }
        return "/" + parts.joined(separator: "/")
    }

    func link(_ id: UUID) -> String { link(id.uuidString) }
}

enum AccessRuleKey {
    static let name = "liaison.access"
}

extension RoutesBuilder {
    /// Registers a handler for an endpoint and attaches the endpoint's access rule to the route.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ endpoint: Endpoint, body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = self.on(endpoint.method, endpoint.path, body: body, use: handler)
        route.userInfo[AccessRuleKey.name] = endpoint.access
        return route
    }
}

extension Route {
    var accessRule: AccessRule? { userInfo[AccessRuleKey.name] as? AccessRule }
}
