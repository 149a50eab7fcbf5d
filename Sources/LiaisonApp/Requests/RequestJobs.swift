import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The SLA escalation sweep as a recurring job, and on the command line.
enum RequestJobs {
    static let sweep = JobHandler(kind: "sla.sweep") { _, context in
        let total = try await sweepAll(context.application, at: context.now)
        if total.warnings + total.breaches > 0 {
            context.logger.info("SLA sweep: \(total.warnings) warnings, \(total.breaches) breaches")
        }
    }

    /// Works through every open request whose next SLA event is due, in batches, each its own transaction.
    static func sweepAll(_ application: Application, at now: Date) async throws -> SLASweep.Result {
        let settings = application.context.config.requestSettings
        var total = SLASweep.Result()
        let batch = 500
        while true {
            let result = try await application.write { tx in
                try await SLASweep.run(settings: settings, by: .system("sla"), at: now, batch: batch, on: tx)
            }
            total.examined += result.examined
            total.warnings += result.warnings
            total.breaches += result.breaches
            if result.examined < batch { return total }
        }
    }
}

/// `liaison sla sweep [--at RFC3339]`: runs the escalation sweep once, now (or as of a moment), and reports.
struct SLASweepCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "at", help: "Sweep as of this moment (RFC 3339) instead of now")
        var at: String?
    }

    var help: String { "Runs the SLA escalation sweep once and prints what it did." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        var now = Date()
        if let text = signature.at {
            guard let parsed = RFC3339.parse(text) else {
                throw CommandFailure("--at: \(text) is not an RFC 3339 time, e.g. 2026-10-08T09:00:00+08:00", exitCode: 2)
            }
            now = parsed
        }
        let started = ContinuousClock.now
        let result = try await RequestJobs.sweepAll(context.application, at: now)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.console.print(
            "examined \(result.examined), warnings \(result.warnings), breaches \(result.breaches) in \(String(format: "%.1f", ms)) ms")
    }
}
