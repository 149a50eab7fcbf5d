import Foundation

/// Syncs the write connection's log to the disk on a thread of its own, so that the writer thread runs the next
/// group of writes while the disk takes the last one.
///
/// At COMMIT the write connection only passes the group's log frames on to the file
/// (`liaison_sqlite_log_deferred_sync_vfs`): other connections can read the commit at once, but it is not yet on
/// the disk. The committer then hands the log over (`sync(_:commit:then:)`) and tells the group's callers, the
/// audit anchor and the live events only once the log is synced: no write is acknowledged before it is durable, as
/// before. One sync covers every commit made before it started, so the commits that pile up during a sync share
/// the next one.
///
/// What changes is that another connection may read a commit up to one sync (about a millisecond) before it is on
/// the disk: after a power cut (not a crash of the process: the file's data is then with the kernel) such a commit
/// may be missing although a reader saw it. Its writer was never told that it succeeded. `LIAISON_SQLITE_LOG_SYNC=
/// inline` syncs within each COMMIT instead, as SQLite does by itself.
///
/// A failed sync is final: the kernel may have dropped the pages it could not write, so a later sync that succeeds
/// proves nothing about them. The group and every write after it fail until the server is restarted.
public final class SQLiteLogSyncer: @unchecked Sendable {
    private struct Ticket {
        /// A descriptor on the log to sync with (closed afterwards); -1 for a commit that wrote nothing, or for a
        /// barrier's sync of the log as it is.
        let descriptor: Int32
        /// The commit's number (`willCommit`); 0 for a barrier's sync.
        let commit: Int
        let done: @Sendable ((any Error)?) -> Void
    }

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var tickets: [Ticket] = []
    private var started = false
    private var stopping = false
    private var stopped = false
    private var failure: SQLiteFailure?
    private var syncs = 0
    private var syncing = Duration.zero
    /// The last commit number given out, and the last one known to be on the disk.
    private var announced = 0
    private var durable = 0
    /// Whether the log was synced since start (commits of a process that stopped before syncing may be in it).
    private var syncedOnce = false
    private var barriers: [(commit: Int, resume: @Sendable ((any Error)?) -> Void)] = []
    /// Syncs the log with; `fdatasync` but for the tests that hold a sync back or make one fail.
    private let syncFile: @Sendable (Int32) -> Int32
    /// The log's path, for a barrier before any commit was handed over.
    let logPath: String
    /// A descriptor on the log kept from the last sync, for barriers (touched only on the syncing thread).
    private var latest: Int32?

    init(logPath: String, syncFile: @escaping @Sendable (Int32) -> Int32 = { fdatasync($0) }) {
        self.logPath = logPath
        self.syncFile = syncFile
    }

    /// Numbers a commit about to be made, before any of it can be read; every number must then be handed back,
    /// by `sync(_:commit:then:)`, or by `discard` when the commit wrote nothing.
    func willCommit() -> Int {
        condition.lock()
        defer { condition.unlock() }
        announced += 1
        return announced
    }

    /// Syncs the log that `descriptor` is open on (and closes the descriptor), then calls `done` on the syncing
    /// thread with nil, or with the error that makes the commit not durable. Calls come back in the order they
    /// were made.
    func sync(_ descriptor: Int32, commit: Int, then done: @escaping @Sendable ((any Error)?) -> Void) {
        enqueue(Ticket(descriptor: descriptor, commit: commit, done: done))
    }

    /// Hands back the number of a commit that was rolled back or failed.
    func discard(commit: Int) {
        enqueue(Ticket(descriptor: -1, commit: commit, done: { _ in }))
    }

