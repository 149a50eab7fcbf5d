import Foundation
import LiaisonCore

/// Small lists and maps stored as JSON text, the same on SQLite and PostgreSQL.
enum JSONColumn {
    /// Foundation's `JSONEncoder` bytes with sorted keys and unescaped slashes (see `CompactJSONEncoder`).
    static let encoder = CompactJSONEncoder()

    static func encode<T: Encodable>(_ value: T) -> String {
        // Most breach and escalation lists are empty: no encoder run for those.
        if let list = value as? [String], list.isEmpty { return "[]" }
        return String(decoding: (try? encoder.encode(value)) ?? Array("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, default fallback: T) -> T {
        if text == "[]", let empty = [String]() as? T { return empty }
        return (try? JSONDecoder().decode(T.self, from: Data(text.utf8))) ?? fallback
    }
}

/// Decoded values of a JSON column by their exact text. Lists read the same rows again and again (queues are
/// reloaded all day), and a `JSONDecoder` run costs far more than a dictionary lookup. The text is the whole key,
/// so a hit is always right; the memo is emptied when it fills.
final class JSONColumnMemo<Value: Decodable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// Keeps a value just encoded as `text`, so that reading it back does not decode it.
    func remember(_ value: Value, as text: String) {
        lock.withLock {
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[text] = value
        }
    }

    func decode(_ text: String, default fallback: @autoclosure () -> Value) -> Value {
        if let known = lock.withLock({ values[text] }) { return known }
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else { return fallback() }
        remember(value, as: text)
        return value
    }
}
