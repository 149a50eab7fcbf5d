/// Failures of data operations that callers turn into clear answers (404, 409, 412).
public enum DataError: Error, Sendable, Equatable {
    /// No such record, or one the caller may not know exists.
    case notFound
    /// The record changed since the caller read it; `current` is its version now.
    case staleVersion(current: Int)
    /// The operation conflicts with the record's state; `reason` names a catalog message (`conflict.<reason>`).
    case conflict(reason: String)
}
