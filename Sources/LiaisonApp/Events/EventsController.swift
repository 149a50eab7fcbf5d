import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOCore
import Vapor

/// `GET /events` (browser session) and `GET /api/v1/events` (bearer token): the live event stream of the signed-in
/// person, as server-sent events. It starts with `retry:` and a `ready` event (from then on nothing is missed),
/// then sends each event the person may receive (`LiveEventHub.allows`) and a comment every heartbeat, at which the
/// credential is checked again: a session signed out, a token revoked or a person deactivated ends the stream, and
/// a change of roles applies. `?timeout=N` ends the stream after N seconds (0: right after `ready`).
struct EventsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(EventRoutes.web, use: stream)
        routes.on(EventRoutes.api, use: stream)
    }

    struct Query: Content {
        var timeout: String?
    }

    /// The longest `timeout` a client may ask for: a day.
    static let longestTimeout = 86_400

    func stream(_ request: Request) async throws -> Response {
        let person = try request.person
        let timeout = try Self.timeout(try request.query.decode(Query.self))
        let recheck = Self.recheck(request)
        let hub = request.application.liveEvents
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        // nginx passes the stream on as it comes instead of buffering it.
        headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        return Response(
            status: .ok, headers: headers,
            body: .init(asyncStream: { writer in
                await Self.send(to: writer, hub: hub, person: person, timeout: timeout, recheck: recheck)
            }))
    }

    static func timeout(_ query: Query) throws(ValidationFailure) -> Int? {
        guard let raw = query.timeout else { return nil }
        guard let seconds = Int(raw), (0...longestTimeout).contains(seconds) else {
            throw ValidationFailure([ValidationIssue("timeout", "outOfRange", ["0", String(longestTimeout)])])
        }
        return seconds
    }

    /// Who the stream's credential names now, or nil when it no longer names anyone (expired, revoked, signed
    /// out, deactivated, or the database could not say).
    static func recheck(_ request: Request) -> @Sendable () async -> Person? {
        let db = request.application.db
        let clock = request.effects.clock
        if request.isAPI {
            let hash = request.headers.bearerAuthorization.map { TokenHash.of($0.token) }
            let memo = request.application.context.tokens
            return {
                guard let hash else { return nil }
                return try? await APITokenStore.resolve(tokenHash: hash, now: clock.now(), on: db, memo: memo)?.person
            }
        }
        let hash = request.cookies[AuthenticationMiddleware.sessionCookie].map { TokenHash.of($0.string) }
        return {
            guard let hash else { return nil }
            return try? await SessionStore.resolve(tokenHash: hash, now: clock.now(), on: db)?.person
        }
    }

    /// Writes the stream until the client goes, the timeout passes, the credential lapses or the hub closes.
    static func send(
        to writer: any AsyncBodyStreamWriter, hub: LiveEventHub, person: Person, timeout: Int?,
        recheck: @escaping @Sendable () async -> Person?
    ) async {
        let subscription = await hub.subscribe(person: person.id, seesRequests: person.can(.customersView))
        defer { subscription.end() }
        var limit: Task<Void, Never>?
        if let timeout, timeout > 0 {
            limit = Task {
                do { try await Task.sleep(for: .seconds(timeout)) } catch { return }
                subscription.end()
            }
        }
        defer { limit?.cancel() }
        do {
            try await writer.write(
                .buffer(ByteBuffer(string: ServerSentEvent.retry + ServerSentEvent.ready(id: UUID.timeOrdered()))))
            // A timeout of 0 answers `ready` only: a client's check that it may listen.
            if timeout != 0 {
                reading: for await item in subscription.items {
                    switch item {
                    case .event(let event):
                        try await writer.write(.buffer(ByteBuffer(string: ServerSentEvent.text(event))))
                    case .beat:
                        guard let current = await recheck(), current.can(.staffArea) else { break reading }
                        subscription.update(seesRequests: current.can(.customersView))
                        try await writer.write(.buffer(ByteBuffer(string: ServerSentEvent.heartbeat)))
                    }
                }
            }
        } catch {
            // The client went away: nothing more to write.
        }
        try? await writer.write(.end)
    }
}
