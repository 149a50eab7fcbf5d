import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A job handed to a worker: it runs the job and then reports `complete` or `fail`.
public struct ClaimedJob: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var payload: String
    public var attempts: Int
    public var maxAttempts: Int
}

public enum JobStatus: String, Sendable, CaseIterable {
    case queued, running, succeeded, failed
}

/// The `jobs` table: durable background work, claimed by workers with a lease so that a crash loses nothing.
public enum JobQueue {
    /// Adds a job. With a `uniqueKey`, a second job of the same kind and key is silently not added, which makes
    /// scheduling idempotent across restarts and nodes. Returns whether a job was added.
    @discardableResult
    public static func enqueue(
        kind: String, payload: String = "{}", runAt: Date, uniqueKey: String? = nil, maxAttempts: Int = 8,
        now: Date, on db: any Database
    ) async throws -> Bool {
        let sql = db.sql
        let inserted = try await sql.insert(into: JobModel.schema)
            .columns(
                "id", "kind", "payload", "unique_key", "status", "attempts", "max_attempts", "run_at_ms",
                "created_at_ms"
            )
            .values(
                SQLBind(UUID.timeOrdered()), SQLBind(kind), SQLBind(payload), SQLBind(uniqueKey),
                SQLBind(JobStatus.queued.rawValue), SQLBind(0), SQLBind(maxAttempts),
                SQLBind(AuditContent.millis(runAt)), SQLBind(AuditContent.millis(now))
            )
            .ignoringConflicts(with: ["kind", "unique_key"])
            .returning("id")
            .all()
        return !inserted.isEmpty
    }

    /// Claims up to `limit` due jobs for `worker`, and jobs whose worker's lease ran out (it crashed or stopped).
    /// On PostgreSQL concurrent claimers skip each other's rows; on SQLite the caller holds the write lock.
    public static func claim(
        worker: String, now: Date, lease: TimeInterval, limit: Int, on db: any Database
    ) async throws -> [ClaimedJob] {
        let sql = db.sql
        let nowMillis = AuditContent.millis(now)
        let leaseEnd = AuditContent.millis(now.addingTimeInterval(lease))
        let lock: SQLQueryString = Engine(db) == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw(
            """
            UPDATE jobs SET status = 'running', locked_by = \(bind: worker), locked_until_ms = \(bind: leaseEnd),
                attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM jobs
                WHERE (status = 'queued' AND run_at_ms <= \(bind: nowMillis))
                   OR (status = 'running' AND locked_until_ms < \(bind: nowMillis))
                ORDER BY run_at_ms LIMIT \(bind: limit)\(lock)
            )
            RETURNING id, kind, payload, attempts, max_attempts
            """
        ).all(decoding: Row.self)
        return rows.map {
            ClaimedJob(id: $0.id, kind: $0.kind, payload: $0.payload, attempts: $0.attempts, maxAttempts: $0.max_attempts)
        }
    }

    public static func complete(id: UUID, worker: String, now: Date, on db: any Database) async throws {
        try await JobModel.query(on: db).filter(\.$id == id).filter(\.$lockedBy == worker)
            .set(\.$status, to: JobStatus.succeeded.rawValue).set(\.$finishedAtMillis, to: AuditContent.millis(now))
            .set(\.$lockedBy, to: nil).set(\.$lockedUntilMillis, to: nil).set(\.$lastError, to: nil).update()
    }

    /// Records a failure: the job runs again at `retryAt`, or, with no retry left, stays failed for a person to see.
    public static func fail(
        id: UUID, worker: String, error: String, retryAt: Date?, now: Date, on db: any Database
    ) async throws {
        let query = JobModel.query(on: db).filter(\.$id == id).filter(\.$lockedBy == worker)
            .set(\.$lastError, to: String(error.prefix(2000))).set(\.$lockedBy, to: nil)
            .set(\.$lockedUntilMillis, to: nil)
        if let retryAt {
            query.set(\.$status, to: JobStatus.queued.rawValue).set(\.$runAtMillis, to: AuditContent.millis(retryAt))
        } else {
            query.set(\.$status, to: JobStatus.failed.rawValue).set(\.$finishedAtMillis, to: AuditContent.millis(now))
        }
        try await query.update()
    }

    public static func counts(on db: any Database) async throws -> [JobStatus: Int] {
        let rows = try await db.sql.raw("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
            .all(decoding: CountRow.self)
        var result = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        for row in rows {
            if let status = JobStatus(rawValue: row.status) { result[status] = row.n }
        }
        return result
    }

    /// Deletes finished jobs older than `before`; returns how many.
    public static func purge(finishedBefore before: Date, on db: any Database) async throws -> Int {
        let cutoff = AuditContent.millis(before)
        let query = JobModel.query(on: db).filter(\.$status == JobStatus.succeeded.rawValue)
            .filter(\.$finishedAtMillis < cutoff)
        let count = try await query.count()
        if count > 0 {
            try await JobModel.query(on: db).filter(\.$status == JobStatus.succeeded.rawValue)
                .filter(\.$finishedAtMillis < cutoff).delete()
        }
        return count
    }

    /// A job's state, for tests and the operations page.
    public static func find(kind: String, uniqueKey: String, on db: any Database) async throws
        -> (status: JobStatus, attempts: Int, lastError: String?)?
    {
        guard let model = try await JobModel.query(on: db).filter(\.$kind == kind).filter(\.$uniqueKey == uniqueKey)
            .first()
        else { return nil }
        return (JobStatus(rawValue: model.status) ?? .failed, model.attempts, model.lastError)
    }

    private struct Row: Decodable {
        var id: UUID
        var kind: String
        var payload: String
        var attempts: Int
        var max_attempts: Int
    }

    private struct CountRow: Decodable {
        var status: String
        var n: Int
    }
}
