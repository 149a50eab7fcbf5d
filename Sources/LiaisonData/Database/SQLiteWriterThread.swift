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

    /// A writer for the SQLite database file at `path`; the file is opened at the first write.
    public init(path: String) {
        self.path = path
        checkpointer = SQLiteCheckpointer(path: path)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
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
        let opened = try SQLiteHandle(path: path, cacheKiB: 65536, checkpointer: checkpointer)
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
