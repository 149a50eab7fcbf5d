import Foundation
import Testing

@testable import LiaisonCore

/// The compact encoder writes what Foundation's `JSONEncoder` writes with sorted keys, unescaped slashes and a
/// custom date format, byte for byte.
@Suite struct CompactJSONEncoderTests {
    static func dateText(_ date: Date) -> String { "D\(Int(date.timeIntervalSince1970))" }

    let compact = CompactJSONEncoder(dateText: CompactJSONEncoderTests.dateText)
    let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(CompactJSONEncoderTests.dateText(date))
        }
        return encoder
    }()

    func same<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try foundation.encode(value), as: UTF8.self)
        let actual = String(decoding: try compact.encode(value), as: UTF8.self)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    enum Kind: String, Codable { case inquiry, complaint }

    struct Inner: Codable {
        var name: String
        var tags: [String]
        var score: Double?
    }

    struct Outer: Codable {
        var id: UUID
        var zeta: Int
        var alpha: String
        var 名字: String
        var kind: Kind
        var at: Date
        var maybe: Date?
        var nothing: String?
        var inner: Inner
        var list: [Inner]
        var map: [String: Int]
        var nested: [[Int?]]
        var flag: Bool
        var big: UInt64
        var small: Int8
        var link: URL
        var blob: Data
    }

    @Test func structsWithEveryKindOfMemberMatch() throws {
        let value = Outer(
            id: UUID(), zeta: -42, alpha: "a/b \"q\" \\ \n\t\r\u{8}\u{C}\u{1}\u{1F}\u{7F} 客户 😀", 名字: "张三", kind: .complaint,
            at: Date(timeIntervalSince1970: 1_790_000_000), maybe: nil, nothing: nil,
            inner: Inner(name: "x", tags: [], score: 1.0),
            list: [Inner(name: "y", tags: ["b", "a"], score: 0.1), Inner(name: "z", tags: [""], score: nil)],
            map: ["b": 2, "a": 1, "B": 3, "é": 4, "10": 5, "9": 6, "aa": 7, "": 8, "中": 9, "Z": 10],
            nested: [[1, nil], [], [3]], flag: true, big: UInt64.max, small: -8,
            link: URL(string: "https://example.com/a?b=c&d=中")!, blob: Data([0, 1, 2, 250, 255]))
        try same(value)
        try same([value, value])
        try same(["k": value])
    }

    @Test func numbersMatch() throws {
        for number in [0.0, -0.0, 1.0, 1.5, -2.25, 0.1, 1e20, 1e-7, 123456789.125, 1.7976931348623157e308, Double.leastNonzeroMagnitude, 100.0, 1e16, 1.0e15] {
            try same(number)
            try same(["n": number])
            if Float(number).isFinite { try same([Float(number)]) }
        }
        for _ in 0..<2000 {
            let number = Double(bitPattern: UInt64.random(in: 0...UInt64.max))
            if number.isFinite { try same([number]) }
        }
        try same([Int.min, Int.max, 0])
        try same(Decimal(string: "12.50")!)
    }

    @Test func scalarsAtTheTopMatch() throws {
        try same("plain")
        try same(7)
        try same(true)
        try same(Optional<Int>.none)
        try same(Date(timeIntervalSince1970: 0))
        try same([String]())
        try same([String: String]())
    }

    @Test func stringsWithEveryControlCharacterMatch() throws {
        let all = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
        try same(all)
        try same([all: all])
    }

    struct Custom: Encodable {
        enum Keys: String, CodingKey { case a, b, c }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .b)
            try container.encodeNil(forKey: .a)
            var nested = container.nestedUnkeyedContainer(forKey: .c)
            try nested.encode("x")
            var deeper = nested.nestedContainer(keyedBy: Keys.self)
            try deeper.encode(true, forKey: .a)
            // A second request for the same keyed container adds to the first.
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode("later", forKey: .a)
            // A key set a third time: the last value is written, once.
            try again.encode(2, forKey: .b)
            try again.encode(3, forKey: .b)
        }
    }

    struct Empty: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test func handWrittenEncodingsMatch() throws {
        try same(Custom())
        try same(["e": Empty()])
    }

    @Test func nonFiniteNumbersAreRefusedAsFoundationRefusesThem() throws {
        #expect(throws: EncodingError.self) { try compact.encode(["n": Double.nan]) }
        #expect(throws: EncodingError.self) { try foundation.encode(["n": Double.nan]) }
        #expect(throws: EncodingError.self) { try compact.encode([Double.infinity]) }
    }

    @Test func withoutADateFormatDatesAreWrittenAsFoundationsDefault() throws {
        let plain = CompactJSONEncoder()
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        struct Stamped: Encodable {
            var at: Date
            var maybe: Date?
            var list: [Date]
        }
        for seconds in [0, 1.5, 1_790_000_000.123, -978_307_200, 813_456_789.000_001] {
            let date = Date(timeIntervalSince1970: seconds)
            let value = Stamped(at: date, maybe: date, list: [date, Date(timeIntervalSinceReferenceDate: 0)])
            #expect(String(decoding: try plain.encode(value), as: UTF8.self)
                == String(decoding: try reference.encode(value), as: UTF8.self))
        }
    }
}
