import CLiaisonSQLite

/// A SQLite result code, as `sqlite3.h` names it: the primary code in the low byte, an extended code's detail above
/// it (connections are opened with extended codes on).
struct SQLiteResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32

    init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    private init(_ code: Int) {
        rawValue = Int32(code)
    }

    static let ok = Self(LIAISON_SQLITE_OK)
    static let error = Self(LIAISON_SQLITE_ERROR)
    static let busy = Self(LIAISON_SQLITE_BUSY)
    static let locked = Self(LIAISON_SQLITE_LOCKED)
    static let noMemory = Self(LIAISON_SQLITE_NOMEM)
    static let interrupt = Self(LIAISON_SQLITE_INTERRUPT)
    static let ioError = Self(LIAISON_SQLITE_IOERR)
    /// The log (or the database) could not be synced to the disk.
    static let ioErrorFsync = Self(LIAISON_SQLITE_IOERR_FSYNC)
    static let constraint = Self(LIAISON_SQLITE_CONSTRAINT)
    static let misuse = Self(LIAISON_SQLITE_MISUSE)
    static let row = Self(LIAISON_SQLITE_ROW)
    static let done = Self(LIAISON_SQLITE_DONE)
    /// Another connection is recovering the write-ahead log; waiting and trying again is right.
    static let busyRecovery = Self(LIAISON_SQLITE_BUSY_RECOVERY)
    /// A read transaction's snapshot is too old to write from: only a new transaction helps.
    static let busySnapshot = Self(LIAISON_SQLITE_BUSY_SNAPSHOT)
    static let busyTimeout = Self(LIAISON_SQLITE_BUSY_TIMEOUT)

    /// The primary code of an extended one (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`).
    var primary: Self { Self(rawValue: rawValue & 0xff) }

    var description: String {
        switch self {
        case .ok: "SQLITE_OK"
        case .error: "SQLITE_ERROR"
        case .busy: "SQLITE_BUSY"
        case .locked: "SQLITE_LOCKED"
        case .noMemory: "SQLITE_NOMEM"
        case .interrupt: "SQLITE_INTERRUPT"
        case .ioError: "SQLITE_IOERR"
        case .ioErrorFsync: "SQLITE_IOERR_FSYNC"
        case .constraint: "SQLITE_CONSTRAINT"
        case .misuse: "SQLITE_MISUSE"
        case .row: "SQLITE_ROW"
        case .done: "SQLITE_DONE"
        case .busyRecovery: "SQLITE_BUSY_RECOVERY"
        case .busySnapshot: "SQLITE_BUSY_SNAPSHOT"
        case .busyTimeout: "SQLITE_BUSY_TIMEOUT"
        default: "SQLite result \(rawValue)"
        }
    }
}

/// SQLite's fundamental column types (`sqlite3_column_type`).
enum SQLiteColumnType {
    static let integer = Int32(LIAISON_SQLITE_INTEGER)
    static let float = Int32(LIAISON_SQLITE_FLOAT)
    static let text = Int32(LIAISON_SQLITE_TEXT)
    static let blob = Int32(LIAISON_SQLITE_BLOB)
    static let null = Int32(LIAISON_SQLITE_NULL)
}
