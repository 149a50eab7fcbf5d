import FluentKit
import Foundation
import LiaisonCore
import NIOConcurrencyHelpers
import SQLKit

/// Group commit for SQLite: writes that arrive while a transaction is being committed are gathered and run one
/// after another inside the next transaction and become durable with a single COMMIT (one fsync for the whole group
/// instead of one each).
///
/// Every write still succeeds or fails on its own: a write that throws is undone alone (see `run`) and its
/// caller gets the error, while the others in the group commit. No caller hears of success before its change is on
/// the disk: the COMMIT has returned and, on the dedicated write connection, the log syncer has synced the log
/// (`SQLiteLogSyncer`; the writer thread meanwhile runs the next group). A failed COMMIT or sync fails every write of
/// its group.
public final class GroupCommitter: Sendable {
    /// One queued write: runs the caller's body on the transaction's connection and later tells the caller how
    /// it ended.
    struct Job: Sendable {
        /// Runs the body; the events it announced when it finished without throwing, nil when it threw.
        let run: @Sendable (any Database) async -> [LiveEvent]?
        /// Resumes the caller: nil after its group committed, or the error that ended the group.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
        var transactions = 0
        var writes = 0
        var running = Duration.zero
        var committing = Duration.zero
        /// The processor time of the same spans, on the thread that ran them.
        var runningCPU = Duration.zero
        var committingCPU = Duration.zero
        /// Groups still to run with a savepoint per write (see `run`).
        var careful = 0
        /// Groups run a second time, with savepoints, because a write failed without them.
        var reruns = 0
    }

    private let state = NIOLockedValueBox(State())
    /// The most writes gathered into one transaction.
    public let maxGroup: Int
    /// The dedicated write connection's thread, when the database is a SQLite file; without it groups run on a
    /// connection of the database's pool.
    public let thread: SQLiteWriterThread?
    /// Told after each group's changes are durable, on the writer's thread or the log syncer's: it must return at
    /// once (the audit anchor only takes note, see `AuditAnchorKeeper`).
    let afterCommit: (@Sendable () -> Void)?
    /// Given the events of the writes a group committed (`LiveEvents`), once they are durable, on the writer's
    /// thread or the log syncer's: it must return at once (the hub only queues them).
    let published: (@Sendable ([LiveEvent]) -> Void)?

    public init(
        maxGroup: Int = 256, thread: SQLiteWriterThread? = nil, afterCommit: (@Sendable () -> Void)? = nil,
        published: (@Sendable ([LiveEvent]) -> Void)? = nil
    ) {
        self.maxGroup = max(1, maxGroup)
        self.thread = thread
        self.afterCommit = afterCommit
        self.published = published
    }

    /// Writes waiting for the next group.
    var waiting: Int {
        state.withLockedValue { $0.pending.count }
    }

    /// Transactions committed or rolled back so far, and the writes they carried.
    public var counts: (transactions: Int, writes: Int) {
        state.withLockedValue { ($0.transactions, $0.writes) }
    }

    /// Groups run again with a savepoint per write because one of their writes failed (see `run`).
    public var reruns: Int {
        state.withLockedValue { $0.reruns }
    }

    /// Time spent so far running the writes (their statements and code, and the statements left for the end) and
    /// committing (writing and syncing the log).
    public var times: (running: Duration, committing: Duration) {
        state.withLockedValue { ($0.running, $0.committing) }
    }

    /// The processor time the writing thread spent in the same spans as `times`: the difference is time it waited
    /// (for the disk's sync, or for a core while other threads ran).
    public var processorTimes: (running: Duration, committing: Duration) {
        state.withLockedValue { ($0.runningCPU, $0.committingCPU) }
    }

