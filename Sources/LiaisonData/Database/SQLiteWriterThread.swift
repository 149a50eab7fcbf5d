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
            path: path, cacheKiB: Self.cacheKiB, checkpointer: checkpointer, synchronous: synchronous,
            deferringLogSync: syncer != nil)
        connection = opened
        return opened
    }

    /// The write connection's page cache: 8 MiB, not more. At the end of every transaction SQLite drops the
    /// cached pages past the database's end, and it looks through its whole cache for them whenever a page number
    /// far past the end was used meanwhile: when a B-tree split puts its new pages in ascending order, it moves a
    /// page through the number of the page holding the lock byte (the page at 1 GiB, 524,289 with 2 KiB pages) and
    /// never lowers its record of the highest number in use. So in a database smaller than 1 GiB nearly every
    /// commit walked the whole cache: with 64 MiB, a third of the writer's time in a profile of replies (100,000
    /// requests, 786 MB); with 8 MiB the commit's processor time per group fell from 0.49 to 0.19 ms and the writer's
    /// time per reply from 0.33 to 0.26 ms, while writes read more pages from the file (measured in the same run;
    /// bench/RESULTS.md). In a file over 1 GiB the two sizes measured alike.
    static let cacheKiB = 8192

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
