import FluentKit
import Foundation
import NIOCore

/// SQLite connections for everything but the group-committed writes: a statement takes an idle connection (or
/// opens one), runs on the calling thread, and gives the connection back, with no thread hand-off. A connection
/// is never held across a suspension except by a transaction, which keeps its own until it ends.
///
/// Reads never wait for the writer (write-ahead logging); a rare write outside `Writer` (migrations) waits for
/// the write lock through SQLite's busy timeout.
public final class SQLiteConnectionPool: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [SQLiteHandle] = []
    private var closed = false
    /// Idle connections kept at most; more are closed when given back.
    private let keep = 16

    public init(path: String) {
        self.path = path
    }

    /// Runs `body` with a connection of its own for as long as it runs (synchronously).
    func withHandle<T>(_ body: (SQLiteHandle) throws -> T) throws -> T {
        let handle = try take()
        defer { give(handle) }
        return try body(handle)
    }

    /// A connection for the caller alone, until it gives it back with `give`.
    func take() throws -> SQLiteHandle {
        let (reused, isClosed) = lock.withLock { (idle.popLast(), closed) }
        if let reused { return reused }
        if isClosed { throw SQLiteFailure(code: 21, message: "the database is shut down") }
        return try SQLiteHandle(path: path)
    }

    func give(_ handle: SQLiteHandle) {
        let extra = lock.withLock { () -> SQLiteHandle? in
            if closed || idle.count >= keep { return handle }
            idle.append(handle)
            return nil
        }
        extra?.close()
    }

    /// Closes the idle connections; connections in use are closed when given back.
    func close() {
        let all = lock.withLock { () -> [SQLiteHandle] in
            closed = true
            defer { idle = [] }
            return idle
        }
        for handle in all { handle.close() }
    }
}

/// Fluent's configuration for Liaison's SQLite driver: `databases.use(.liaisonSQLite(path: …), as: .sqlite)`.
public struct LiaisonSQLiteConfiguration: DatabaseConfiguration {
    public var middleware: [any AnyModelMiddleware] = []
    public let path: String

    public func makeDriver(for databases: Databases) -> any DatabaseDriver {
        LiaisonSQLiteDriver(pool: SQLiteConnectionPool(path: path))
    }
}

extension DatabaseConfigurationFactory {
    /// The SQLite database file at `path`, through Liaison's driver (`SQLiteDirectDatabase`).
    public static func liaisonSQLite(path: String) -> Self {
        .init { LiaisonSQLiteConfiguration(path: path) }
    }
}

struct LiaisonSQLiteDriver: DatabaseDriver {
    let pool: SQLiteConnectionPool

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SQLiteDirectDatabase(route: .pool(pool), context: context)
    }

    func shutdown() {
        pool.close()
    }
}
