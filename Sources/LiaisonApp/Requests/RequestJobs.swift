import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The SLA escalation sweep as a recurring job.
enum RequestJobs {
    static let sweep = JobHandler(kind: "sla.sweep") { _, context in
        let config = context.application.context.config
        let settings = RequestSettings(warnShare: Double(config.slaWarnPercent) / 100)
        let now = context.now
        var total = SLASweep.Result()
        // Work through everything due in batches, each its own transaction.
        while true {
            let result = try await context.application.write { tx in
                try await SLASweep.run(settings: settings, by: .system("sla"), at: now, on: tx)
            }
            total.examined += result.examined
            total.warnings += result.warnings
            total.breaches += result.breaches
            if result.examined < 500 { break }
        }
        if total.warnings + total.breaches > 0 {
            context.logger.info("SLA sweep: \(total.warnings) warnings, \(total.breaches) breaches")
        }
    }
}
