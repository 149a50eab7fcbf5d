import FluentKit
import SQLKit

/// Mail from an unknown sender opens a request that has no customer yet (until someone links it to one or creates
/// the customer from it), and its attachments belong to no customer meanwhile: `requests.customer_id` and
/// `attachments.customer_id` may be null.
///
/// PostgreSQL drops the constraints. SQLite cannot alter a column, and copying the requests table (a million rows
/// and their indexes) is not needed to drop a NOT NULL: SQLite's documented way for changes that leave the stored
/// rows as they are is to edit the table's definition in `sqlite_schema` and bump the schema version, in one
/// transaction (https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes").
struct AllowRequestsWithoutCustomer: AsyncMigration {
    /// The column definitions as Fluent wrote them (migrations 013 and 018), and as they become.
    static let columns = [
        ("requests", #""customer_id" UUID NOT NULL REFERENCES"#, #""customer_id" UUID REFERENCES"#),
        ("attachments", #""customer_id" UUID NOT NULL REFERENCES"#, #""customer_id" UUID REFERENCES"#),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE requests ALTER COLUMN customer_id DROP NOT NULL").run()
            try await sql.raw("ALTER TABLE attachments ALTER COLUMN customer_id DROP NOT NULL").run()
            return
        }
        try await database.transaction { tx in try await rewrite(Self.columns, on: tx.sql) }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DELETE FROM requests WHERE customer_id IS NULL").run()
        try await sql.raw("DELETE FROM attachments WHERE customer_id IS NULL").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE requests ALTER COLUMN customer_id SET NOT NULL").run()
            try await sql.raw("ALTER TABLE attachments ALTER COLUMN customer_id SET NOT NULL").run()
            return
        }
        try await database.transaction { tx in
            try await rewrite(Self.columns.map { ($0.0, $0.2, $0.1) }, on: tx.sql)
        }
    }

    private struct SchemaRow: Decodable {
        var sql: String
    }

    private struct VersionRow: Decodable {
        var schema_version: Int
    }

    private func rewrite(_ changes: [(String, String, String)], on sql: any SQLDatabase) async throws {
        guard let version = try await sql.raw("PRAGMA schema_version").first(decoding: VersionRow.self) else {
            throw MigrationFailure("no schema version")
        }
        try await sql.raw("PRAGMA writable_schema = ON").run()
        for (table, from, to) in changes {
            guard let row = try await sql.raw(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = \(bind: table)"
            ).first(decoding: SchemaRow.self), row.sql.contains(from) else {
                try await sql.raw("PRAGMA writable_schema = OFF").run()
                throw MigrationFailure("\(table): its definition does not hold \(from)")
            }
            let rewritten = row.sql.replacingOccurrences(of: from, with: to)
            try await sql.raw(
                "UPDATE sqlite_schema SET sql = \(bind: rewritten) WHERE type = 'table' AND name = \(bind: table)"
            ).run()
        }
        try await sql.raw("PRAGMA schema_version = \(unsafeRaw: String(version.schema_version + 1))").run()
        try await sql.raw("PRAGMA writable_schema = OFF").run()
        let check = try await sql.raw("PRAGMA quick_check").all()
        guard check.count == 1, (try? check[0].decode(column: "quick_check", as: String.self)) == "ok" else {
            throw MigrationFailure("quick_check failed after rewriting the schema")
        }
    }
}

struct MigrationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
