import Foundation
import LiaisonCore

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
