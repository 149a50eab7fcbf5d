import CLiaisonSQLite
import FluentKit
import Foundation
import NIOCore
import SQLiteNIO

/// One SQLite connection driven directly through the SQLite C interface: statements run on the calling thread,
/// from prepared statements kept for reuse, and rows come back as they are stepped.
///
/// SQLiteNIO runs every statement on a thread pool and hands each result row back to an event loop: two thread
/// hand-offs per statement and one more per row. A write (a request with its message, timeline entry, search
/// document and audit entry) runs about seventeen statements and a queue page reads fifty rows, so those
/// hand-offs, not SQLite, set how fast Liaison could go on SQLite.
///
/// Not thread-safe: one thread at a time (the writer thread, or whoever took it from `SQLiteConnectionPool`).
final class SQLiteHandle {
    private var handle: OpaquePointer?
    private var statements: [String: CachedStatement] = [:]
    /// Prepared statements kept at most; past that the cache starts again (statements are cheap to prepare, the
    /// limit only bounds memory if callers build many distinct statements).
    private let cacheLimit = 512
    let path: String

    /// A prepared statement and its result columns, looked up by name.
    final class CachedStatement {
        let pointer: OpaquePointer
        let columns: SQLiteResultColumns

        init(pointer: OpaquePointer, columns: SQLiteResultColumns) {
            self.pointer = pointer
            self.columns = columns
        }
    }

