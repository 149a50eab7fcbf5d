import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import Vapor

/// What a job sees while it runs.
struct JobContext: Sendable {
    var application: Application
    var now: Date
    var logger: Logger
    /// Which try this is (1 for the first) and how many the job has: a handler that records its own tries (a
    /// webhook's delivery log) knows whether a failure is the last.
    var attempt: Int = 1
    var maxAttempts: Int = 1
    /// Set by the runner: marks the job done inside a write of the handler's (see `complete(on:)`).
    var completion: JobCompletion? = nil

    var isLastAttempt: Bool { attempt >= maxAttempts }

    /// Records the job as done in the caller's write, with the work that finishes it (a sent message marked sent),
    /// so that the runner writes nothing more for it: one commit instead of two.
    func complete(on tx: any Database) async throws {
        guard let completion else { return }
        try await JobQueue.complete(id: completion.jobID, worker: completion.worker, now: now, on: tx)
        completion.done.withLockedValue { $0 = true }
    }
}

/// Which claimed job a context runs, and whether its handler completed it in a write of its own.
final class JobCompletion: Sendable {
    let jobID: UUID
    let worker: String
    let done = NIOLockedValueBox(false)

    init(jobID: UUID, worker: String) {
        self.jobID = jobID
        self.worker = worker
    }
}

/// The code behind one kind of job. Handlers must be idempotent: a job may run again after a crash mid-way.
struct JobHandler: Sendable {
    var kind: String
    /// Jobs of this kind may run at the same time as each other (each is independent, and mostly waits on another
    /// server: sending mail, posting to a webhook); the others run one at a time.
    var concurrent = false
    var run: @Sendable (_ payload: String, _ context: JobContext) async throws -> Void

    init(
        kind: String, concurrent: Bool = false,
        run: @escaping @Sendable (_ payload: String, _ context: JobContext) async throws -> Void
    ) {
        self.kind = kind
        self.concurrent = concurrent
        self.run = run
    }
}

/// Work looked at on every turn of the runner's loop, at most once per `interval`, without a job of its own (no
/// row is written when there is nothing to do). It must be safe to run on several nodes at once.
struct JobTicker: Sendable {
    var name: String
    var interval: TimeInterval
    var run: @Sendable (Application) async throws -> Void
}

/// Work that recurs: a job of `kind` is queued once per `interval`, keyed by its time slot so that restarts and
/// several nodes never queue the same slot twice.
struct RecurringJob: Sendable {
    var kind: String
    var interval: TimeInterval

    func slot(at now: Date) -> (key: String, start: Date) {
        let index = Int64(now.timeIntervalSince1970 / interval)
        return ("slot-\(index)", Date(timeIntervalSince1970: Double(index) * interval))
    }
}
