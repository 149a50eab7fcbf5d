import LiaisonData
import Vapor

/// `liaison audit verify`: prints `OK <count>` and exits 0, or names the first broken entry and exits 1.
struct AuditVerifyCommand: LiaisonCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks the audit trail's hash chain from the first entry to the last." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        switch try await AuditLog.verify(on: context.application.db) {
        case .intact(let count):
            context.console.print("OK \(count)")
        case .broken(let id, let reason, let checked):
            let why = switch reason {
            case .hashMismatch: "its content does not match its hash (the entry was altered)"
            case .previousHashMismatch: "it does not link to the entry before it (an earlier entry was altered or removed)"
            case .missingEntry: "entries before it are missing (deleted)"
            }
            context.console.print("BROKEN at entry \(id): \(why); \(checked) entries before it verified")
            context.application.exitCode = 1
        }
    }
}
