import Fluent
import LiaisonData
import Vapor

/// `liaison audit verify`: prints `OK <count>` and exits 0, or names the first broken entry and exits 1.
///
/// Besides the chain it checks the anchor file in the data folder and, with `--anchor`, a copy of an anchor kept
/// elsewhere (the `audit.anchor seq=… hash=…` log line, or a webhook's record): someone who rewrote the database and
/// the data folder cannot have rewritten that copy too.
struct AuditVerifyCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(
            name: "anchor",
            help:
                "An anchor kept elsewhere, as 'seq=1532 hash=9f86…' (the log line) or '1532:9f86…'; the trail must still hold that entry"
        )
        var anchor: String?
    }

    var help: String { "Checks the audit trail's hash chain from the first entry to the last, and its anchors." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var anchors: [(anchor: AuditAnchor, name: String?)] = []
        if let text = signature.anchor {
            guard let given = AuditAnchor(copy: text) else {
                throw CommandFailure(
                    "--anchor \(text): expected 'seq=<number> hash=<64 hex digits>' or '<number>:<64 hex digits>'")
            }
            anchors.append((given, "the anchor given (\(given.sequence):\(given.hash.prefix(12))…)"))
        }
        if let file = try app.auditAnchor.read() { anchors.append((file, nil)) }

        var verdict = try await AuditLog.verify(on: app.db)
        var culprit: (anchor: AuditAnchor, name: String?)?
        if case .intact(let count) = verdict {
            for candidate in anchors {
                if let broken = try await AuditLog.check(candidate.anchor, intactCount: count, on: app.db) {
                    verdict = broken
                    culprit = candidate
                    break
                }
            }
        }
        switch verdict {
        case .intact(let count):
            context.console.print("OK \(count)")
            // A clean check moves the anchor on (only along the same trail).
            _ = await app.auditAnchorKeeper.anchorNow()
        case .broken(let id, let reason, let checked):
            let explanation = reason.explanation(anchor: culprit?.anchor, entryID: id, anchorName: culprit?.name)
            context.console.print("BROKEN at entry \(id): \(explanation); \(checked) entries before it verified")
            app.exitCode = 1
        }
    }
}
