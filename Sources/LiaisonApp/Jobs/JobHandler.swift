import Foundation
import LiaisonCore
import Vapor

/// What a job sees while it runs.
struct JobContext: Sendable {
    var application: Application
    var now: Date
    var logger: Logger
    /// Whether this run is the job's last try: a failure now is final.
    var lastAttempt = false
}

/// The code behind one kind of job. Handlers must be idempotent: a job may run again after a crash mid-way.
struct JobHandler: Sendable {
    var kind: String
    var run: @Sendable (_ payload: String, _ context: JobContext) async throws -> Void
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
