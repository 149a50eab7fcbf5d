import FluentKit
import SQLKit

extension Database {
    /// The database as SQLKit sees it. Both engines Liaison opens (its own SQLite driver and Fluent's PostgreSQL
    /// driver) are SQL databases; this is the one place that relies on it.
    public var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            preconditionFailure("Liaison needs an SQL database, and \(type(of: self)) is not one")
        }
        return sql
    }
}
