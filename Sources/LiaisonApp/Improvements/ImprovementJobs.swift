import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The improvement reminder sweep (`improvement.remind`), every five minutes: owners are told once the day before
/// an action is due and once when it is overdue, on the organisation's clock (`ImprovementSweep`). Batches of 500,
/// each its own write, until nothing due is left.
enum ImprovementJobs {
    static let remind = JobHandler(kind: "improvement.remind") { _, context in
        let total = try await remindAll(context.application, at: context.now)
        if total.dueSoon + total.overdue > 0 {
            context.logger.info("improvement reminders: \(total.dueSoon) due tomorrow, \(total.overdue) overdue")
        }
    }

    static let recurring = RecurringJob(kind: remind.kind, interval: 300)

    static func remindAll(_ application: Application, at now: Date) async throws -> ImprovementSweep.Result {
        let zone = TimeZone(identifier: application.context.config.defaultTimeZone) ?? .gmt
        var total = ImprovementSweep.Result()
        // Bounded: a sweep that keeps finding work cannot hold the runner for ever.
        for _ in 0..<1_000 {
            let result = try await application.write { tx in
                try await ImprovementSweep.run(zone: zone, by: .system("improvement"), at: now, on: tx)
            }
            total.checked += result.checked
            total.dueSoon += result.dueSoon
            total.overdue += result.overdue
            if !result.more { break }
        }
        return total
    }
}
