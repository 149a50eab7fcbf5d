import Foundation
import SQLiteNIO
import SQLKit

/// Statements a write leaves for the end of its group: full-text index entries. SQLite's FTS5 writes its pending
/// entries out as a new index segment whenever a savepoint ends, so with one savepoint per write each write cost a
/// segment of its own (and the merging of many small segments); gathered at the end of the group, the group's
/// entries make one segment. The entries still commit in the same transaction as the rows they index.
final class DeferredStatements: @unchecked Sendable {
    struct Statement: Sendable {
        var sql: String
        var binds: [SQLiteData]
        /// The row the statement changes, for ordering a group's statements (see `ordered`).
        var row: Row?
    }

    /// A row of a table.
    struct Row: Sendable, Equatable {
        var table: String
        var id: Int64
    }

    /// Touched only on the writer thread.
    private var statements: [Statement] = []

    func add(_ statement: Statement) {
        statements.append(statement)
    }

    /// The statements kept since the last call.
    func take() -> [Statement] {
        defer { statements = [] }
        return statements
    }

    /// A group's statements in the order to run them: table by table, by row id ascending; statements on the same
    /// row keep their order (statements without a row come first, in their order).
    ///
    /// FTS5 gathers a transaction's new entries in memory and writes them out as one new segment at COMMIT, but
    /// only while the row ids come in ascending order: a smaller row id than the last one writes a segment out on
    /// the spot. Replies touch requests at random, so, unsorted, a group of eight wrote about four segments per
    /// index, each to be merged again later.
    static func ordered(_ statements: [Statement]) -> [Statement] {
        guard statements.count > 1 else { return statements }
        return statements.enumerated().sorted { left, right in
            switch (left.element.row, right.element.row) {
            case let (a?, b?) where a != b:
                return a.table != b.table ? a.table < b.table : a.id < b.id
            case (nil, _?): return true
            case (_?, nil): return false
            default: return left.offset < right.offset
            }
        }.map(\.element)
    }
}

extension SQLDatabase {
    /// Runs `query` now; or, on the SQLite group-commit connection, just before the group's COMMIT and only if the
    /// write succeeded (see `DeferredStatements`). For statements nothing in the same write reads back.
    func runAtCommit(_ query: SQLQueryString, table: String, rowID: Int64) async throws {
        if let database = self as? SQLiteDirectDatabase, let thread = database.writerThread, thread.loop.inEventLoop {
            try database.keepForCommit(query, row: .init(table: table, id: rowID))
        } else {
            try await raw(query).run()
        }
    }
}

extension SQLDatabase {
    /// `runAtCommit` for a fixed statement.
    func runAtCommit(_ statement: FixedStatement, _ values: [SQLValue], table: String, rowID: Int64) async throws {
        guard let database = self as? SQLiteDirectDatabase else {
            return try await execute(sql: statement.expression(values)) { _ in }
        }
        let prepared = DeferredStatements.Statement(sql: statement.text, binds: values.map(\.sqlite))
        if let thread = database.writerThread, thread.loop.inEventLoop {
            try database.keepForCommit(prepared, row: .init(table: table, id: rowID))
        } else {
            try await database.execute(prepared) { _ in }
        }
    }
}
