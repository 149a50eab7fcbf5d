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
    #if DEBUG
        let ownership = ThreadOwnership()
    #endif

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
    /// log's writes until the log is synced (`liaison_sqlite_log_buffering_vfs`). That is only correct when
    /// SQLite syncs the log at every commit: other connections learn of a commit from the shared-memory index
    /// as soon as it is made and read its frames from the file, so the frames must have reached the file by
    /// then, and the VFS passes them on when the log is synced. With `synchronous=NORMAL` or `OFF` a commit does
    /// not sync the log in WAL mode, so the write connection reads the setting back and refuses to open with
    /// anything but FULL. `synchronous` is for the test that proves the refusal.
    ///
    /// With `deferringLogSync` (the write connection only), COMMIT does not wait for the log to reach the disk
    /// (`liaison_sqlite_log_deferred_sync_vfs`): the caller syncs it through `logSyncDescriptor()` before it tells
    /// anyone that the commit is durable (`SQLiteLogSyncer`).
    init(
        path: String, cacheKiB: Int = 8192, checkpointer: SQLiteCheckpointer? = nil,
        synchronous: Synchronous = .full, deferringLogSync: Bool = false
    ) throws {
        self.path = path
        var handle: OpaquePointer?
        let flags = Int32(LIAISON_SQLITE_OPEN_READWRITE | LIAISON_SQLITE_OPEN_CREATE | LIAISON_SQLITE_OPEN_URI
            | LIAISON_SQLITE_OPEN_NOMUTEX | LIAISON_SQLITE_OPEN_EXRESCODE)
        let vfs =
            checkpointer == nil
            ? nil : deferringLogSync ? liaison_sqlite_log_deferred_sync_vfs() : liaison_sqlite_log_buffering_vfs()
        let code = SQLiteResultCode(rawValue: sqlite_nio_sqlite3_open_v2(path, &handle, flags, vfs))
        guard code == .ok, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteFailure(code, "\(message) (\(path))")
        }
        self.handle = handle
        sqlite_nio_sqlite3_busy_timeout(handle, busyTimeout)
        // Prepared statements are kept and reused: their plans must not depend on the values bound to them.
        liaison_sqlite_keep_plans(handle)
        if let checkpointer {
            // Replaces SQLite's automatic checkpoint for this connection.
            sqlite_nio_sqlite3_wal_hook(handle, { context, _, _, frames in
                if let context {
                    Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
                        .committed(logLength: Int(frames))
                }
                return SQLiteResultCode.ok.rawValue
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
            try run("PRAGMA synchronous = \(synchronous.rawValue)", [])
            try run("PRAGMA cache_size = -\(cacheKiB)", [])
            // Each write's savepoint keeps copies of the pages it changes; in memory, not in a temporary file.
            try run("PRAGMA temp_store = MEMORY", [])
            if checkpointer != nil {
                let level = try synchronousLevel()
                guard level == Synchronous.full.rawValue else {
                    throw SQLiteFailure(
                        .misuse,
                        "the write connection runs with PRAGMA synchronous=\(level); its log buffering "
                            + "(liaison_sqlite_log_buffering_vfs) is only safe with synchronous=FULL (2), "
                            + "refusing to write to \(path)")
                }
            }
        } catch {
            close()
            throw error
        }
    }

    /// SQLite's `PRAGMA synchronous` levels.
    enum Synchronous: Int, Sendable {
        case off = 0
        case normal = 1
        case full = 2
        case extra = 3
    }

    /// The connection's `PRAGMA synchronous`, as SQLite reports it.
    func synchronousLevel() throws -> Int {
        var level = -1
        try run("PRAGMA synchronous", []) { row in
            if case .integer(let value)? = row.values.first { level = value }
        }
        return level
    }

    deinit {
        close()
    }

    /// The page size of new database files.
    static let pageSize = 2048

    var isOpen: Bool { handle != nil }

    /// Finalises the prepared statements and closes the connection.
    func close() {
        using {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.pointer) }
            statements = [:]
            if let handle {
                // Closing the last connection copies the log into the database, which needs the log synced first.
                liaison_sqlite_log_stop_deferring(handle)
                sqlite_nio_sqlite3_close_v2(handle)
            }
            handle = nil
        }
    }

    /// A new descriptor on the log, to sync the commits made so far with (the caller closes it); nil unless the
    /// connection was opened `deferringLogSync` and its log is open.
    func logSyncDescriptor() -> Int32? {
        using {
            guard let handle else { return nil }
            let descriptor = liaison_sqlite_log_sync_descriptor(handle)
            return descriptor >= 0 ? descriptor : nil
        }
    }

    /// How long a statement waits for a lock another connection holds before it fails with `SQLITE_BUSY`.
    static let patientBusyTimeout: Duration = .seconds(30)

    /// The busy timeout set on the connection now, in milliseconds.
    private var busyTimeout = Int32(SQLiteHandle.patientBusyTimeout / .milliseconds(1))

    /// Runs one statement with its bound values and hands each result row to `onRow`. While another connection
    /// holds a lock it needs, it waits up to `busyTimeout` (by default `patientBusyTimeout`), then fails with
    /// `SQLITE_BUSY`.
    func run(
        _ sql: String, _ binds: [SQLiteData], busyTimeout wait: Duration? = nil,
        _ onRow: (SQLiteResultRow) throws -> Void = { _ in }
    ) throws {
        try using {
            let milliseconds = Int32((wait ?? Self.patientBusyTimeout) / .milliseconds(1))
            if milliseconds != busyTimeout, let handle {
                sqlite_nio_sqlite3_busy_timeout(handle, milliseconds)
                busyTimeout = milliseconds
            }
            try step(sql, binds, onRow)
        }
    }

    /// Marks the calling thread as this connection's user while `body` runs; in debug builds, stops the program
    /// when another thread is using it at the same time (the connection has no mutex of its own: two threads at
    /// once would corrupt its state).
    @inline(__always)
    private func using<T>(_ body: () throws -> T) rethrows -> T {
        #if DEBUG
            guard ownership.enter() else {
                preconditionFailure(
                    "SQLite connection to \(path) used by two threads at once (opened without SQLite's mutex)")
            }
            defer { ownership.leave() }
        #endif
        return try body()
    }

    private func step(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteResultRow) throws -> Void) throws {
        guard let handle else { throw SQLiteFailure(.misuse, "the connection is closed") }
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
            guard code == SQLiteResultCode.ok.rawValue else { throw error(code, handle) }
        }
        while true {
            let code = SQLiteResultCode(rawValue: sqlite_nio_sqlite3_step(pointer))
            if code == .done { return }
            guard code == .row else { throw error(code.rawValue, handle) }
            try onRow(SQLiteResultRow(columns: statement.columns, values: try values(of: pointer, count: statement.columns.names.count)))
        }
    }

    /// How many times SQLite prepared this kept statement again since it was first prepared (nil when it is not
    /// kept); stays 0 unless the schema changes.
    func reprepares(of sql: String) -> Int32? {
        using {
            statements[sql].map {
                sqlite_nio_sqlite3_stmt_status($0.pointer, Int32(LIAISON_SQLITE_STMTSTATUS_REPREPARE), 0)
            }
        }
    }

    private func prepared(_ sql: String, on handle: OpaquePointer) throws -> CachedStatement {
        if let cached = statements[sql] { return cached }
        var pointer: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(LIAISON_SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLiteResultCode.ok.rawValue, let pointer else {
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
            case SQLiteColumnType.integer:
                values.append(.integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(pointer, column))))
            case SQLiteColumnType.float:
                values.append(.float(sqlite_nio_sqlite3_column_double(pointer, column)))
            case SQLiteColumnType.text:
                let bytes = Int(sqlite_nio_sqlite3_column_bytes(pointer, column))
                guard let text = sqlite_nio_sqlite3_column_text(pointer, column) else {
                    throw SQLiteFailure(.noMemory, "no text for a text column")
                }
                values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: bytes), as: UTF8.self)))
            case SQLiteColumnType.blob:
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
        return SQLiteFailure(
            SQLiteResultCode(rawValue: extended != SQLiteResultCode.ok.rawValue ? extended : code), message)
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

/// An error from a SQLite connection, with SQLite's (extended) result code and message.
public struct SQLiteFailure: Error, CustomStringConvertible, DatabaseError {
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(_ result: SQLiteResultCode, _ message: String) {
        self.init(code: result.rawValue, message: message)
    }

    var result: SQLiteResultCode { SQLiteResultCode(rawValue: code) }

    public var description: String { "SQLite error \(code) (\(result.primary)): \(message)" }

    /// SQLITE_CONSTRAINT and its extended codes.
    public var isConstraintFailure: Bool { result.primary == .constraint }
    public var isSyntaxError: Bool { result.primary == .error && message.contains("syntax error") }
    public var isConnectionClosed: Bool { result == .misuse }
    /// SQLITE_BUSY after the busy timeout, when trying the statement again later may succeed: not for a read
    /// transaction's snapshot that is too old to write from (`SQLITE_BUSY_SNAPSHOT`).
    var isBusy: Bool { result.primary == .busy && result != .busySnapshot }
}
