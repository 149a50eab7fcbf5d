import Foundation

/// One page of a list and the cursor that continues it (nil on the last page).
public struct CursorPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> CursorPage<T> {
        CursorPage<T>(items: try items.map(transform), nextCursor: nextCursor)
    }
}

/// Where a keyset-paged list continues: the sort key and id of the last item shown. Opaque to clients.
public struct Cursor: Sendable, Equatable, Codable {
    public var key: String
    public var id: String

    public init(key: String, id: String) {
        self.key = key
        self.id = id
    }

    public var encoded: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard encoded.count <= 1024, let data = Data(base64Encoded: base64),
            let cursor = try? JSONDecoder().decode(Cursor.self, from: data)
        else { return nil }
        self = cursor
    }
}

/// What a caller asked of a list: how many, and after which cursor.
public struct PageQuery: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public var limit: Int
    public var after: Cursor?

    public init(limit: Int = PageQuery.defaultLimit, after: Cursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Validates raw query values; reports `limit` and `cursor` problems as field issues.
    public static func parse(limit: String?, cursor: String?) throws(ValidationFailure) -> PageQuery {
        var validator = FieldValidator()
        var value = defaultLimit
        if let limit {
            if let parsed = Int(limit), (1...maximumLimit).contains(parsed) {
                value = parsed
            } else {
                validator.add("limit", "outOfRange", ["1", String(maximumLimit)])
            }
        }
        var after: Cursor?
        if let cursor, !cursor.isEmpty {
            after = Cursor(encoded: cursor)
            if after == nil {
                validator.add("cursor", "invalidCursor")
            }
        }
        try validator.check()
        return PageQuery(limit: value, after: after)
    }
}
