import Foundation
import LiaisonCore
import SQLKit

/// A UUID column of a plain row, read as text and parsed by `UUIDText` (Foundation parses with `sscanf` on Linux,
/// which cost more than the query on list pages). PostgreSQL hands its `uuid` columns over as text as well.
@propertyWrapper
struct RowUUID: Decodable, Sendable {
    var wrappedValue: UUID

    init(wrappedValue: UUID) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uuid = UUIDText.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a UUID: \(text)")
        }
        wrappedValue = uuid
    }
}

/// A nullable UUID column of a plain row (see `RowUUID`).
@propertyWrapper
struct OptionalRowUUID: Decodable, Sendable {
    var wrappedValue: UUID?

    init(wrappedValue: UUID?) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try RowUUID(from: decoder).wrappedValue
    }
}

/// Column-by-column reads for rows decoded without the `Decodable` machinery (`RequestRow`, `CustomerRow`).
extension SQLRow {
    /// A UUID column, parsed by `UUIDText`.
    func uuid(_ column: String) throws -> UUID {
        let text = try decode(column: column, as: String.self)
        guard let value = UUIDText.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column) is not a UUID: \(text)"))
        }
        return value
    }

    /// A nullable UUID column.
    func optionalUUID(_ column: String) throws -> UUID? {
        try decodeNil(column: column) ? nil : uuid(column)
    }

    /// A nullable column of a plain type.
    func optional<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}
