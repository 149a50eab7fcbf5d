import Foundation

/// Encodes `Encodable` values as compact JSON with sorted keys, byte for byte as Foundation's `JSONEncoder` does
/// with `[.sortedKeys, .withoutEscapingSlashes]` and a custom date strategy, at a fraction of its cost: values
/// are collected in plain enums and arrays and written once, with no boxing through `Any`.
///
/// Dates are written by `dateText` (the API's RFC 3339 format), or without it as Foundation's default does (seconds
/// since 2001 as a number). URLs are written as their absolute string, `Data` in Base64, as Foundation does by
/// default. Non-finite floating-point numbers are refused, as Foundation does.
public struct CompactJSONEncoder: Sendable {
    public let dateText: (@Sendable (Date) -> String)?

    public init(dateText: (@Sendable (Date) -> String)? = nil) {
        self.dateText = dateText
    }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = try JSONTreeEncoder(options: self, parent: nil, key: nil).box(value)
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        JSONTreeWriter.write(root, into: &out)
        return out
    }
}

/// A JSON value being built.
enum JSONTree {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array(JSONArrayNode)
    case object(JSONObjectNode)
}

final class JSONArrayNode {
    var items: [JSONTree] = []
}

final class JSONObjectNode {
    var keys: [String] = []
    var values: [JSONTree] = []

    /// Adds a member. A key set again keeps its last value, as Foundation's encoder does: the writer drops the
    /// earlier ones while it sorts the keys, so a type with many keys costs no search per key.
    func set(_ key: String, _ value: JSONTree) {
        keys.append(key)
        values.append(value)
    }
}

/// Where a super encoder puts what it encodes.
private enum JSONSlot {
    case object(JSONObjectNode, String)
    case array(JSONArrayNode, Int)
}

final class JSONTreeEncoder: Encoder {
    let options: CompactJSONEncoder
    let parent: JSONTreeEncoder?
    let key: (any CodingKey)?
    /// What this encoder produced; nil while nothing was encoded.
    var value: JSONTree?

