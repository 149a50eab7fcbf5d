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
                    .sessionsExpired, recordType: .session, recordID: nil, changes: changes, by: .system("jobs"),
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

    /// Moves the audit anchor to the trail's last entry, unless the trail lost or changed the anchored entry. Every
    /// commit moves it already (`AuditAnchorKeeper`); this catches changes made by other processes.
    static let anchorAudit = JobHandler(kind: "audit.anchor") { _, context in
        _ = await context.application.auditAnchorKeeper.anchorNow()
    }

    static let handlers = [expireSessions, purgeJobs, anchorAudit]

    static let recurring = [
        RecurringJob(kind: expireSessions.kind, interval: 600),
        RecurringJob(kind: purgeJobs.kind, interval: 86_400),
        RecurringJob(kind: anchorAudit.kind, interval: 300),
    ]
}
