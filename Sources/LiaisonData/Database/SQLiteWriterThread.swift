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

    /// A writer for the SQLite database file at `path`; the file is opened at the first write (or by `open`).
    public convenience init(path: String) {
        self.init(path: path, synchronous: .full)
    }

    init(path: String, synchronous: SQLiteHandle.Synchronous) {
        self.path = path
        self.synchronous = synchronous
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
            path: path, cacheKiB: 65536, checkpointer: checkpointer, synchronous: synchronous)
        connection = opened
        return opened
    }

    /// Closes the connection (after the last write) and stops the thread.
    public func shutdown() async {
        try? await loop.submit { self.connection?.close() }.get()
        try? await group.shutdownGracefully()
        checkpointer.stop()
    }
}