    /// Returns once every commit that could be read before the call is on the disk: with the next sync of the
    /// commits, without one of its own unless nothing is being committed and the log was not synced since start.
    /// For whatever tells the world outside the database about a commit that it read rather than made, such as the
    /// audit anchor: a reading connection may see a commit before it is synced.
    public func barrier() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let resume: @Sendable ((any Error)?) -> Void = { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
            condition.lock()
            if let failure {
                condition.unlock()
                return resume(failure)
            }
            if stopped || (syncedOnce && durable >= announced) {
                condition.unlock()
                return resume(nil)
            }
            barriers.append((announced, resume))
            let syncItself = !syncedOnce && durable >= announced
            condition.unlock()
            if syncItself { enqueue(Ticket(descriptor: -1, commit: 0, done: { _ in })) }
        }
    }

    /// The error of a failed sync: every write after it is refused.
    var failed: SQLiteFailure? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Syncs run so far and the time they took.
    public var times: (syncs: Int, syncing: Duration) {
        condition.lock()
        defer { condition.unlock() }
        return (syncs, syncing)
    }

    /// Syncs what was handed over, then stops the thread; returns once it has.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while started && !stopped { condition.wait() }
        stopped = true
        let waiting = barriers
        barriers = []
        condition.unlock()
        for barrier in waiting { barrier.resume(failure) }
    }

    private func enqueue(_ ticket: Ticket) {
        condition.lock()
        if stopped {
            let failure = failure
            condition.unlock()
            // Stopped after syncing all it was handed, and after the write connection closed (which syncs the log
            // as SQLite does by itself): nothing is left to sync.
            if ticket.descriptor >= 0 { Glibc.close(ticket.descriptor) }
            ticket.done(failure)
            return
        }
        tickets.append(ticket)
        if !started {
            started = true
            let thread = Thread { [self] in loop() }
            thread.name = "liaison-sqlite-log-sync"
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        let clock = ContinuousClock()
        while true {
            condition.lock()
            while tickets.isEmpty && !stopping { condition.wait() }
            if tickets.isEmpty {
                if let latest { Glibc.close(latest) }
                latest = nil
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = tickets
            tickets = []
            var error = failure
            // A batch of commits that all wrote nothing needs no sync, unless a barrier waits for the first one.
            let needsSync =
                batch.contains { $0.descriptor >= 0 || $0.commit == 0 } || (!syncedOnce && !barriers.isEmpty)
            condition.unlock()

            if error == nil && needsSync {
                let began = clock.now
                error = syncAll(batch)
                let took = clock.now - began
                condition.lock()
                syncs += 1
                syncing += took
                if let error, failure == nil { failure = error }
                condition.unlock()
            }
            // The newest descriptor is kept for barriers; the others are done with.
            if let newest = batch.last(where: { $0.descriptor >= 0 })?.descriptor {
                if let latest { Glibc.close(latest) }
                latest = newest
            }
            for ticket in batch where ticket.descriptor >= 0 && ticket.descriptor != latest {
                Glibc.close(ticket.descriptor)
            }
            condition.lock()
            if error == nil {
                if needsSync { syncedOnce = true }
                durable = max(durable, batch.map(\.commit).max() ?? 0)
            }
            let ready = barriers.filter { error != nil || (syncedOnce && $0.commit <= durable) }
            barriers.removeAll { error != nil || (syncedOnce && $0.commit <= durable) }
            condition.unlock()
            for ticket in batch { ticket.done(error) }
            for barrier in ready { barrier.resume(error) }
        }
    }

    /// One sync per file among the batch's descriptors (the same log, unless the write connection was opened
    /// again in between), on the newest descriptor of each; without any, the log of the last sync, or, before any,
    /// the log as its path finds it.
    private func syncAll(_ batch: [Ticket]) -> SQLiteFailure? {
        var descriptors = batch.map(\.descriptor).filter { $0 >= 0 }
        var opened: Int32?
        defer { if let opened { Glibc.close(opened) } }
        if descriptors.isEmpty {
            if let latest {
                descriptors = [latest]
            } else {
                let descriptor = open(logPath, O_RDONLY | O_CLOEXEC)
                // No log: everything is in the database file, which SQLite synced.
                guard descriptor >= 0 else { return errno == ENOENT ? nil : syncFailure() }
                opened = descriptor
                descriptors = [descriptor]
            }
        }
        var files: [(device: UInt, inode: UInt, descriptor: Int32)] = []
        for descriptor in descriptors.reversed() {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { return syncFailure() }
            let device = UInt(status.st_dev)
            let inode = UInt(status.st_ino)
            if !files.contains(where: { $0.device == device && $0.inode == inode }) {
                files.append((device, inode, descriptor))
            }
        }
        for file in files {
            var result: Int32
            repeat { result = syncFile(file.descriptor) } while result != 0 && errno == EINTR
            if result != 0 { return syncFailure() }
        }
        return nil
    }

    private func syncFailure() -> SQLiteFailure {
        let reason = String(cString: strerror(errno))
        return SQLiteFailure(
            .ioErrorFsync,
            "the database's log could not be synced to the disk (\(reason)); writes are refused until the "
                + "server is restarted")
    }
}
