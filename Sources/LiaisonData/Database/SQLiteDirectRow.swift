import Foundation
import SQLKit
import SQLiteKit
import SQLiteNIO

/// A result row of the write connection for SQLKit.
struct SQLiteDirectRow: SQLRow {
    let row: SQLiteResultRow
    let decoder: SQLiteDataDecoder

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "no column \(column) in the result" }
    }

    var allColumns: [String] { row.columns.names }

    func contains(column: String) -> Bool {
        row.columns.offsets[column] != nil
    }

    func decodeNil(column: String) throws -> Bool {
        (row.value(column) ?? .null) == .null
    }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let data = row.value(column) else { throw MissingColumn(column: column) }
        if let value = SQLiteColumnDecoder.plain(data, as: D.self) { return value }
        // Types that decode one plain value (`RowUUID`, `UUID`, optionals, enums with raw values): without
        // SQLiteKit's protocol casts and nested decoder; anything else (JSON in text, blobs) as SQLiteKit decodes it.
        do {
            return try D(from: SQLiteColumnDecoder(data: data))
        } catch is SQLiteColumnDecoder.NotPlain {
            return try decoder.decode(D.self, from: data)
        }
    }
}

/// Reads one column value as a plain type, with exactly SQLiteKit's results (`SQLiteDataDecoder` and SQLiteNIO's
/// conversions) but without their protocol casts and nested decoder; values it does not take are left to them.
struct SQLiteColumnDecoder: Decoder, SingleValueDecodingContainer {
    struct NotPlain: Error {}

    let data: SQLiteData

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw NotPlain() }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw NotPlain() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { data == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let value = Self.plain(data, as: T.self) else { throw NotPlain() }
        return value
    }

    @inline(__always)
    static func plain<D>(_ data: SQLiteData, as type: D.Type) -> D? {
        // Each type is compared first, so the bit casts only ever cast a value to its own type.
        switch data {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
        case .integer(let number):
            if D.self == Int.self { return unsafeBitCast(Int(number), to: D.self) }
            if D.self == Int64.self { return unsafeBitCast(Int64(number), to: D.self) }
            if D.self == Double.self { return unsafeBitCast(Double(number), to: D.self) }
            if D.self == Bool.self, number == 0 || number == 1 { return unsafeBitCast(number == 1, to: D.self) }
            if D.self == Date.self { return unsafeBitCast(date(Double(number)), to: D.self) }
        case .float(let number):
            if D.self == Double.self { return unsafeBitCast(number, to: D.self) }
            if D.self == Date.self { return unsafeBitCast(date(number), to: D.self) }
        default:
            break
        }
        return nil
    }

    /// As SQLiteNIO reads a date: seconds since 1970, rounded to the microsecond.
    private static func date(_ seconds: Double) -> Date {
        let sinceReference = seconds - Date.timeIntervalBetween1970AndReferenceDate
        return Date(timeIntervalSinceReferenceDate: (sinceReference * 1e6).rounded() / 1e6)
    }
}
