import FluentKit
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// SQLite connections for everything but the group-committed writes: a statement takes an idle connection (or
/// opens one), runs on the calling thread, and gives the connection back, with no thread hand-off. A connection
/// is never held across a suspension except by a transaction, which keeps its own until it ends.
///
/// Reads never wait for the writer (write-ahead logging); a rare write outside `Writer` (migrations) waits for
/// the write lock through SQLite's busy timeout. Away from the reader threads that wait is short
/// (`briefBusyTimeout`): a statement that meets a busy database on an event loop or one of Swift's cooperative
/// threads is run again on a reader thread, which waits as long as it takes (see `SQLiteDirectDatabase`).
public final class SQLiteConnectionPool: @unchecked Sendable {
    let path: String
    /// Where costly reads run (`Database.costlyRead`) and where statements that met a busy database on an event
    /// loop are run again; nil runs every read on the calling thread, waiting patiently wherever it is.
    public let readers: SQLiteReaderThreads?
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [SQLiteHandle] = []
    private var closed = false
    /// Idle connections kept at most; more are closed when given back.
    private let keep = 16
    /// Where the statements of this pool's connections ran (see `ReadCounts`).
    let counts = ReadCounters()

    /// How long a statement away from the reader threads waits for a lock before it is handed to one of them.
    static let briefBusyTimeout: Duration = .milliseconds(5)

    /// A pool for the database file at `path`; with `readerThreads` above 0, that many threads for costly reads.
    public init(path: String, readerThreads: Int = 0) {
        self.path = path
        readers = readerThreads > 0 ? SQLiteReaderThreads(count: readerThreads) : nil
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
        if isClosed { throw SQLiteFailure(.misuse, "the database is shut down") }
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

    /// Stops the reader threads (after the reads queued) and closes the idle connections; connections in use are
    /// closed when given back.
    func close() {
        readers?.shutdown()
        let all = lock.withLock { () -> [SQLiteHandle] in
            closed = true
            defer { idle = [] }
            return idle
        }
        for handle in all { handle.close() }
    }

    /// Where the statements of this pool's connections ran so far.
    public var readCounts: ReadCounts {
        ReadCounts(
            onEventLoops: counts.onEventLoops.load(ordering: .relaxed),
            onReaders: counts.onReaders.load(ordering: .relaxed),
            elsewhere: counts.elsewhere.load(ordering: .relaxed),
            costlyReads: counts.costlyReads.load(ordering: .relaxed),
            movedWhenBusy: counts.movedWhenBusy.load(ordering: .relaxed))
    }
}

/// Where a pool's statements ran: on an event loop, on the reader threads, or on some other thread (the writer's
/// own reads, commands, tests); how many costly reads were sent to the reader threads, and how many statements
/// met a busy database on an event loop and were run again on the reader threads.
public struct ReadCounts: Sendable, Equatable {
    public var onEventLoops: Int
    public var onReaders: Int
    public var elsewhere: Int
    public var costlyReads: Int
    public var movedWhenBusy: Int
}

final class ReadCounters: Sendable {
    let onEventLoops = Atomic<Int>(0)
    let onReaders = Atomic<Int>(0)
    let elsewhere = Atomic<Int>(0)
    let costlyReads = Atomic<Int>(0)
    let movedWhenBusy = Atomic<Int>(0)

    func countCostlyRead() { costlyReads.add(1, ordering: .relaxed) }
    func countMovedWhenBusy() { movedWhenBusy.add(1, ordering: .relaxed) }

    /// Counts a statement about to run on the calling thread.
    func count(for readers: SQLiteReaderThreads?) {
        if MultiThreadedEventLoopGroup.currentEventLoop != nil {
            onEventLoops.add(1, ordering: .relaxed)
        } else if readers?.isCurrent == true {
            onReaders.add(1, ordering: .relaxed)
        } else {
            elsewhere.add(1, ordering: .relaxed)
        }
    }
}

/// Fluent's configuration for Liaison's SQLite driver: `databases.use(.liaisonSQLite(path: …), as: .sqlite)`.
public struct LiaisonSQLiteConfiguration: DatabaseConfiguration {
    public var middleware: [any AnyModelMiddleware] = []
    public let path: String
    /// Threads for costly reads (0: none, every read runs where it is asked for).
    public let readerThreads: Int

    public func makeDriver(for databases: Databases) -> any DatabaseDriver {
        LiaisonSQLiteDriver(pool: SQLiteConnectionPool(path: path, readerThreads: readerThreads))
    }
}

extension DatabaseConfigurationFactory {
    /// The SQLite database file at `path`, through Liaison's driver (`SQLiteDirectDatabase`), with
    /// `readerThreads` threads for costly reads (see `SQLiteReaderThreads`; 0 runs them where they are asked for).
    public static func liaisonSQLite(path: String, readerThreads: Int = SQLiteReaderThreads.defaultCount) -> Self {
        .init { LiaisonSQLiteConfiguration(path: path, readerThreads: readerThreads) }
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
