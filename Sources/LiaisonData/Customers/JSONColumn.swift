import Foundation

/// Small lists and maps stored as JSON text, the same on SQLite and PostgreSQL.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, default fallback: T) -> T {
        (try? JSONDecoder().decode(T.self, from: Data(text.utf8))) ?? fallback
    }
}
