import Foundation
import NIOConcurrencyHelpers

/// Values worked out from a SQLite database and kept while the database is exactly as it was when they were worked
/// out: a commit anywhere (this server or another process) drops them all.
///
/// A value is kept with the database version read *before* it was worked out, and served only while the database
/// still has that version, so it is never older than what the database would give now. Keys must name everything
/// the value depends on besides the data.
public final class VersionedMemo<Value: Sendable>: Sendable {
    private struct State {
        var version: SQLiteChangeWatch.Version?
        var values: [String: Value] = [:]
        var used = 0
    }

    public let watch: SQLiteChangeWatch
    private let capacity: Int
    private let cost: @Sendable (Value) -> Int
    private let state = NIOLockedValueBox(State())

    /// Keeps values up to `capacity`, counted by `cost` (1 each by default); beyond it values are worked out each
    /// time until the next change empties the memo.
    public init(watch: SQLiteChangeWatch, capacity: Int, cost: @escaping @Sendable (Value) -> Int = { _ in 1 }) {
        self.watch = watch
        self.capacity = capacity
        self.cost = cost
    }

    /// The database version now and the value kept for `key` under it; nil version when the database cannot be
    /// asked (then nothing may be kept).
    public func lookup(_ key: String) -> (version: SQLiteChangeWatch.Version?, value: Value?) {
        guard let version = watch.version() else { return (nil, nil) }
        let value = state.withLockedValue { state -> Value? in
            if state.version != version { state = State(version: version) }
            return state.values[key]
        }
        return (version, value)
    }

    /// Keeps `value`, worked out after `lookup` answered `version`, unless the database has changed since.
    public func keep(_ value: Value, for key: String, madeAt version: SQLiteChangeWatch.Version) {
        let size = cost(value)
        state.withLockedValue { state in
            guard state.version == version, state.used + size <= capacity else { return }
            state.used += size
            state.values[key] = value
        }
    }

    /// The kept value, or `make`'s (kept unless nil).
    public func value(_ key: String, make: () async throws -> Value?) async rethrows -> Value? {
        let (version, kept) = lookup(key)
        if let kept { return kept }
        let made = try await make()
        if let made, let version { keep(made, for: key, madeAt: version) }
        return made
    }

    /// Values kept now.
    public var count: Int { state.withLockedValue { $0.values.count } }
}
