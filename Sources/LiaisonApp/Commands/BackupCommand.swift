import Fluent
import Foundation
import LiaisonData
import SQLKit
import Vapor

/// `liaison backup --to FILE`: a consistent copy of the SQLite database, taken while the server runs.
/// PostgreSQL installations back up with `pg_dump` instead.
struct BackupCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "Path of the backup file to write (must not exist)") var to: String?
    }

    var help: String { "Writes a consistent copy of the SQLite database." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard Engine(app.db) == .sqlite else {
            throw CommandFailure("This installation uses PostgreSQL: back it up with pg_dump (see docs/admin-guide.md).")
        }
        guard let target = signature.to, !target.isEmpty else { throw CommandFailure("--to FILE is required") }
        guard !FileManager.default.fileExists(atPath: target) else {
            throw CommandFailure("\(target) exists already; choose a new file name")
        }
        try await app.db.sql.raw("VACUUM INTO \(bind: target)").run()
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        context.console.print("Backup written to \(target) (\(size) bytes)")
    }
}