    init(options: CompactJSONEncoder, parent: JSONTreeEncoder?, key: (any CodingKey)?) {
        self.options = options
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: JSONTreeEncoder? = self
        while let current = encoder, let key = current.key {
            path.append(key)
            encoder = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let node: JSONObjectNode
        if case .object(let existing)? = value {
            node = existing
        } else {
            node = JSONObjectNode()
            value = .object(node)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let node: JSONArrayNode
        if case .array(let existing)? = value {
            node = existing
        } else {
            node = JSONArrayNode()
            value = .array(node)
        }
        return JSONUnkeyedContainer(encoder: self, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleContainer(encoder: self)
    }

    /// The tree for one value: scalars directly, anything else through its own `encode(to:)`.
    func box<T: Encodable>(_ value: T, key: (any CodingKey)? = nil) throws -> JSONTree {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .number(String(value as! Int)) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Date.self {
            let date = value as! Date
            if let dateText = options.dateText { return .string(dateText(date)) }
            return try number(date.timeIntervalSinceReferenceDate, key: key)
        }
        if T.self == Double.self { return try number(value as! Double, key: key) }
        if T.self == Int64.self { return .number(String(value as! Int64)) }
        if T.self == UUID.self, let id = value as? UUID { return .string(id.idText) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Float.self { return try number(Double(value as! Float), text: (value as! Float).description, key: key) }
        if T.self == Int32.self { return .number(String(value as! Int32)) }
        if T.self == UInt.self { return .number(String(value as! UInt)) }
        if T.self == UInt64.self { return .number(String(value as! UInt64)) }
        if T.self == UInt32.self { return .number(String(value as! UInt32)) }
        if T.self == Int16.self { return .number(String(value as! Int16)) }
        if T.self == UInt16.self { return .number(String(value as! UInt16)) }
        if T.self == Int8.self { return .number(String(value as! Int8)) }
        if T.self == UInt8.self { return .number(String(value as! UInt8)) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        let child = JSONTreeEncoder(options: options, parent: self, key: key)
        try value.encode(to: child)
        return child.value ?? .object(JSONObjectNode())
    }

    private func number(_ double: Double, text: String? = nil, key: (any CodingKey)?) throws -> JSONTree {
        guard double.isFinite else {
            var path = codingPath
            if let key { path.append(key) }
            throw EncodingError.invalidValue(
                double, .init(codingPath: path, debugDescription: "Unable to encode \(double) directly in JSON."))
        }
        var text = text ?? double.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONTreeEncoder
    let node: JSONObjectNode

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, .number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try encoder.box(value, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = JSONTreeEncoder(options: encoder.options, parent: encoder, key: key)
        let nested = JSONObjectNode()
        child.value = .object(nested)
        node.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(encoder: child, node: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONTreeEncoder(options: encoder.options, parent: encoder, key: key)
        let nested = JSONArrayNode()
        child.value = .array(nested)
        node.set(key.stringValue, .array(nested))
        return JSONUnkeyedContainer(encoder: child, node: nested)
    }

    mutating func superEncoder() -> any Encoder {
        JSONSuperEncoder(parent: encoder, slot: .object(node, "super"), key: JSONIndexKey(string: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONSuperEncoder(parent: encoder, slot: .object(node, key.stringValue), key: key)
    }
}

private struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONTreeEncoder
    let node: JSONArrayNode

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { node.items.count }

    mutating func encodeNil() throws { node.items.append(.null) }
    mutating func encode(_ value: Bool) throws { node.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { node.items.append(.string(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.items.append(try encoder.box(value, key: JSONIndexKey(index: node.items.count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = JSONTreeEncoder(options: encoder.options, parent: encoder, key: JSONIndexKey(index: node.items.count))
        let nested = JSONObjectNode()
        child.value = .object(nested)
        node.items.append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(encoder: child, node: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = JSONTreeEncoder(options: encoder.options, parent: encoder, key: JSONIndexKey(index: node.items.count))
        let nested = JSONArrayNode()
        child.value = .array(nested)
        node.items.append(.array(nested))
        return JSONUnkeyedContainer(encoder: child, node: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let index = node.items.count
        node.items.append(.object(JSONObjectNode()))
        return JSONSuperEncoder(parent: encoder, slot: .array(node, index), key: JSONIndexKey(index: index))
    }
}

private struct JSONSingleContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.value = .null }
    mutating func encode(_ value: Bool) throws { encoder.value = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.value = .string(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.value = try encoder.box(value)
    }
}

/// An encoder whose result goes into its parent's container when it is done (`superEncoder`): it writes
/// through to the slot as each value arrives.
private final class JSONSuperEncoder: Encoder {
    let inner: JSONTreeEncoder
    let slot: JSONSlot

    init(parent: JSONTreeEncoder, slot: JSONSlot, key: any CodingKey) {
        inner = JSONTreeEncoder(options: parent.options, parent: parent, key: key)
        self.slot = slot
    }

    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private func store() {
        let value = inner.value ?? .object(JSONObjectNode())
        switch slot {
        case .object(let node, let key): node.set(key, value)
        case .array(let node, let index): node.items[index] = value
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        defer { store() }
        return inner.container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { store() }
        return inner.unkeyedContainer()
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSuperSingleContainer(encoder: self)
    }

    fileprivate struct JSONSuperSingleContainer: SingleValueEncodingContainer {
        let encoder: JSONSuperEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws {
            encoder.inner.value = .null
            encoder.store()
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.inner.value = try encoder.inner.box(value)
            encoder.store()
        }
    }
}

private struct JSONIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init(string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) { self.init(string: stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

/// Writes a tree as compact JSON: object keys in the order of their UTF-8 bytes, strings escaped as Foundation
/// escapes them (quote, backslash, control characters; slashes and non-ASCII text as they are).
enum JSONTreeWriter {
    static func write(_ tree: JSONTree, into out: inout [UInt8]) {
        switch tree {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): string(text, into: &out)
        case .array(let node):
            out.append(UInt8(ascii: "["))
            for (index, item) in node.items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let node):
            out.append(UInt8(ascii: "{"))
            let keys = node.keys
            // By key, then in the order set, so that of a key set more than once the last value is written.
            let order = keys.indices.sorted { a, b in
                keys[a].utf8.elementsEqual(keys[b].utf8) ? a < b : keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8)
            }
            var first = true
            for (position, index) in order.enumerated() {
                if position + 1 < order.count, keys[order[position + 1]].utf8.elementsEqual(keys[index].utf8) { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                string(node.keys[index], into: &out)
                out.append(UInt8(ascii: ":"))
                write(node.values[index], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: bytes[start..<index])
                start = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: bytes[start...])
        }
        out.append(UInt8(ascii: "\""))
    }
}
