import FluentKit
import FluentSQL
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The write connection seen as a Fluent `Database` and an SQLKit `SQLDatabase`, so a write's code is the same
/// whichever connection runs it. It is always inside the group's transaction.
///
/// On the writer thread a statement runs at once and its future is already complete, so awaiting it does not
/// leave the thread; called from elsewhere, the statement is sent to the writer thread.
struct SQLiteWriteDatabase: Database, SQLDatabase {
    let thread: SQLiteWriterThread
    let context: DatabaseContext
    /// Statements the current write leaves for the end of its group (see `runAtCommit`).
    let deferred = DeferredStatements()
    private let encoder = SQLiteDataEncoder()
    private let decoder = SQLiteDataDecoder()

    init(thread: SQLiteWriterThread, base: any Database) {
        self.thread = thread
        context = DatabaseContext(
            configuration: base.context.configuration, logger: base.context.logger, eventLoop: thread.loop,
            history: base.context.history, pageSizeLimit: base.context.pageSizeLimit)
    }

    var inTransaction: Bool { true }

    // MARK: SQLDatabase

    var dialect: any SQLDialect { SQLiteDialect() }

    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        guard thread.loop.inEventLoop else {
            return thread.loop.submit { try self.perform(query, onRow) }
        }
        do {
            try perform(query, onRow)
            return thread.loop.makeSucceededVoidFuture()
        } catch {
            return thread.loop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if thread.loop.inEventLoop {
            try perform(query, onRow)
        } else {
            try await thread.loop.submit { try self.perform(query, onRow) }.get()
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private func perform(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let statement = try prepare(query)
        let decoder = decoder
        try thread.openConnection().run(statement.sql, statement.binds) { onRow(SQLiteWriteRow(row: $0, decoder: decoder)) }
    }

    private func prepare(_ query: any SQLExpression) throws -> DeferredStatements.Statement {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let binds = try serializer.binds.map { try encoder.encode($0) }
        if logger.logLevel <= .trace {
            logger.trace("Executing query", metadata: ["sql": .string(serializer.sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        return .init(sql: serializer.sql, binds: binds)
    }

    /// Keeps `query` (its values taken now) to run after the last write of the group, just before COMMIT, and only
    /// if the write that asked succeeded.
    func keepForCommit(_ query: any SQLExpression) throws {
        deferred.add(try prepare(query))
    }

    /// Runs a kept statement; on the writer thread only.
    func run(_ statement: DeferredStatements.Statement) throws {
        try thread.openConnection().run(statement.sql, statement.binds)
    }

    // MARK: Database

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        var converted = SQLQueryConverter(delegate: SQLiteWriteConverterDelegate()).convert(query)
        // As FluentSQLiteDriver does: a created row hands back its identifier.
        if case .create = query.action, query.customIDKey != .some(.string("")) {
            converted = SQLKit.SQLList([converted, SQLReturning(.init((query.customIDKey ?? .id).description))], separator: SQLRaw(" "))
        }
        return execute(sql: converted) { onOutput(SQLRowOutput(row: $0, schema: nil)) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        thread.loop.makeFailedFuture(SQLiteWriteError(code: 1, message: "schema changes are made by migrations, not in a write"))
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        thread.loop.makeSucceededVoidFuture()
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await closure(self)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await closure(self)
    }
}

/// Statements a write leaves for the end of its group: full-text index entries. SQLite's FTS5 writes its pending
/// entries out as a new index segment whenever a savepoint ends, so with one savepoint per write each write cost a
/// segment of its own (and the merging of many small segments); gathered at the end of the group, the group's
/// entries make one segment. The entries still commit in the same transaction as the rows they index.
final class DeferredStatements: @unchecked Sendable {
    struct Statement: Sendable {
        var sql: String
        var binds: [SQLiteData]
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
}

extension SQLDatabase {
    /// Runs `query` now; or, on the SQLite group-commit connection, just before the group's COMMIT and only if the
    /// write succeeded (see `DeferredStatements`). For statements nothing in the same write reads back.
    func runAtCommit(_ query: SQLQueryString) async throws {
        if let database = self as? SQLiteWriteDatabase, database.thread.loop.inEventLoop {
            try database.keepForCommit(query)
        } else {
            try await raw(query).run()
        }
    }
}

/// Column types as FluentSQLiteDriver names them.
private struct SQLiteWriteConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string, .enum: SQLRaw("TEXT")
        case .datetime: SQLRaw("REAL")
        case .int64: SQLRaw("INTEGER")
        default: nil
        }
    }
}

/// A result row of the write connection for SQLKit.
struct SQLiteWriteRow: SQLRow {
    let row: SQLiteResultRow
    let decoder: SQLiteDataDecoder

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "no column \(column) in the result" }
    }

    var allColumns: [String] { row.columns.names }

    func contains(column: String) -> Bool {
        row.columns.offsets[column] != nil
    }

    func decodeNil(column: String) throws -> Bool {
        (row.value(column) ?? .null) == .null
    }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let data = row.value(column) else { throw MissingColumn(column: column) }
        return try decoder.decode(D.self, from: data)
    }
}

/// A result row for Fluent's models: fields by key, prefixed by the schema when Fluent asks for one (joins).
private struct SQLRowOutput: DatabaseOutput {
    let row: any SQLRow
    let schema: String?

    var description: String { String(describing: row) }

    private func column(_ key: FieldKey) -> String {
        (schema.map { .prefix(.prefix(.string($0), "_"), key) } ?? key).description
    }

    func schema(_ schema: String) -> any DatabaseOutput {
        SQLRowOutput(row: row, schema: schema)
    }

    func contains(_ key: FieldKey) -> Bool {
        row.contains(column: column(key))
    }

    func decodeNil(_ key: FieldKey) throws -> Bool {
        try row.decodeNil(column: column(key))
    }

    func decode<T: Decodable>(_ key: FieldKey, as: T.Type) throws -> T {
        try row.decode(column: column(key), as: T.self)
    }
}
