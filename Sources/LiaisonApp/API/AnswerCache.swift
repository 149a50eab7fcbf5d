import LiaisonCore
import LiaisonData
import Prometheus
import Vapor

/// Answers to reads that are asked again and again with nothing changed in between (every open queue page and
/// every client polling "my open requests"), kept only while the database is exactly as it was when they were
/// made (`VersionedMemo`): a commit anywhere (this server or another process) drops them all.
///
/// An answer is stored under a key that holds everything it depends on besides the data: the route, the viewer's
/// id and roles, the query. SQLite only: the version is SQLite's own change counter (`SQLiteChangeWatch`); on
/// PostgreSQL nothing is cached.
final class AnswerCache: Sendable {
    private let answers: VersionedMemo<ByteBuffer>
    private let hits: Counter
    private let misses: Counter

    /// Keeps up to `capacity` bytes of answers.
    init(watch: SQLiteChangeWatch, capacity: Int = 32 << 20, metrics: AppMetrics) {
        answers = VersionedMemo(watch: watch, capacity: capacity) { $0.readableBytes }
        hits = metrics.answerCacheHits
        misses = metrics.answerCacheMisses
    }

    /// The kept answer for `key` while nothing has changed since it was made; otherwise `make`'s answer, kept when
    /// it is a 200 with a JSON body.
    func answer(_ key: String, make: () async throws -> Response) async throws -> Response {
        let (version, kept) = answers.lookup(key)
        guard let version else { return try await make() }
        if let kept {
            hits.increment()
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(buffer: kept))
        }
        misses.increment()
        let response = try await make()
        if response.status == .ok, response.headers.contentType == .json, let body = response.body.buffer {
            answers.keep(body, for: key, madeAt: version)
        }
        return response
    }

    /// Answers kept now (for tests).
    var count: Int { answers.count }

    func close() { answers.watch.close() }
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
