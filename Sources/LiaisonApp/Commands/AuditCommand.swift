import LiaisonData
import Vapor

/// `liaison audit verify`: prints `OK <count>` and exits 0, or names the first broken entry and exits 1.
struct AuditVerifyCommand: LiaisonCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks the audit trail's hash chain from the first entry to the last." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let anchor = try app.auditAnchor.read()
        switch try await AuditLog.verify(on: app.db, anchor: anchor) {
        case .intact(let count):
            context.console.print("OK \(count)")
            // A clean check moves the anchor on (only along the same trail).
            _ = try await app.auditAnchor.advance(at: app.context.effects.clock.now(), on: app.db)
        case .broken(let id, let reason, let checked):
            context.console.print(
                "BROKEN at entry \(id): \(reason.explanation(anchor: anchor)); \(checked) entries before it verified")
            app.exitCode = 1
        }
    }
}
