import Foundation
import FluentKit
import FluentSQL
import LiaisonCore
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Liaison's SQLite database for Fluent and SQLKit: statements run directly on `SQLiteHandle` connections, by one
/// of three routes:
///
/// - `pool`: each statement takes a connection from the pool and runs on the calling thread (reads, and the rare
///   writes outside `Writer`, such as migrations);
/// - `pinned`: a transaction or session holds one connection of the pool until it ends;
/// - `writer`: the group-commit connection, always inside the group's transaction. On the writer thread a
///   statement runs at once and its future is already complete, so awaiting it does not leave the thread; called
///   from elsewhere, the statement is sent to the writer thread.
///
/// Anywhere but on the pool's reader threads (on an event loop, on Swift's cooperative threads), a pool or pinned
/// statement waits only `SQLiteConnectionPool.briefBusyTimeout` for a lock; should the database still be busy,
/// and no row have been handed on yet, the statement runs again on a reader thread, which waits as long as it
/// takes. A thread that serves others is never blocked for long, and a transaction that holds the lock can always
/// get a thread to finish on (had the threads it needs been waiting for its lock, neither would move until the
/// wait timed out). Costly reads go to the reader threads as a whole (`Database.costlyRead`).
struct SQLiteDirectDatabase: Database, SQLDatabase {
    enum Route: Sendable {
        case pool(SQLiteConnectionPool)
        case pinned(SQLiteConnectionPool, PinnedHandle)
        case writer(SQLiteWriterThread)
    }

    /// A pool connection held by one transaction or session: one task, so one thread at a time, though not
    /// always the same thread. Debug builds check that no two threads use it at once.
    final class PinnedHandle: @unchecked Sendable {
        let handle: SQLiteHandle
        #if DEBUG
            let ownership = ThreadOwnership()
        #endif

        init(_ handle: SQLiteHandle) { self.handle = handle }

        func run(
            _ sql: String, _ binds: [SQLiteData], busyTimeout: Duration? = nil,
            _ onRow: (SQLiteResultRow) throws -> Void = { _ in }
        ) throws {
            #if DEBUG
                guard ownership.enter() else {
                    preconditionFailure("a transaction's SQLite connection used by two threads at once")
                }
                defer { ownership.leave() }
            #endif
            try handle.run(sql, binds, busyTimeout: busyTimeout, onRow)
        }
    }

    let route: Route
    let context: DatabaseContext
    let inTransaction: Bool
    /// Statements the current write leaves for the end of its group (see `runAtCommit`); the writer route only.
    let deferred: DeferredStatements?
    private let encoder = SQLiteDataEncoder()
    private let decoder = SQLiteDataDecoder()

    init(route: Route, context: DatabaseContext, inTransaction: Bool = false) {
        self.route = route
        self.context = context
        self.inTransaction = inTransaction
        if case .writer = route { deferred = DeferredStatements() } else { deferred = nil }
    }

    /// The group-commit connection, for a group of writes.
    init(thread: SQLiteWriterThread, base: any Database) {
        self.init(
            route: .writer(thread),
            context: DatabaseContext(
                configuration: base.context.configuration, logger: base.context.logger, eventLoop: thread.loop,
                history: base.context.history, pageSizeLimit: base.context.pageSizeLimit),
            inTransaction: true)
    }

    /// The writer thread, when this is the group-commit connection.
    var writerThread: SQLiteWriterThread? {
        if case .writer(let thread) = route { return thread }
        return nil
    }

    // MARK: SQLDatabase

