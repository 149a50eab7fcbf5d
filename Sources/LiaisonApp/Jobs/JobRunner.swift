import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// Runs queued jobs inside the server process: claims due work with a lease, runs it, and records the outcome,
/// retrying failures with backoff. A job claimed by a process that died is claimed again when its lease ends.
final class JobRunner: Sendable {
    let handlers: [String: JobHandler]
    let recurring: [RecurringJob]
    let tickers: [JobTicker]
    let retry: RetryPolicy
    let lease: TimeInterval
    /// How many jobs of concurrent kinds (`JobHandler.concurrent`) run at once.
    let concurrency: Int
    let worker: String
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let lastSlots = NIOLockedValueBox<[String: String]>([:])
    private let lastTicks = NIOLockedValueBox<[String: Date]>([:])

    init(
        handlers: [JobHandler], recurring: [RecurringJob], tickers: [JobTicker] = [],
        retry: RetryPolicy = RetryPolicy(), lease: TimeInterval = 300, concurrency: Int = 16
    ) {
        self.handlers = Dictionary(uniqueKeysWithValues: handlers.map { ($0.kind, $0) })
        self.recurring = recurring
        self.tickers = tickers
        self.retry = retry
        self.lease = lease
        self.concurrency = max(1, concurrency)
        self.worker = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    }

    /// Queues the current slot of each recurring job (once per slot; a unique key makes repeats harmless).
    func scheduleRecurring(_ app: Application) async throws {
        let now = app.context.effects.clock.now()
        for job in recurring {
            let slot = job.slot(at: now)
            if lastSlots.withLockedValue({ $0[job.kind] }) == slot.key { continue }
            _ = try await app.write { tx in
                try await JobQueue.enqueue(
                    kind: job.kind, runAt: slot.start, uniqueKey: slot.key, now: now, on: tx)
            }
            lastSlots.withLockedValue { $0[job.kind] = slot.key }
        }
    }

    /// Runs the tickers whose interval has passed since their last run on this node.
    func tick(_ app: Application) async {
        let now = app.context.effects.clock.now()
        for ticker in tickers {
            let due = lastTicks.withLockedValue { last in
                guard let previous = last[ticker.name], now.timeIntervalSince(previous) < ticker.interval,
                    now >= previous
                else {
                    last[ticker.name] = now
                    return true
                }
                return false
            }
            guard due else { continue }
            do {
                try await ticker.run(app)
            } catch {
                app.logger.error("job runner: \(ticker.name): \(error)")
            }
        }
    }

    /// Claims and runs what is due now; returns how many jobs ran. Jobs of concurrent kinds run up to
    /// `concurrency` at a time (their writes share the writer's commits); the others one after another, in order.
    @discardableResult
    func runDue(_ app: Application, limit: Int = 10) async throws -> Int {
        let now = app.context.effects.clock.now()
        let worker = self.worker
        let lease = self.lease
        let claimed = try await app.write { tx in
            try await JobQueue.claim(worker: worker, now: now, lease: lease, limit: limit, on: tx)
        }
        let together = claimed.filter { handlers[$0.kind]?.concurrent == true }
        // When the server stops, what is claimed but not started is left to its lease (run again after it ends, as
        // after a crash) rather than holding the shutdown up.
        for job in claimed where handlers[job.kind]?.concurrent != true {
            if Task.isCancelled { break }
            try await run(job, app)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for job in together {
                if Task.isCancelled { break }
                if running == concurrency {
                    try await group.next()
                    running -= 1
                }
                group.addTask { try await self.run(job, app) }
                running += 1
            }
            try await group.waitForAll()
        }
        return claimed.count
    }

    /// Runs one claimed job and records its outcome: done, or failed with the next try's time.
    private func run(_ job: ClaimedJob, _ app: Application) async throws {
        let clock = app.context.effects.clock
        let worker = self.worker
        let metrics = app.context.metrics
        metrics.jobRuns.increment()
        var logger = app.logger
        logger[metadataKey: "job"] = "\(job.kind) \(job.id)"
        do {
            guard let handler = handlers[job.kind] else {
                throw Abort(.internalServerError, reason: "no handler for job kind \(job.kind)")
            }
            // A job's reads (a sweep over every open request, housekeeping) run on the reader threads, where
            // they hold up no event loop; its writes still go to the writer.
            let completion = JobCompletion(jobID: job.id, worker: worker)
            let context = JobContext(
                application: app, now: clock.now(), logger: logger, attempt: job.attempts,
                maxAttempts: job.maxAttempts, completion: completion)
            try await app.db.costlyRead { _ in try await handler.run(job.payload, context) }
            // A handler that finished its work in a write of its own marked the job done there.
            if !completion.done.withLockedValue({ $0 }) {
                let done = clock.now()
                try await app.write { try await JobQueue.complete(id: job.id, worker: worker, now: done, on: $0) }
            }
        } catch {
            metrics.jobFailures.increment()
            let failedAt = clock.now()
            let retryAt = RetryPolicy(base: retry.base, cap: retry.cap, maxAttempts: job.maxAttempts)
                .delay(afterAttempts: job.attempts).map { failedAt.addingTimeInterval($0) }
            logger.warning("job failed (attempt \(job.attempts)): \(error)")
            try await app.write {
                try await JobQueue.fail(
                    id: job.id, worker: worker, error: String(describing: error), retryAt: retryAt, now: failedAt,
                    on: $0)
            }
        }
    }

    /// Starts the polling loop; it stops when the application shuts down.
    func start(_ app: Application, pollInterval: TimeInterval) {
        let task = Task { [self] in
            app.logger.info("job runner started", metadata: ["worker": "\(worker)"])
            while !Task.isCancelled {
                var ran = 0
                do {
                    try await scheduleRecurring(app)
                    await tick(app)
                    ran = try await runDue(app, limit: 64)
                } catch {
                    app.logger.error("job runner: \(error)")
                }
                if ran == 0 {
                    try? await Task.sleep(for: .milliseconds(Int(pollInterval * 1000)))
                }
            }
        }
        loop.withLockedValue { $0 = task }
    }

    func stop() async {
        let task = loop.withLockedValue { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }
}

extension JobRunner: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await stop()
    }
}

extension Application {
    private struct RunnerKey: StorageKey {
        typealias Value = JobRunner
    }

    var jobRunner: JobRunner {
        get { storage[RunnerKey.self]! }
        set { storage[RunnerKey.self] = newValue }
    }
}