    /// Opens the database file for reading and writing, with the settings every Liaison SQLite connection has:
    /// foreign keys enforced, a full sync at commit, and waiting (not failing) while another connection writes.
    /// `cacheKiB` is the page cache (the write connection keeps the pages a write touches: indexes, the search
    /// index's segments, the audit tail).
    ///
    /// With a `checkpointer`, this connection does not copy the write-ahead log back into the database itself
    /// (SQLite's automatic checkpoint would do that on the committing thread, about a third of a write's time
    /// under load): after a commit that leaves the log at the checkpointer's threshold it asks the checkpointer to.
    ///
    /// The write connection (the one with a `checkpointer`) opens the file through the VFS that gathers the
    /// log's writes until the log is synced (`liaison_sqlite_log_buffering_vfs`).
    init(path: String, cacheKiB: Int = 8192, checkpointer: SQLiteCheckpointer? = nil) throws {
        self.path = path
        var handle: OpaquePointer?
        let flags = Int32(LIAISON_SQLITE_OPEN_READWRITE | LIAISON_SQLITE_OPEN_CREATE | LIAISON_SQLITE_OPEN_URI
            | LIAISON_SQLITE_OPEN_NOMUTEX | LIAISON_SQLITE_OPEN_EXRESCODE)
        let vfs = checkpointer == nil ? nil : liaison_sqlite_log_buffering_vfs()
        let code = sqlite_nio_sqlite3_open_v2(path, &handle, flags, vfs)
        guard code == LIAISON_SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteFailure(code: code, message: "\(message) (\(path))")
        }
        self.handle = handle
        sqlite_nio_sqlite3_busy_timeout(handle, 30_000)
        // Prepared statements are kept and reused: their plans must not depend on the values bound to them.
        liaison_sqlite_keep_plans(handle)
        if let checkpointer {
            // Replaces SQLite's automatic checkpoint for this connection.
            sqlite_nio_sqlite3_wal_hook(handle, { context, _, _, frames in
                if let context {
                    Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
                        .committed(logLength: Int(frames))
                }
                return 0
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
        }
        do {
            // Takes effect only on a new, empty file (an existing file keeps its page size until a VACUUM). A write
            // changes about two dozen pages (a leaf in each index it touches), and each is written whole to the log
            // and copied back by the checkpoint: 2 KiB pages instead of SQLite's default 4 KiB halve those bytes.
            // Measured on the issue-4 benchmark: create 1,520 → 1,794 req/s, reply 1,378 → 1,592 (1 KiB pages
            // were slower again: more pages per write and deeper trees).
            try run("PRAGMA page_size = \(Self.pageSize)", [])
            try run("PRAGMA foreign_keys = ON", [])
            try run("PRAGMA synchronous = FULL", [])
            try run("PRAGMA cache_size = -\(cacheKiB)", [])
            // Each write's savepoint keeps copies of the pages it changes; in memory, not in a temporary file.
            try run("PRAGMA temp_store = MEMORY", [])
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// The page size of new database files.
    static let pageSize = 2048

    var isOpen: Bool { handle != nil }

    /// Finalises the prepared statements and closes the connection.
    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.pointer) }
        statements = [:]
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one statement with its bound values and hands each result row to `onRow`.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteResultRow) throws -> Void = { _ in }) throws {
        guard let handle else { throw SQLiteFailure(code: 21, message: "the write connection is closed") }
        let statement = try prepared(sql, on: handle)
        let pointer = statement.pointer
        defer {
            sqlite_nio_sqlite3_reset(pointer)
            sqlite_nio_sqlite3_clear_bindings(pointer)
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite_nio_sqlite3_bind_int64(pointer, index, Int64(number))
            case .float(let number): code = sqlite_nio_sqlite3_bind_double(pointer, index, number)
            case .null: code = sqlite_nio_sqlite3_bind_null(pointer, index)
            case .text(let text):
                code = liaison_sqlite_bind_text(pointer, index, text, UInt64(text.utf8.count))
            case .blob(let buffer):
                code = buffer.withUnsafeReadableBytes {
                    liaison_sqlite_bind_blob(pointer, index, $0.baseAddress, UInt64($0.count))
                }
            }
            guard code == LIAISON_SQLITE_OK else { throw error(code, handle) }
        }
        while true {
            let code = sqlite_nio_sqlite3_step(pointer)
            if code == LIAISON_SQLITE_DONE { return }
            guard code == LIAISON_SQLITE_ROW else { throw error(code, handle) }
            try onRow(SQLiteResultRow(columns: statement.columns, values: try values(of: pointer, count: statement.columns.names.count)))
        }
    }

    /// How many times SQLite prepared this kept statement again since it was first prepared (nil when it is not
    /// kept); stays 0 unless the schema changes.
    func reprepares(of sql: String) -> Int32? {
        statements[sql].map { sqlite_nio_sqlite3_stmt_status($0.pointer, 5 /* SQLITE_STMTSTATUS_REPREPARE */, 0) }
    }

    private func prepared(_ sql: String, on handle: OpaquePointer) throws -> CachedStatement {
        if let cached = statements[sql] { return cached }
        var pointer: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(LIAISON_SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == LIAISON_SQLITE_OK, let pointer else {
            if let pointer { sqlite_nio_sqlite3_finalize(pointer) }
            throw error(code, handle)
        }
        let count = sqlite_nio_sqlite3_column_count(pointer)
        let names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(pointer, $0)) }
        if statements.count >= cacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.pointer) }
            statements = [:]
        }
        let statement = CachedStatement(pointer: pointer, columns: SQLiteResultColumns(names: names))
        statements[sql] = statement
        return statement
    }

    private func values(of pointer: OpaquePointer, count: Int) throws -> [SQLiteData] {
        var values: [SQLiteData] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            switch sqlite_nio_sqlite3_column_type(pointer, column) {
            case Int32(LIAISON_SQLITE_INTEGER):
                values.append(.integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(pointer, column))))
            case Int32(LIAISON_SQLITE_FLOAT):
                values.append(.float(sqlite_nio_sqlite3_column_double(pointer, column)))
            case Int32(LIAISON_SQLITE_TEXT):
                let bytes = Int(sqlite_nio_sqlite3_column_bytes(pointer, column))
                guard let text = sqlite_nio_sqlite3_column_text(pointer, column) else {
                    throw SQLiteFailure(code: 1, message: "unexpected nil column text")
                }
                values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: bytes), as: UTF8.self)))
            case Int32(LIAISON_SQLITE_BLOB):
                let count = Int(sqlite_nio_sqlite3_column_bytes(pointer, column))
                var buffer = ByteBufferAllocator().buffer(capacity: count)
                if let bytes = sqlite_nio_sqlite3_column_blob(pointer, column) {
                    buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
                }
                values.append(.blob(buffer))
            default:
                values.append(.null)
            }
        }
        return values
    }

    private func error(_ code: Int32, _ handle: OpaquePointer) -> SQLiteFailure {
        let extended = sqlite_nio_sqlite3_extended_errcode(handle)
        let message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(code)"
        return SQLiteFailure(code: extended != 0 ? extended : code, message: message)
    }
}

/// The column names of a statement's result, shared by all its rows.
final class SQLiteResultColumns: Sendable {
    let names: [String]
    let offsets: [String: Int]

    init(names: [String]) {
        self.names = names
        self.offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One result row: values by column.
struct SQLiteResultRow: Sendable {
    let columns: SQLiteResultColumns
    let values: [SQLiteData]

    func value(_ column: String) -> SQLiteData? {
        columns.offsets[column].map { values[$0] }
    }
}

/// An error from the write connection, with SQLite's (extended) result code and message.
public struct SQLiteFailure: Error, CustomStringConvertible, DatabaseError {
    public let code: Int32
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }

    /// SQLITE_CONSTRAINT and its extended codes.
    public var isConstraintFailure: Bool { code & 0xff == 19 }
    public var isSyntaxError: Bool { code & 0xff == 1 && message.contains("syntax error") }
    public var isConnectionClosed: Bool { code == 21 }
}
