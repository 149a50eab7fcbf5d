import Foundation
import NIOCore
import NIOPosix

/// A bounded set of threads for SQLite reads that must not run on an event loop: reads whose cost may be large
/// (searches, broad lists, exports: see `Database.costlyRead`) and statements that met a busy database elsewhere
/// and must wait for it (see `SQLiteDirectDatabase`). Statements run on the calling thread in Liaison's driver, so
/// a read on an event loop holds up every connection of that loop while it runs; here it holds up only the reads
/// queued behind it.
///
/// It is a task executor: a task that prefers it runs its code here, the statements it runs included. Work queues
/// in arrival order and the threads take it as they come free; they start at the first use. Reads here take
/// connections from the database's pool like any other.
public final class SQLiteReaderThreads: TaskExecutor, @unchecked Sendable {
    /// How many threads run reads at most.
    public let count: Int
    private let name: String
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var started = 0
    private var stopping = false
    private var running = 0
    /// Threads running work now.
    private var busyWorkers = 0
    /// On each of these threads, the set it belongs to.
    private static let current = ThreadSpecificVariable<SQLiteReaderThreads>()

    /// One per core. A cheap read is not held up by costly ones because they run on other threads, which the
    /// system shares the cores with; fewer threads than cores only made costly reads wait for one another while
    /// cores were free (on 2 cores, one thread took broad searches from 706 to 430 a second, p95 43 to 53 ms).
    public static var defaultCount: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    public init(count: Int, name: String = "liaison-sqlite-read") {
        self.count = max(1, count)
        self.name = name
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        guard submit({ job.runSynchronously(on: executor) }) else {
            // After shutdown a task that still prefers these threads runs on the default executor.
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
            return
        }
    }

    /// Runs `body` on one of the threads and answers its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let queued = submit { continuation.resume(with: Result(catching: body)) }
            if !queued { continuation.resume(throwing: SQLiteFailure(.misuse, "the database is shut down")) }
        }
    }

    /// Runs `body` on one of the threads; the future completes on `loop`.
    func submit<T: Sendable>(on loop: any EventLoop, _ body: @escaping @Sendable () throws -> T) -> EventLoopFuture<T> {
        let promise = loop.makePromise(of: T.self)
        let queued = submit { promise.completeWith(Result(catching: body)) }
        if !queued { promise.fail(SQLiteFailure(.misuse, "the database is shut down")) }
        return promise.futureResult
    }

    /// Whether the calling thread is one of these.
    public var isCurrent: Bool {
        Self.current.currentValue === self
    }

    /// Runs what is queued, then stops the threads; later work is refused. Called on one of the threads, it does
    /// not wait for that one.
    func shutdown() {
        let own = isCurrent ? 1 : 0
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > own { condition.wait() }
        condition.unlock()
    }

    private func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        queue.append(work)
        // A new thread while all started ones are busy and the bound allows one.
        if started < count, queue.count - head > started - busyWorkers {
            started += 1
            running += 1
            let thread = Thread { self.work() }
            thread.name = "\(name)-\(started)"
            thread.start()
        } else {
            condition.signal()
        }
        return true
    }

    private func work() {
        Self.current.currentValue = self
        condition.lock()
        while true {
            while head == queue.count && !stopping { condition.wait() }
            if head == queue.count {
                break
            }
            let item = queue[head]
            head += 1
            if head > 1024, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            busyWorkers += 1
            condition.unlock()
            item()
            condition.lock()
            busyWorkers -= 1
        }
        Self.current.currentValue = nil
        running -= 1
        condition.broadcast()
        condition.unlock()
    }
}
