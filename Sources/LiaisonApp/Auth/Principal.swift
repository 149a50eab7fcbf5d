import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The signed-in person of a request and how they proved it.
struct Principal: Authenticatable {
    enum Credential: Sendable {
        case session(id: UUID)
        case token(id: UUID)
    }

    var person: Person
    var credential: Credential

    var sessionID: UUID? {
        if case .session(let id) = credential { return id }
        return nil
    }
}

extension Request {
    var principal: Principal? { auth.get(Principal.self) }

    /// The signed-in person; only call behind a route whose access rule demands sign-in.
    var person: Person {
        get throws {
            guard let principal else { throw AppError.unauthenticated }
            return principal.person
        }
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// The caller as the audit trail records them.
    var auditActor: AuditActor {
        AuditActor(userID: principal?.person.id, label: principal?.person.email ?? "anonymous", address: clientAddress)
    }

    /// The caller's address: the socket peer, or, when the peer is one of `LIAISON_TRUSTED_PROXIES`, the client
    /// its `X-Forwarded-For` names. The audit trail and the sign-in throttle both use this one.
    var clientAddress: String? {
        let peer = remoteAddress?.ipAddress
        let proxies = application.context.config.trustedProxies
        guard !proxies.isEmpty else { return peer }
        return proxies.client(peer: peer, forwardedFor: headers[.xForwardedFor])
    }
}

extension Request {
    /// The `:id` of the route as a UUID. Text that is no UUID names no record, so it is "not found".
    func recordID(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUIDText.parse(text) else { throw AppError.notFound }
        return id
    }
}
