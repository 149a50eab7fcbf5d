import FluentKit
import SQLKit

/// Settings an SQLite file needs for durability: write-ahead logging (persistent in the file) and full sync.
public enum SQLiteSetup {
    /// Puts the file in WAL mode and reports the journal mode and sync level the connection ended with.
    public static func prepare(_ db: any Database) async throws -> (journalMode: String, synchronous: Int) {
        guard Engine(db) == .sqlite, let sql = db as? any SQLDatabase else { return ("n/a", -1) }
        let mode = try await sql.raw("PRAGMA journal_mode=WAL").first(decoding: JournalMode.self)
        try await sql.raw("PRAGMA synchronous=FULL").run()
        let sync = try await sql.raw("PRAGMA synchronous").first(decoding: Synchronous.self)
        return (mode?.journal_mode ?? "unknown", sync?.synchronous ?? -1)
    }

    private struct JournalMode: Decodable { var journal_mode: String }
    private struct Synchronous: Decodable { var synchronous: Int }
}
