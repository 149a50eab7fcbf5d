/// What a route demands of its caller. Every route declares one; a route without one is refused to everybody.
public enum AccessRule: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not (sign-in page, health, public site).
    case everyone
    /// Any signed-in person, staff or customer contact (sign-out, the API contract).
    case signedIn
    /// A signed-in member of staff, for self-service (own account, password, tokens, notifications): closed to
    /// customer contacts.
    case staff
    /// A signed-in customer contact, in the portal (`/portal`, `/api/v1/portal/…`): closed to staff.
    case customer
    /// A signed-in person whose roles grant the capability.
    case capability(Capability)

    public var description: String {
        switch self {
        case .everyone: "everyone"
        case .signedIn: "signedIn"
        case .staff: "staff"
        case .customer: "customer"
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
        case .staff:
            guard let roles else { return .unauthenticated }
            return roles.contains(.customer) ? .forbidden : .allow
        case .customer:
            guard let roles else { return .unauthenticated }
            return roles.contains(.customer) ? .allow : .forbidden
        case .capability(let capability):
            guard let roles else { return .unauthenticated }
            // A customer contact holds no staff capability, whatever else an account were given.
            guard !roles.contains(.customer) else { return .forbidden }
            return AccessPolicy.allows(roles, capability) ? .allow : .forbidden
        }
    }
}
