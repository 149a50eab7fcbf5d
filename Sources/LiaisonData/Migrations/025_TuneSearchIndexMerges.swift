import FluentKit
import SQLKit

/// SQLite: the full-text indexes no longer rewrite a whole level of segments because a tenth of its entries were
/// replaced.
///
/// The indexes are contentless with deletes (`contentless_delete=1`): a request's reply replaces its entry, which
/// leaves a tombstone in the older segment that held it. By default FTS5 merges a level as soon as 10% of its
/// entries are tombstones ('deletemerge'), and on the large, old levels that is one transaction rewriting
/// megabytes: under a load of replies it was the worst tail (p99 63 ms against 38 ms without, same load). With it
/// off, replaced entries are dropped when their segments take part in the regular merges, as FTS5 does for tables
/// with content; searches skip them meanwhile.
struct TuneSearchIndexMerges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard Engine(database) == .sqlite else { return }
        let sql = database.sql
        for table in ["search_trigram", "search_bigram"] {
            try await sql.raw("INSERT INTO \(ident: table) (\(ident: table), rank) VALUES ('deletemerge', 0)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard Engine(database) == .sqlite else { return }
        let sql = database.sql
        for table in ["search_trigram", "search_bigram"] {
            try await sql.raw("INSERT INTO \(ident: table) (\(ident: table), rank) VALUES ('deletemerge', 10)").run()
        }
    }
}
