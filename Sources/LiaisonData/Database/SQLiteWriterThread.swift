import Foundation
import NIOCore
import NIOPosix

/// The thread that owns the SQLite write connection and runs group commits.
///
/// It is an event loop of its own (so Fluent's futures made on it complete without a hop) and a task executor: a
/// task started with it as its executor preference runs its code here, including the awaited calls it makes to
/// the write connection, which therefore run synchronously on the thread that owns the connection.
public final class SQLiteWriterThread: TaskExecutor, @unchecked Sendable {
    private let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    let path: String
    public let checkpointer: SQLiteCheckpointer
    /// Touched only on the writer thread.
    private var connection: SQLiteHandle?
    /// The `PRAGMA synchronous` the connection asks for: FULL, except in the test that proves a connection with
    /// another setting is refused.
    private let synchronous: SQLiteHandle.Synchronous

    /// Syncs the log after each commit on a thread of its own; nil when each COMMIT syncs it (`LogSync.inline`).
    public let syncer: SQLiteLogSyncer?

    /// Where the write connection's log is synced to the disk.
    public enum LogSync: String, Sendable, CaseIterable {
        /// On a thread of its own while the writer runs the next group (`SQLiteLogSyncer`); the default.
        case apart
        /// Within each COMMIT, on the writer thread, as SQLite does by itself: no other connection reads a commit
        /// before it is on the disk.
        case inline
    }

    /// A writer for the SQLite database file at `path`; the file is opened at the first write (or by `open`).
    public convenience init(path: String, logSync: LogSync = .apart) {
        self.init(
            path: path, synchronous: .full, syncer: logSync == .apart ? SQLiteLogSyncer(logPath: path + "-wal") : nil)
    }

    init(path: String, synchronous: SQLiteHandle.Synchronous, syncer: SQLiteLogSyncer? = nil) {
        self.path = path
        self.synchronous = synchronous
        self.syncer = syncer
        checkpointer = SQLiteCheckpointer(path: path)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    /// Opens the write connection now, so that a server whose write connection cannot be opened safely (see
    /// `SQLiteHandle.init`: anything but `synchronous=FULL`) refuses to start instead of failing its first write.
    public func open() async throws {
        try await loop.submit { _ = try self.openConnection() }.get()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }

    /// The write connection, opened on first use. Must be called on the writer thread.
    func openConnection() throws -> SQLiteHandle {
        loop.preconditionInEventLoop()
        if let connection, connection.isOpen { return connection }
        let opened = try SQLiteHandle(
            path: path, cacheKiB: 65536, checkpointer: checkpointer, synchronous: synchronous,
            deferringLogSync: syncer != nil)
        connection = opened
        return opened
    }

    /// A descriptor on the log to sync the commits so far with (see `SQLiteLogSyncer`), or nil when the log is
    /// synced within each COMMIT. Must be called on the writer thread.
    func logSyncDescriptor() -> Int32? {
        loop.preconditionInEventLoop()
        guard syncer != nil else { return nil }
        return connection?.logSyncDescriptor()
    }

    /// Closes the connection (after the last write) and stops the thread.
    public func shutdown() async {
        try? await loop.submit { self.connection?.close() }.get()
        try? await group.shutdownGracefully()
        syncer?.stop()
        checkpointer.stop()
    }
}
