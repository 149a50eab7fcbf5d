import Foundation

/// Copies the write-ahead log back into the SQLite database on a thread of its own, with its own connection, so
/// that the write connection's thread spends its time on writes.
///
/// A passive checkpoint neither waits for nor blocks readers and the writer; it copies what it can. The write
/// connection asks for one after each commit that leaves the log at `threshold` pages or more; requests arriving
/// while one runs are merged into the next.
///
/// The threshold is 30,000 pages (60 MB at 2 KiB), not SQLite's 1,000: a checkpoint copies each page once however
/// many commits changed it, and under a steady load of writes the same pages (the last leaf of each index that
/// grows at its end, the audit log's tail, the full-text index's structure) are changed by nearly every commit.
/// Measured on the issue-4 benchmark (20 s runs, fresh copies): reply 1,510 / 1,509 → 1,667 / 1,637 req/s with
/// p99 47–49 → 37–38 ms, create 1,915 / 1,864 → 2,056 / 1,888; 100,000 pages was slower again (1,716 / 1,781),
/// readers then search a longer log index.
public final class SQLiteCheckpointer: @unchecked Sendable {
    private let path: String
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var requested = false
    private var stopping = false
    private var running = false
    private var passes = 0
    /// Pages the write connection has appended to the log since start, and the log's length after its last commit.
    private var logged = 0
    private var logLength = 0
    private var pagesPerCheckpoint = 30_000

    init(path: String) {
        self.path = path
    }

    /// Checkpoints run so far.
    var completed: Int {
        condition.lock()
        defer { condition.unlock() }
        return passes
    }

    /// Pages the write connection has written to the log since start (each commit writes every page it changed
    /// once, however many writes of its group changed it).
    public var pagesLogged: Int {
        condition.lock()
        defer { condition.unlock() }
        return logged
    }

    /// The log's length, in pages, after which a commit asks for a checkpoint.
    var threshold: Int {
        get {
            condition.lock()
            defer { condition.unlock() }
            return pagesPerCheckpoint
        }
        set {
            condition.lock()
            pagesPerCheckpoint = newValue
            condition.unlock()
        }
    }

    /// Called after each commit of the write connection with the log's length in pages; asks for a checkpoint
    /// when the log has reached `threshold` pages.
    func committed(logLength frames: Int) {
        condition.lock()
        // A shorter log than after the last commit: the log was restarted after a checkpoint.
        logged += frames >= logLength ? frames - logLength : frames
        logLength = frames
        let due = frames >= pagesPerCheckpoint
        condition.unlock()
        if due { request() }
    }

    /// Asks for a checkpoint soon; starts the thread on first use.
    func request() {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return }
        requested = true
        if !running {
            running = true
            let thread = Thread { [self] in loop() }
            thread.name = "liaison-sqlite-checkpoint"
            thread.start()
        }
        condition.signal()
    }

    /// Stops the thread after the checkpoint in progress, if any.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        var connection: SQLiteHandle?
        while true {
            condition.lock()
            while !requested && !stopping { condition.wait() }
            let stop = stopping
            requested = false
            condition.unlock()
            if stop { break }
            do {
                if connection == nil { connection = try SQLiteHandle(path: path) }
                try connection?.run("PRAGMA wal_checkpoint(PASSIVE)", [])
            } catch {
                // The next request tries again; SQLite's log only grows meanwhile.
                connection = nil
            }
            condition.lock()
            passes += 1
            condition.unlock()
        }
        connection?.close()
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
