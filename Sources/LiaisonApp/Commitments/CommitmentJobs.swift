import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The follow-up sweep (`commitments.sweep`), every five minutes: commitments' reminders and breaches
/// (`CommitmentSweep`, batches of 500, each its own write, until nothing due is left), then the nudges
/// (`NudgeSweep`, one write). Times are shown on the organisation's clock.
enum CommitmentJobs {
    static let sweep = JobHandler(kind: "commitments.sweep") { _, context in
        let (commitments, nudges) = try await sweepAll(context.application, at: context.now)
        if commitments.reminded + commitments.breached + nudges.sent > 0 {
            context.logger.info(
                "follow-ups: \(commitments.reminded) reminded, \(commitments.breached) breached, \(nudges.sent) nudges")
        }
    }

    static let recurring = RecurringJob(kind: sweep.kind, interval: 300)

    static func sweepAll(_ application: Application, at now: Date) async throws
        -> (CommitmentSweep.Result, NudgeSweep.Result)
    {
        let zone = TimeZone(identifier: application.context.config.defaultTimeZone) ?? .gmt
        let settings = try await SettingsStore.read(on: application.db).followUp
        var total = CommitmentSweep.Result()
        // Bounded: a sweep that keeps finding work cannot hold the runner for ever.
        for _ in 0..<1_000 {
            let result = try await application.write { tx in
                try await CommitmentSweep.run(
                    leadHours: settings.reminderHours, zone: zone, by: .system("commitments"), at: now, on: tx)
            }
            total.checked += result.checked
            total.reminded += result.reminded
            total.breached += result.breached
            if !result.more { break }
        }
        let nudges = try await application.write { tx in
            try await NudgeSweep.run(settings: settings, zone: zone, at: now, on: tx)
        }
        return (total, nudges)
    }
}
