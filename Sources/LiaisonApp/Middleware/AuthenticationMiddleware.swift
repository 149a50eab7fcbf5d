import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// Finds out who is calling: a bearer token on the API, the session cookie everywhere else. It only identifies;
/// `AccessMiddleware` decides.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "liaison_session"
    /// Sent by app.js when it fetches a page again for live updates.
    static let liveRefreshHeader = "X-Liaison-Live"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let now = request.effects.clock.now()
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization?.token,
                let resolved = try await APITokenStore.resolve(
                    tokenHash: TokenHash.of(bearer), now: now, on: request.db, memo: request.application.context.tokens)
            {
                request.auth.login(Principal(person: resolved.person, credential: .token(id: resolved.token.id)))
                if resolved.token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                    try await request.write { try await APITokenStore.markUsed(id: resolved.token.id, at: now, on: $0) }
                }
            }
        } else if let token = request.cookies[Self.sessionCookie]?.string, !token.isEmpty,
            let resolved = try await SessionStore.resolve(tokenHash: TokenHash.of(token), now: now, on: request.db)
        {
            request.auth.login(Principal(person: resolved.person, credential: .session(id: resolved.sessionID)))
            // A page fetched again by live updates (app.js) is no sign that its person is there: an open tab must
            // not keep an idle session alive.
            let refreshed = request.headers.first(name: Self.liveRefreshHeader) != nil
            if now.timeIntervalSince(resolved.lastSeenAt) > 60, !refreshed {
                let lifetime = request.appConfig.sessionIdleHours * 3600
                try await request.write {
                    try await SessionStore.touch(id: resolved.sessionID, now: now, lifetime: lifetime, on: $0)
                }
            }
        }
        // Lines logged while answering name the person (JSON logs: the `userId` field).
        if let principal = request.principal {
            request.logger[metadataKey: "userId"] = .string(principal.person.id.uuidString)
        }
        return try await next.respond(to: request)
    }
}

/// Tokens are stored only as their SHA-256, so a stolen database does not yield working sessions or API keys.
enum TokenHash {
    static func of(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
