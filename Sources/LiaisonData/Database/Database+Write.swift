import FluentKit
import SQLKit

/// How a database engine is told apart at run time.
public enum Engine: String, Sendable {
    case sqlite
    case postgres

    public init(_ db: any Database) {
        self = (db as? any SQLDatabase)?.dialect.name == "postgresql" ? .postgres : .sqlite
    }
}

/// The one way to change data: a transaction in which the change and its audit entries commit together.
public struct Writer: Sendable {
    public let gate: WriteGate

    public init(gate: WriteGate = WriteGate()) {
        self.gate = gate
    }

    /// Runs `body` in a transaction. On SQLite the transaction starts `IMMEDIATE` (it takes the write lock at once,
    /// so it cannot deadlock upgrading from a read) and writers in this process queue in the gate; on PostgreSQL
    /// writers run concurrently and serialise only where they must (the audit chain's advisory lock).
    public func write<T: Sendable>(
        on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        switch Engine(db) {
        case .postgres:
            return try await db.transaction(body)
        case .sqlite:
            await gate.acquire()
            do {
                let result = try await db.withConnection { connection in
                    let sql = connection as! any SQLDatabase
                    // Per connection and cheap; the compiled-in default is already FULL, this keeps it so.
                    try await sql.raw("PRAGMA synchronous=FULL").run()
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    do {
                        let result = try await body(connection)
                        try await sql.raw("COMMIT").run()
                        return result
                    } catch {
                        try? await sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
                await gate.release()
                return result
            } catch {
                await gate.release()
                throw error
            }
        }
    }
}
