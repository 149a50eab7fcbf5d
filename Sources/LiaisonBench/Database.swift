import Foundation
import SQLiteNIO

/// Bulk writes through one SQLiteNIO connection: multi-row INSERT statements with bound parameters.
struct BulkDB: Sendable {
    let connection: SQLiteConnection

    /// Runs a statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await connection.query(sql, binds)
    }

    func exec(_ sql: String) async throws {
        try await connection.query(sql, []) { _ in }
    }

    /// Inserts rows given as one flat list of values (`columns.count` per row), `rowsPerStatement` at a time.
    func insert(
        _ table: String, _ columns: [String], _ values: [SQLiteData], rowsPerStatement: Int = 400
    ) async throws {
        let width = columns.count
        precondition(values.count % width == 0, "\(table): \(values.count) values for \(width) columns")
        let rows = values.count / width
        guard rows > 0 else { return }
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        var fullSQL: String?
        var start = 0
        while start < rows {
            let count = min(rowsPerStatement, rows - start)
            let sql: String
            if count == rowsPerStatement, let cached = fullSQL {
                sql = cached
            } else {
                sql = head + Array(repeating: tuple, count: count).joined(separator: ",")
                if count == rowsPerStatement { fullSQL = sql }
            }
            let slice = Array(values[(start * width)..<((start + count) * width)])
            try await connection.query(sql, slice) { _ in }
            start += count
        }
    }

    /// Column names, NOT NULL flags and defaults of a table, to check the generator against the real schema.
    func columns(of table: String) async throws -> [(name: String, notNull: Bool, hasDefault: Bool, primaryKey: Bool)] {
        try await query("PRAGMA table_info(\(table))").map { row in
            (
                row.column("name")?.string ?? "",
                (row.column("notnull")?.integer ?? 0) != 0,
                !(row.column("dflt_value")?.isNull ?? true),
                (row.column("pk")?.integer ?? 0) != 0
            )
        }
    }
}

extension SQLiteData {
    static func text(_ uuid: UUID) -> SQLiteData { .text(uuid.uuidString) }
    static func date(_ seconds: Double) -> SQLiteData { .float(seconds) }
    static func optionalText(_ text: String?) -> SQLiteData { text.map { .text($0) } ?? .null }
}
