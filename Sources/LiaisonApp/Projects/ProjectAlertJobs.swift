import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The project alerts, every five minutes: overdue tasks tell their owner and the project's manager, slipping
/// milestones the manager, once per item (`ProjectAlerts`). Days are the organisation's. Batches of 500, each its
/// own write, until nothing is left.
enum ProjectAlertJobs {
    static let sweep = JobHandler(kind: "projects.alerts") { _, context in
        let total = try await sweepAll(context.application, at: context.now)
        if total.tasks + total.milestones > 0 {
            context.logger.info("project alerts: \(total.tasks) overdue tasks, \(total.milestones) slipping milestones")
        }
    }

    static let recurring = RecurringJob(kind: sweep.kind, interval: 300)

    static func sweepAll(_ application: Application, at now: Date) async throws -> ProjectAlerts.Result {
        let zone = TimeZone(identifier: application.context.config.defaultTimeZone) ?? .gmt
        let today = LocalDate.of(now, in: zone)
        var total = ProjectAlerts.Result()
        for _ in 0..<1_000 {
            let result = try await application.write { tx in
                try await ProjectAlerts.run(today: today, now: now, on: tx)
            }
            total.tasks += result.tasks
            total.milestones += result.milestones
            if !result.more { break }
        }
        return total
    }
}
