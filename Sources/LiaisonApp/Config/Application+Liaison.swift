import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// What `configure` puts into the application for every request to reach.
struct AppContext: Sendable {
    var config: AppConfig
    var effects: Effects
    var catalog: Catalog
    var writer: Writer
    var metrics: AppMetrics
    var resourcesDirectory: URL
    var blobStore: any BlobStore
    var inFlight = InFlightRequests()
    /// Repeated reads' answers while the database is unchanged (SQLite, unless turned off).
    var answers: AnswerCache?
    /// API tokens seen since the last change (SQLite, with the answer cache).
    var tokens: VersionedMemo<ResolvedToken>?
}

extension Application {
    private struct ContextKey: StorageKey {
        typealias Value = AppContext
    }

    var context: AppContext {
        get { configured(ContextKey.self, "the application has no context") }
        set { storage[ContextKey.self] = newValue }
    }

    /// A value `configure` stored; its absence is a programming error (configure did not run), not bad input.
    func configured<Key: StorageKey>(_ key: Key.Type, _ missing: String) -> Key.Value {
        guard let value = storage[key] else { fatalError("configure(_:) has not run: \(missing)") }
        return value
    }

    /// Runs `body` in a write transaction (see `Writer`).
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await context.writer.write(on: db, body)
    }
}

extension Request {
    var effects: Effects { application.context.effects }
    var appConfig: AppConfig { application.context.config }
    var catalog: Catalog { application.context.catalog }
    var now: Date { effects.clock.now() }

    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.context.writer.write(on: db, body)
    }

    /// An absolute link to `path` for someone outside (a customer's e-mail or message): on `LIAISON_BASE_URL`, or,
    /// while that is unset, on the address this request came to (the admin home page warns about it).
    func publicURL(_ path: String) -> String {
        if let base = appConfig.baseURL, !base.isEmpty {
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
        }
        let host = headers.first(name: .host).flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let scheme = headers.first(name: "X-Forwarded-Proto") == "https" ? "https" : "http"
        return scheme + "://" + host + path
    }

    /// Text from the catalog in the request's language.
    func t(_ key: String, _ values: String...) -> String {
        catalog.text(key, locale, values)
    }
}
