import FluentKit

extension Database {
    /// Runs `body`, a read whose cost may be large (a search, a broad list, an export), where it holds up no
    /// event loop: on SQLite, on the database's reader threads (`SQLiteReaderThreads`), its statements and the work
    /// between them; on PostgreSQL, whose driver never blocks a thread, or without reader threads, right here.
    ///
    /// Cheap reads (a record by its key, a page of an indexed queue) stay where they are: on an event loop they
    /// cost less than the two thread hand-offs this takes. Inside a transaction (which holds the write lock) the
    /// read stays too: a reader thread may be waiting for that very lock.
    public func costlyRead<T: Sendable>(_ body: (any Database) async throws -> T) async throws -> T {
        guard let direct = self as? SQLiteDirectDatabase, !direct.inTransaction, let pool = direct.pool,
            let readers = pool.readers, !readers.isCurrent
        else { return try await body(self) }
        pool.counts.countCostlyRead()
        return try await withTaskExecutorPreference(readers) { try await body(self) }
    }

    /// Where this database's statements ran so far, on Liaison's SQLite driver (nil elsewhere).
    public var readCounts: ReadCounts? {
        (self as? SQLiteDirectDatabase)?.pool?.readCounts
    }
}
