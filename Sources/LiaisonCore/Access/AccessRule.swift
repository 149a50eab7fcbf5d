/// What a route demands of its caller. Every route declares one; a route without one is refused to everybody.
public enum AccessRule: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not (sign-in page, health, public site).
    case everyone
    /// Any signed-in person, for self-service (own password, own tokens, sign-out).
    case signedIn
    /// A signed-in person whose roles grant the capability.
    case capability(Capability)

    public var description: String {
        switch self {
        case .everyone: "everyone"
        case .signedIn: "signedIn"
        case .capability(let capability): "capability:\(capability.rawValue)"
        }
    }

    public enum Decision: Equatable, Sendable {
        case allow
        case unauthenticated
        case forbidden
    }

    /// Decides for a caller; `roles` is nil when nobody is signed in.
    public func decide(roles: Set<Role>?) -> Decision {
        switch self {
        case .everyone:
            return .allow
        case .signedIn:
            return roles == nil ? .unauthenticated : .allow
        case .capability(let capability):
            guard let roles else { return .unauthenticated }
            return AccessPolicy.allows(roles, capability) ? .allow : .forbidden
        }
    }
}