    var dialect: any SQLDialect { SQLiteDialect() }

    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        if case .writer(let thread) = route, !thread.loop.inEventLoop {
            return thread.loop.submit { try self.perform(query, onRow) }
        }
        do {
            let statement = try prepare(query)
            if let readers = readersForBusyStatements {
                if try runWaitingBriefly(statement, onRow) { return eventLoop.makeSucceededVoidFuture() }
                return readers.submit(on: eventLoop) { try self.run(statement, onRow) }
            }
            try run(statement, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if case .writer(let thread) = route, !thread.loop.inEventLoop {
            try await thread.loop.submit { try self.perform(query, onRow) }.get()
        } else {
            try await run(try prepare(query), anywhere: onRow)
        }
    }

    /// Runs a statement already in SQLite's terms (a `FixedStatement`'s), by this database's route.
    func execute(_ statement: DeferredStatements.Statement, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        async throws
    {
        if case .writer(let thread) = route, !thread.loop.inEventLoop {
            try await thread.loop.submit { try self.run(statement, onRow) }.get()
        } else {
            try await run(statement, anywhere: onRow)
        }
    }

    /// Runs a statement here, or, when it meets a busy database away from the reader threads, on a reader thread.
    private func run(
        _ statement: DeferredStatements.Statement, anywhere onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        if let readers = readersForBusyStatements {
            if try runWaitingBriefly(statement, onRow) { return }
            try await readers.run { try self.run(statement, onRow) }
        } else {
            try run(statement, onRow)
        }
    }

    /// The reader threads, when this is a pool or pinned connection, the pool has reader threads and the calling
    /// thread is not one of them: then a statement waits only briefly for a busy database here.
    private var readersForBusyStatements: SQLiteReaderThreads? {
        guard let readers = pool?.readers, !readers.isCurrent else { return nil }
        return readers
    }

    /// The pool of a pool or pinned connection.
    var pool: SQLiteConnectionPool? {
        switch route {
        case .pool(let pool), .pinned(let pool, _): pool
        case .writer: nil
        }
    }

    /// Runs `statement` on this thread, waiting only briefly for a lock: false, with nothing handed to `onRow`,
    /// when the database stayed busy before the first row (the statement is then to run again elsewhere).
    private func runWaitingBriefly(
        _ statement: DeferredStatements.Statement, _ onRow: (any SQLRow) -> Void
    ) throws -> Bool {
        var delivered = false
        do {
            try run(statement, busyTimeout: SQLiteConnectionPool.briefBusyTimeout) { row in
                delivered = true
                onRow(row)
            }
            return true
        } catch let failure as SQLiteFailure where failure.isBusy && !delivered {
            pool?.counts.countMovedWhenBusy()
            return false
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withPinned(transaction: false) { try await closure($0) }
    }

    private func perform(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let statement = try prepare(query)
        try run(statement, onRow)
    }

    /// Runs a statement by this database's route, on the calling thread; a pool or pinned statement waits up to
    /// `busyTimeout` for a lock (by default as long as `SQLiteHandle.patientBusyTimeout`).
    func run(
        _ statement: DeferredStatements.Statement, busyTimeout: Duration? = nil,
        _ onRow: (any SQLRow) -> Void = { _ in }
    ) throws {
        let decoder = decoder
        switch route {
        case .pool(let pool):
            pool.counts.count(for: pool.readers)
            try pool.withHandle { handle in
                try handle.run(statement.sql, statement.binds, busyTimeout: busyTimeout) {
                    onRow(SQLiteDirectRow(row: $0, decoder: decoder))
                }
            }
        case .pinned(let pool, let pinned):
            pool.counts.count(for: pool.readers)
            try pinned.run(statement.sql, statement.binds, busyTimeout: busyTimeout) {
                onRow(SQLiteDirectRow(row: $0, decoder: decoder))
            }
        case .writer(let thread):
            try thread.openConnection().run(statement.sql, statement.binds) { onRow(SQLiteDirectRow(row: $0, decoder: decoder)) }
        }
    }

    private func prepare(_ query: any SQLExpression) throws -> DeferredStatements.Statement {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let binds = try serializer.binds.map { try Self.data(of: $0, encoder) }
        if logger.logLevel <= .trace {
            logger.trace("Executing query", metadata: ["sql": .string(serializer.sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        return .init(sql: serializer.sql, binds: binds)
    }

    /// Runs `body` on one connection of the pool held for it (this one when already held), in a transaction when
    /// asked and not already in one. The writer, always in its group's transaction, runs `body` on itself.
    private func withPinned<T>(transaction: Bool, _ body: @escaping @Sendable (SQLiteDirectDatabase) async throws -> T)
        async throws -> T
    {
        let pool: SQLiteConnectionPool
        let pinned: PinnedHandle
        let taken: Bool
        switch route {
        case .writer:
            return try await body(self)
        case .pinned(let held, let handle):
            (pool, pinned, taken) = (held, handle, false)
        case .pool(let source):
            (pool, pinned, taken) = (source, PinnedHandle(try source.take()), true)
        }
        defer { if taken { pool.give(pinned.handle) } }
        let database = SQLiteDirectDatabase(
            route: .pinned(pool, pinned), context: context, inTransaction: inTransaction || transaction)
        guard transaction, !inTransaction else { return try await body(database) }
        // BEGIN IMMEDIATE waits for the write lock: here only briefly, then on a reader thread.
        try await database.run(.init(sql: "BEGIN IMMEDIATE", binds: []), anywhere: { _ in })
        do {
            let result = try await body(database)
            try pinned.run("COMMIT", [])
            return result
        } catch {
            try? pinned.run("ROLLBACK", [])
            throw error
        }
    }

    /// A bound value as SQLite data: the plain types every statement binds are converted directly, exactly as
    /// `SQLiteDataEncoder` converts them (text, integer, float; UUIDs as their text; nil as NULL), without its
    /// protocol casts and nested encoder; anything else (JSON values, blobs) goes to it.
    static func data(of value: any Encodable & Sendable, _ encoder: SQLiteDataEncoder) throws -> SQLiteData {
        let type = ObjectIdentifier(Swift.type(of: value))
        switch type {
        case ObjectIdentifier(String.self): return .text(value as! String)
        case ObjectIdentifier(UUID.self): return .text(UUIDText.format(value as! UUID))
        case ObjectIdentifier(Int.self): return .integer(value as! Int)
        case ObjectIdentifier(Int64.self): return .integer(Int(value as! Int64))
        case ObjectIdentifier(Double.self): return .float(value as! Double)
        case ObjectIdentifier(Bool.self): return .integer((value as! Bool) ? 1 : 0)
        case ObjectIdentifier(Date.self): return .float((value as! Date).timeIntervalSince1970)
        case ObjectIdentifier(String?.self): return (value as! String?).map { .text($0) } ?? .null
        case ObjectIdentifier(UUID?.self): return (value as! UUID?).map { .text(UUIDText.format($0)) } ?? .null
        case ObjectIdentifier(Int?.self): return (value as! Int?).map { .integer($0) } ?? .null
        case ObjectIdentifier(Int64?.self): return (value as! Int64?).map { .integer(Int($0)) } ?? .null
        case ObjectIdentifier(Double?.self): return (value as! Double?).map { .float($0) } ?? .null
        case ObjectIdentifier(Date?.self): return (value as! Date?).map { .float($0.timeIntervalSince1970) } ?? .null
        default: return try encoder.encode(value)
        }
    }

    /// Keeps `query` (its values taken now) to run after the last write of the group, just before COMMIT, and only
    /// if the write that asked succeeded.
    func keepForCommit(_ query: any SQLExpression, row: DeferredStatements.Row) throws {
        guard let deferred else { return try perform(query, { _ in }) }
        var statement = try prepare(query)
        statement.row = row
        deferred.add(statement)
    }

    /// `keepForCommit` for a statement already in SQLite's terms.
    func keepForCommit(_ statement: DeferredStatements.Statement, row: DeferredStatements.Row) throws {
        var statement = statement
        statement.row = row
        guard let deferred else { return try run(statement) }
        deferred.add(statement)
    }


    // MARK: Database

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        var converted = SQLQueryConverter(delegate: SQLiteDirectConverterDelegate()).convert(query)
        // As FluentSQLiteDriver does: a created row hands back its identifier.
        if case .create = query.action, query.customIDKey != .some(.string("")) {
            converted = SQLKit.SQLList([converted, SQLReturning(.init((query.customIDKey ?? .id).description))], separator: SQLRaw(" "))
        }
        return execute(sql: converted) { onOutput(SQLRowOutput(row: $0, schema: nil)) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        if case .writer = route {
            return eventLoop.makeFailedFuture(
                SQLiteFailure(.error, "schema changes are made by migrations, not in a write"))
        }
        // As FluentSQLiteDriver does: SQLite alters tables only by adding (or dropping) columns; enum changes are
        // nothing to SQLite (enums are text).
        var schema = schema
        if schema.action == .update {
            schema.updateFields = schema.updateFields.filter {
                if case .dataType(_, .enum) = $0 { return false }
                return true
            }
            guard schema.createConstraints.isEmpty, schema.updateFields.isEmpty, schema.deleteConstraints.isEmpty else {
                return eventLoop.makeFailedFuture(
                    SQLiteFailure(.error, "SQLite only supports adding columns in ALTER TABLE statements."))
            }
            if schema.createFields.isEmpty, schema.deleteFields.isEmpty { return eventLoop.makeSucceededVoidFuture() }
        }
        return execute(sql: SQLSchemaConverter(delegate: SQLiteDirectConverterDelegate()).convert(schema)) { _ in }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        eventLoop.makeSucceededVoidFuture()
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        // Fluent's future-based API does not ask for a Sendable result; the value only passes from the pinned
        // connection's task back to this future, one owner at a time.
        return eventLoop.makeFutureWithTask {
            try await withPinned(transaction: true) { try await closure($0).map(UncheckedResult.init).get() }
        }.map(\.value)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await closure(self) }
        return try await withPinned(transaction: true) { try await closure($0) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if case .pool = route {
            return eventLoop.makeFutureWithTask {
                try await withPinned(transaction: false) { try await closure($0).map(UncheckedResult.init).get() }
            }.map(\.value)
        }
        return closure(self)
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await withPinned(transaction: false) { try await closure($0) }
    }
}

/// Column types as FluentSQLiteDriver names them.
private struct SQLiteDirectConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string, .enum: SQLRaw("TEXT")
        case .datetime: SQLRaw("REAL")
        case .int64: SQLRaw("INTEGER")
        default: nil
        }
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

/// A value of Fluent's future-based API handed from the task that made it to the future that returns it.
private struct UncheckedResult<Value>: @unchecked Sendable {
    let value: Value
}
