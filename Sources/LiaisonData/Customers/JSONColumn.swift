import Foundation
import LiaisonCore
import Logging
import NIOConcurrencyHelpers
import Synchronization

/// Small lists and maps stored as JSON text, the same on SQLite and PostgreSQL.
///
/// Stored JSON that does not decode is damage (a hand edit, a bad restore, a bug that wrote something else):
/// what the column held can no longer be known. It is logged at error level with its table, column and row,
/// counted (`JSONColumnFailures`, exported as `liaison_json_decode_failures_total`), and thrown as
/// `JSONColumn.Undecodable`, so that no caller goes on with a made-up value (an SLA clock restarted, breaches or
/// tags forgotten and then saved that way). Only values that are shown and never written back, or that only feed
/// a search index, fall back to an empty value after the same log and count (`decode(_:_:default:column:row:)`).
enum JSONColumn {
    /// Foundation's `JSONEncoder` bytes with sorted keys and unescaped slashes (see `CompactJSONEncoder`).
    static let encoder = CompactJSONEncoder()
    static let logger = Logger(label: "liaison.data")

    /// Stored JSON that does not decode as the type its column holds.
    struct Undecodable: Error, CustomStringConvertible {
        /// `table.column`.
        let column: String
        let row: String?
        let reason: String

        var description: String {
            "the JSON stored in \(column)\(row.map { " of row \($0)" } ?? "") does not decode: \(reason)"
        }
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        // Most breach and escalation lists are empty: no encoder run for those.
        if let list = value as? [String], list.isEmpty { return "[]" }
        return String(decoding: (try? encoder.encode(value)) ?? Array("null".utf8), as: UTF8.self)
    }

    /// A task's predecessors: read directly when the text has the shape `encode` writes (`WorkPlanJSON.ids`),
    /// else decoded as any other column.
    static func decodeIDs(_ text: String, column: String, row: UUID?) throws -> [UUID] {
        if let ids = WorkPlanJSON.ids(text) { return ids }
        return try decode([UUID].self, text, column: column, row: row)
    }

    /// A task's RACI parts: read directly when the text has the shape `encode` writes (`WorkPlanJSON.raci`),
    /// else decoded as any other column.
    static func decodeRACI(_ text: String, column: String, row: UUID?) throws -> [RACIAssignment] {
        if let parts = WorkPlanJSON.raci(text) { return parts }
        return try decode([RACIAssignment].self, text, column: column, row: row)
    }

    /// The value stored as `text` in `column` (`table.column`) of `row`; text that does not decode is logged,
    /// counted and thrown (`Undecodable`).
    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String, row: UUID?) throws -> T {
        if text == "[]", let empty = [String]() as? T { return empty }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw failed(column: column, row: row, error)
        }
    }

    /// For values that are only shown, never written back, or only indexed for search: as
    /// `decode(_:_:column:row:)`, but after the log and the count answers `fallback` instead of throwing.
    static func decode<T: Decodable>(
        _ type: T.Type, _ text: String, default fallback: T, column: String = "a JSON column", row: UUID? = nil
    ) -> T {
        (try? decode(type, text, column: column, row: row)) ?? fallback
    }

    /// Logs and counts a failed decode; answers the error to throw.
    static func failed(column: String, row: UUID?, _ error: any Error) -> Undecodable {
        let failure = Undecodable(column: column, row: row?.uuidString, reason: String(describing: error))
        JSONColumnFailures.counter.add(1, ordering: .relaxed)
        logger.error(
            "stored JSON does not decode",
            metadata: [
                "column": .string(column), "row": .string(row?.uuidString ?? "unknown"),
                "error": .string(failure.reason),
            ])
        return failure
    }
}

/// How many stored JSON values failed to decode since the process started (see `JSONColumn`).
public enum JSONColumnFailures {
    static let counter = Atomic<Int>(0)

    public static var count: Int { counter.load(ordering: .relaxed) }
}

/// Decoded values of a JSON column by their exact text. Lists read the same rows again and again (queues are
/// reloaded all day), and a `JSONDecoder` run costs far more than a dictionary lookup. The text is the whole key,
/// so a hit is always right; the memo is emptied when it fills.
final class JSONColumnMemo<Value: Decodable & Sendable>: Sendable {
    private let values = NIOLockedValueBox<[String: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// Keeps a value just encoded as `text`, so that reading it back does not decode it.
    func remember(_ value: Value, as text: String) {
        values.withLockedValue { values in
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[text] = value
        }
    }

    /// The value stored as `text` in `column` of `row`; text that does not decode is logged, counted and thrown
    /// (see `JSONColumn.decode(_:_:column:row:)`).
    func decode(_ text: String, column: String, row: UUID?) throws -> Value {
        if let known = values.withLockedValue({ $0[text] }) { return known }
        let value = try JSONColumn.decode(Value.self, text, column: column, row: row)
        remember(value, as: text)
        return value
    }
}
