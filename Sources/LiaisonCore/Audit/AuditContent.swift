import Foundation

/// The canonical text of an audit entry, the part its hash covers besides the previous entry's hash.
///
/// Fields are written in a fixed order, one per line, each escaped so that no value can imitate a line break or
/// another field. Times are whole milliseconds since 1970 so that the text is the same after a database round trip.
public struct AuditContent: Sendable, Equatable {
    public var sequence: Int64
    public var occurredAtMillis: Int64
    public var actorID: String?
    public var actorLabel: String
    public var action: String
    public var recordType: String
    public var recordID: String?
    public var address: String?
    public var changes: String

    public init(
        sequence: Int64, occurredAtMillis: Int64, actorID: String?, actorLabel: String, action: String,
        recordType: String, recordID: String?, address: String?, changes: String
    ) {
        self.sequence = sequence
        self.occurredAtMillis = occurredAtMillis
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.address = address
        self.changes = changes
    }

    public var canonicalText: String {
        [
            "v1",
            String(sequence),
            String(occurredAtMillis),
            Self.escape(actorID),
            Self.escape(actorLabel),
            Self.escape(action),
            Self.escape(recordType),
            Self.escape(recordID),
            Self.escape(address),
            Self.escape(changes),
        ].joined(separator: "\n")
    }

    /// The text hashed for this entry: the previous entry's hash, then the canonical text.
    public func chainedText(previousHash: String) -> String {
        previousHash + "\n" + canonicalText
    }

    /// The hash that precedes the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    static func escape(_ value: String?) -> String {
        guard let value else { return "-" }
        // The three escaped characters are ASCII, so the UTF-8 bytes can be copied as they are around them.
        let backslash = UInt8(ascii: "\\"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        guard value.utf8.contains(where: { $0 == backslash || $0 == newline || $0 == carriageReturn }) else {
            return "=" + value
        }
        var out: [UInt8] = [UInt8(ascii: "=")]
        out.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            switch byte {
            case backslash: out += [backslash, backslash]
            case newline: out += [backslash, UInt8(ascii: "n")]
            case carriageReturn: out += [backslash, UInt8(ascii: "r")]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
