import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The communication-plan sweep, every minute: occurrences come into view, owners are reminded
/// `LIAISON_COMMUNICATION_REMINDER_HOURS` ahead, and what is not done by its due time is marked missed
/// (`CommunicationSweep`). Batches of 500, each its own write, until nothing due is left.
enum CommunicationJobs {
    static let sweep = JobHandler(kind: "communication.sweep") { _, context in
        let total = try await sweepAll(context.application, at: context.now)
        if total.reminded + total.missed > 0 {
            context.logger.info("communication sweep: \(total.reminded) reminders, \(total.missed) missed")
        }
    }

    static let recurring = RecurringJob(kind: sweep.kind, interval: 60)

    static func timing(_ config: AppConfig) -> CommunicationSweep.Timing {
        CommunicationSweep.Timing(leadTime: TimeInterval(config.communicationReminderHours) * 3_600)
    }

    static func sweepAll(_ application: Application, at now: Date) async throws -> CommunicationSweep.Result {
        let timing = timing(application.context.config)
        var total = CommunicationSweep.Result()
        // Bounded: a plan that keeps finding work (a clock far ahead) cannot hold the runner for ever.
        for _ in 0..<1_000 {
            let result = try await application.write { tx in
                try await CommunicationSweep.run(timing: timing, by: .system("communication"), at: now, on: tx)
            }
            total.rows += result.rows
            total.created += result.created
            total.reminded += result.reminded
            total.missed += result.missed
            if !result.more { break }
        }
        return total
    }
}
