import FluentKit

extension DatabaseQuery.Filter.Method {
    /// `LIKE` is case-insensitive for Latin letters on SQLite; PostgreSQL needs `ILIKE` for the same behaviour.
    public static func caseInsensitiveLike(on db: any Database) -> Self {
        .custom(Engine(db) == .postgres ? "ILIKE" : "LIKE")
    }
}
