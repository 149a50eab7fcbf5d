import LiaisonData
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// Answers to reads that are asked again and again with nothing changed in between (every open queue page and
/// every client polling "my open requests"), kept only while the database is exactly as it was when they were
/// made: a commit anywhere (this server, another process, a restore) drops them all.
///
/// An answer is stored under a key that holds everything it depends on besides the data (the route, the viewer's
/// id and roles, the query), with the database version read *before* it was made. A lookup serves it only while the
/// database still has that version, so an answer is never older than the data it would be made from now.
/// SQLite only: the version is SQLite's own change counter (`SQLiteChangeWatch`); on PostgreSQL nothing is cached.
final class AnswerCache: Sendable {
    private struct Store {
        var version: SQLiteChangeWatch.Version?
        var answers: [String: ByteBuffer] = [:]
        var bytes = 0
    }

    private let watch: SQLiteChangeWatch
    private let store = NIOLockedValueBox(Store())
    /// Most bytes kept; answers beyond it are made each time until the next change empties the cache.
    let capacity: Int
    private let hits: Counter
    private let misses: Counter

    init(watch: SQLiteChangeWatch, capacity: Int = 32 << 20, metrics: AppMetrics) {
        self.watch = watch
        self.capacity = capacity
        hits = metrics.answerCacheHits
        misses = metrics.answerCacheMisses
    }

    /// The kept answer for `key` while nothing has changed since it was made; otherwise `make`'s answer, kept when
    /// it is a 200 with a body.
    func answer(_ key: String, make: () async throws -> Response) async throws -> Response {
        guard let version = watch.version() else { return try await make() }
        let kept = store.withLockedValue { store -> ByteBuffer? in
            if store.version != version { store = Store(version: version) }
            return store.answers[key]
        }
        if let kept {
            hits.increment()
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(buffer: kept))
        }
        misses.increment()
        let response = try await make()
        guard response.status == .ok, response.headers.contentType == .json, let body = response.body.buffer else {
            return response
        }
        store.withLockedValue { store in
            // Made from an older version than the cache now holds: no longer true, not kept.
            guard store.version == version, store.bytes + body.readableBytes <= capacity else { return }
            store.bytes += body.readableBytes - (store.answers[key]?.readableBytes ?? 0)
            store.answers[key] = body
        }
        return response
    }

    /// Answers kept now (for tests).
    var count: Int { store.withLockedValue { $0.answers.count } }

    func close() { watch.close() }
}

extension Request {
    /// `make`'s answer, or the same answer kept from an earlier identical read while the database is unchanged.
    /// `key` names the route and its parameters; the viewer's id and roles are added here.
    func cachedAnswer(_ key: String, make: () async throws -> Response) async throws -> Response {
        guard let cache = application.context.answers else { return try await make() }
        let person = try person
        let roles = person.roles.map(\.rawValue).sorted().joined(separator: ",")
        return try await cache.answer("\(key)\n\(person.id.uuidString)\n\(roles)", make: make)
    }
}
