import Foundation
import SQLiteNIO

/// Tells whether a SQLite database has changed since an earlier look.
///
/// SQLite's `PRAGMA data_version` on a connection changes after every commit made by any other connection, in this
/// process or another (a command-line tool). The watch keeps a connection of its own that never writes,
/// so every commit anywhere gives a new version. Asking costs one short statement on that connection.
public final class SQLiteChangeWatch: @unchecked Sendable {
    /// A database state: equal versions mean that nothing was committed in between.
    public struct Version: Hashable, Sendable {
        /// Counts the watch's connections: a reopened connection numbers its versions afresh.
        let connection: Int
        let dataVersion: Int64
    }

    private let path: String
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var handle: SQLiteHandle?
    private var opened = 0
    private var closed = false

    public init(path: String) {
        self.path = path
    }

    /// The database's version now, or nil when the database cannot be asked (then nothing may be assumed).
    public func version() -> Version? {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return nil }
        do {
            if handle == nil {
                handle = try SQLiteHandle(path: path, cacheKiB: 64)
                opened += 1
            }
            var value: Int64?
            try handle?.run("PRAGMA data_version", []) { row in
                if case .integer(let number)? = row.values.first { value = Int64(number) }
            }
            return value.map { Version(connection: opened, dataVersion: $0) }
        } catch {
            handle?.close()
            handle = nil
            return nil
        }
    }

    /// Closes the connection; later calls answer nil.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        handle?.close()
        handle = nil
    }
}