    /// Runs `body` in a group transaction and returns once its change is durable.
    func write<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { connection in
                    // Each run keeps its own events: those of a run that threw, or of a group rolled back and run
                    // again, are never sent.
                    let events = LiveEventCollector()
                    do {
                        let value = try await events.collect { try await body(connection) }
                        outcome.withLockedValue { $0 = .success(value) }
                        return events.events
                    } catch {
                        outcome.withLockedValue { $0 = .failure(error) }
                        return nil
                    }
                },
                finish: { groupError in
                    if let groupError {
                        continuation.resume(throwing: groupError)
                    } else {
                        continuation.resume(with: outcome.withLockedValue { $0 } ?? .failure(DataError.notFound))
                    }
                })
            let lead = state.withLockedValue { state -> Bool in
                state.pending.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            guard lead else { return }
            if let thread {
                // The whole drain, the writes' own code included, runs on the writer thread.
                Task(executorPreference: thread) { await self.drain(on: db) }
            } else {
                Task { await self.drain(on: db) }
            }
        }
    }

    /// Commits groups until no write is waiting.
    private func drain(on db: any Database) async {
        while true {
            let group = state.withLockedValue { state -> [Job] in
                let taken = Array(state.pending.prefix(maxGroup))
                state.pending.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false } else {
                    state.transactions += 1
                    state.writes += taken.count
                }
                return taken
            }
            if group.isEmpty { return }
            await commit(group, on: db)
        }
    }

    private func commit(_ group: [Job], on db: any Database) async {
        let committed: [LiveEvent]?
        do {
            if let thread {
                let syncer = thread.syncer
                if let failure = syncer?.failed { throw failure }
                let number = syncer?.willCommit()
                let connection = SQLiteDirectDatabase(thread: thread, base: db)
                do {
                    committed = try await run(group, on: connection, deferred: connection.deferred)
                } catch {
                    if let number { syncer?.discard(commit: number) }
                    throw error
                }
                if let syncer, let number {
                    if committed != nil, let descriptor = thread.logSyncDescriptor() {
                        // The group is committed but not yet on the disk: its callers hear of it once the log
                        // syncer has synced it, while this thread runs the next group.
                        syncer.sync(descriptor, commit: number) { error in
                            if let error {
                                for job in group { job.finish(error) }
                            } else {
                                self.durable(group, committed)
                            }
                        }
                        return
                    }
                    // Rolled back, or synced by SQLite itself (a database not in WAL mode).
                    syncer.discard(commit: number)
                }
            } else {
                committed = try await db.withConnection { connection in
                    try await connection.sql.raw("PRAGMA synchronous=FULL").run()
                    return try await self.run(group, on: connection, deferred: nil)
                }
            }
        } catch {
            for job in group { job.finish(error) }
            return
        }
        durable(group, committed)
    }

    /// Tells the audit anchor, the live events and the callers of a group that is on the disk (`committed`: the
    /// events of its writes, nil when every write failed and nothing was kept).
    private func durable(_ group: [Job], _ committed: [LiveEvent]?) {
        // Before the callers hear of it, so that whoever waits for the anchor after a write finds it told (and a
        // page that reloads after its own write misses none of its events).
        if let committed {
            afterCommit?()
            if !committed.isEmpty { published?(committed) }
        }
        // Each job carries its own outcome; the group's COMMIT made every successful one durable.
        for job in group { job.finish(nil) }
    }

    /// One transaction for the group, then COMMIT.
    ///
    /// The writes first run one after another without savepoints: a savepoint makes SQLite copy every page a write
    /// touches before changing it, which cost about a tenth of the writer's time. Should one of them fail, the whole
    /// transaction is rolled back and the group runs again with each write in its own savepoint, so that only the
    /// failing one is undone; and the next `carefulGroups` groups start that way too, so that a run of failing
    /// writes (say, replies to a closed request) does not make every group run twice. Writes are functions of the
    /// database and their input, so running one again after a rollback does what the first run did.
    /// Answers the events of the writes it committed, or nil when every write of the group failed and nothing was
    /// kept.
    private func run(_ group: [Job], on connection: any Database, deferred: DeferredStatements?) async throws
        -> [LiveEvent]?
    {
        let sql = connection.sql
        let clock = ContinuousClock()
        let started = clock.now
        let startedCPU = ThreadClock.now
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            var atCommit: [DeferredStatements.Statement] = []
            var events: [LiveEvent] = []
            var failed = 0
            let careful = group.count > 1 && state.withLockedValue { state in
                guard state.careful > 0 else { return false }
                state.careful -= 1
                return true
            }
            if group.count == 1 || !careful {
                for job in group {
                    let announced = await job.run(connection)
                    let left = deferred?.take() ?? []
                    if let announced {
                        atCommit += left
                        events += announced
                    } else {
                        failed += 1
                    }
                    if failed > 0 { break }
                }
                if failed > 0, group.count > 1 {
                    try await sql.raw("ROLLBACK").run()
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    state.withLockedValue {
                        $0.careful = Self.carefulGroups
                        $0.reruns += 1
                    }
                }
            }
            if group.count > 1, careful || failed > 0 {
                (atCommit, events, failed) = ([], [], 0)
                for job in group {
                    try await sql.raw("SAVEPOINT w").run()
                    let announced = await job.run(connection)
                    if announced == nil { try await sql.raw("ROLLBACK TO w").run() }
                    try await sql.raw("RELEASE w").run()
                    let left = deferred?.take() ?? []
                    if let announced {
                        atCommit += left
                        events += announced
                    } else {
                        failed += 1
                    }
                }
            }
            if failed == group.count {
                try await sql.raw("ROLLBACK").run()
                return nil
            } else {
                if let database = connection as? SQLiteDirectDatabase {
                    for statement in DeferredStatements.ordered(atCommit) { try database.run(statement) }
                }
                let ran = clock.now
                let ranCPU = ThreadClock.now
                try await sql.raw("COMMIT").run()
                let committed = clock.now
                let committedCPU = ThreadClock.now
                state.withLockedValue {
                    $0.running += ran - started
                    $0.committing += committed - ran
                    // Only meaningful when the whole group ran on one thread (the writer thread's).
                    if self.thread != nil {
                        $0.runningCPU += ranCPU - startedCPU
                        $0.committingCPU += committedCPU - ranCPU
                    }
                }
                return events
            }
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Groups that run with a savepoint per write after a write failed in a group without them.
    static let carefulGroups = 64
}

/// The processor time the calling thread has used so far.
enum ThreadClock {
    static var now: Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
