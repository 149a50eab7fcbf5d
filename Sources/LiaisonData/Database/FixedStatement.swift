import FluentKit
import Foundation
import LiaisonCore
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import SQLiteNIO

/// A statement whose text never changes, with `?` for each value, for the statements every write runs.
///
/// On SQLite the text goes to the connection as it is and the values are bound directly (`SQLiteData`), so a
/// write does not build an SQLKit expression, serialise it into text and convert each value through `Encodable`
/// on the writer's thread for every statement: that was about a tenth of the writer's time per reply. On
/// PostgreSQL the statement is run as an SQLKit expression, with the same values bound.
struct FixedStatement: Sendable {
    /// The text with `?` placeholders (SQLite's); no other `?` may appear in it.
    let text: String

    init(_ text: String) {
        self.text = text
    }

    /// The text split at its placeholders.
    private var parts: [String] { text.split(separator: "?", omittingEmptySubsequences: false).map(String.init) }

    /// The number of values the statement takes.
    var placeholders: Int { parts.count - 1 }

    /// The statement as an SQLKit expression, for databases other than Liaison's SQLite.
    func expression(_ values: [SQLValue]) -> any SQLExpression {
        let parts = parts
        var items: [any SQLExpression] = []
        items.reserveCapacity(parts.count * 2)
        for (index, part) in parts.enumerated() {
            items.append(SQLRaw(part))
            if index < values.count { items.append(values[index].bind) }
        }
        return SQLList(items, separator: SQLRaw(""))
    }
}

/// A value bound to a `FixedStatement`, of the few types Liaison stores.
enum SQLValue: Sendable {
    case text(String)
    case integer(Int)
    case real(Double)
    case uuid(UUID)
    case date(Date)
    case blob(Data)
    case null

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ id: UUID?) { self = id.map { .uuid($0) } ?? .null }
    init(_ date: Date?) { self = date.map { .date($0) } ?? .null }
    init(_ number: Int?) { self = number.map { .integer($0) } ?? .null }
    init(_ number: Int64?) { self = number.map { .integer(Int($0)) } ?? .null }

    /// As SQLite stores it: exactly what `SQLiteDirectDatabase.data(of:_:)` makes of the same Swift value (ids as
    /// their upper-case text, dates as seconds since 1970).
    var sqlite: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .integer(let number): .integer(number)
        case .real(let number): .float(number)
        case .uuid(let id): .text(id.idText)
        case .date(let date): .float(date.timeIntervalSince1970)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        case .null: .null
        }
    }

    /// As an SQLKit bind (PostgreSQL).
    var bind: any SQLExpression {
        switch self {
        case .text(let text): SQLBind(text)
        case .integer(let number): SQLBind(number)
        case .real(let number): SQLBind(number)
        case .uuid(let id): SQLBind(id)
        case .date(let date): SQLBind(date)
        case .blob(let bytes): SQLBind(bytes)
        case .null: SQLLiteral.null
        }
    }
}

extension Database {
    /// Runs a fixed statement with its values.
    func run(_ statement: FixedStatement, _ values: [SQLValue]) async throws {
        try await execute(statement, values) { _ in }
    }

    /// The first row a fixed statement answers.
    func first(_ statement: FixedStatement, _ values: [SQLValue]) async throws -> (any SQLRow)? {
        let found = NIOLockedValueBox<(any SQLRow)?>(nil)
        try await execute(statement, values) { row in
            found.withLockedValue { if $0 == nil { $0 = row } }
        }
        return found.withLockedValue { $0 }
    }

    private func execute(
        _ statement: FixedStatement, _ values: [SQLValue], _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        assert(values.count == statement.placeholders, "\(statement.text) takes \(statement.placeholders) values")
        if let sqlite = self as? SQLiteDirectDatabase {
            try await sqlite.execute(
                .init(sql: statement.text, binds: values.map(\.sqlite)), onRow)
        } else {
            try await sql.execute(sql: statement.expression(values), onRow)
        }
    }
}
