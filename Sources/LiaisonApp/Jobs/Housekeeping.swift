import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The system's own upkeep: expired sessions removed, old finished jobs purged.
enum Housekeeping {
    static let expireSessions = JobHandler(kind: "sessions.expire") { _, context in
        let now = context.now
        let removed = try await context.application.write { tx in
            let count = try await SessionStore.expire(now: now, on: tx)
            if count > 0 {
                var changes = AuditChanges()
                changes.note("count", String(count))
                try await AuditLog.append(
                    .sessionsExpired, recordType: "session", recordID: nil, changes: changes, by: .system("jobs"),
                    at: now, on: tx)
            }
            return count
        }
        if removed > 0 { context.logger.info("expired \(removed) sessions") }
    }

    static let purgeJobs = JobHandler(kind: "jobs.purge") { _, context in
        let cutoff = context.now.addingTimeInterval(-7 * 86_400)
        _ = try await context.application.write { tx in try await JobQueue.purge(finishedBefore: cutoff, on: tx) }
    }

    /// Moves the audit anchor to the trail's last entry, unless the trail lost or changed the anchored entry.
    static let anchorAudit = JobHandler(kind: "audit.anchor") { _, context in
        switch try await context.application.auditAnchor.advance(at: context.now, on: context.application.db) {
        case .recorded, .unchanged:
            break
        case .refused(let anchor):
            context.logger.critical(
                "The audit trail no longer holds entry \(anchor.sequence) as the audit anchor recorded it: run `liaison audit verify` (if the database was restored or replaced on purpose, move audit-anchor.json in the data folder aside)"
            )
        }
    }

    static let handlers = [expireSessions, purgeJobs, anchorAudit]

    static let recurring = [
        RecurringJob(kind: expireSessions.kind, interval: 600),
        RecurringJob(kind: purgeJobs.kind, interval: 86_400),
        RecurringJob(kind: anchorAudit.kind, interval: 300),
    ]
}
