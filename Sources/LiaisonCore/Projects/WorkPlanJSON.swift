import Foundation

/// A task's stored predecessors and RACI parts read straight from their JSON text, in the one shape
/// `CompactJSONEncoder` writes them (`["ID","ID"]`, `[{"personID":"ID","role":"accountable"}]`: no spaces, keys
/// sorted, ids of 36 characters), without a `JSONDecoder`. Each returns nil for any other text, and the caller then
/// decodes it with the decoder: this is a shortcut for the common case, never a second reading of the format.
///
/// A plan's whole dependency graph is read by every task write, task list and Gantt chart (400 tasks in a large
/// plan); the decoder, and Foundation's `sscanf`-based reading of each id in it, were most of their time.
public enum WorkPlanJSON {
    /// The ids of a JSON array of id strings, or nil when the text is not exactly that shape.
    public static func ids(_ text: String) -> [UUID]? {
        var text = text
        return text.withUTF8 { bytes -> [UUID]? in
            let end = bytes.count - 1
            guard end >= 1, bytes[0] == open, bytes[end] == close else { return nil }
            if end == 1 { return [] }
            var ids: [UUID] = []
            ids.reserveCapacity(bytes.count / 39)
            var index = 1
            while true {
                guard let id = quotedID(bytes, at: index, before: end) else { return nil }
                ids.append(id)
                index += 38
                if index == end { return ids }
                guard bytes[index] == comma else { return nil }
                index += 1
            }
        }
    }

    /// The parts of a JSON array of `RACIAssignment`s, or nil when the text is not exactly the encoder's shape.
    public static func raci(_ text: String) -> [RACIAssignment]? {
        var text = text
        return text.withUTF8 { bytes -> [RACIAssignment]? in
            let end = bytes.count - 1
            guard end >= 1, bytes[0] == open, bytes[end] == close else { return nil }
            if end == 1 { return [] }
            var parts: [RACIAssignment] = []
            var index = 1
            while true {
                // {"personID":"<id>","role":"<role>"}
                guard matches(bytes, personKey, at: index, before: end),
                    let person = quotedID(bytes, at: index + personKey.count - 1, before: end)
                else { return nil }
                index += personKey.count - 1 + 38
                guard matches(bytes, roleKey, at: index, before: end) else { return nil }
                index += roleKey.count
                let roleStart = index
                while index < end, bytes[index] != quote { index += 1 }
                guard index < end, bytes[index] == quote, index + 1 < end, bytes[index + 1] == brace,
                    let role = RACIRole(
                        rawValue: String(
                            decoding: UnsafeBufferPointer(rebasing: bytes[roleStart..<index]), as: UTF8.self))
                else { return nil }
                parts.append(RACIAssignment(personID: person, role: role))
                index += 2
                if index == end { return parts }
                guard bytes[index] == comma else { return nil }
                index += 1
            }
        }
    }

    private static let open = UInt8(ascii: "[")
    private static let close = UInt8(ascii: "]")
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let brace = UInt8(ascii: "}")
    private static let personKey = Array("{\"personID\":\"".utf8)
    private static let roleKey = Array(",\"role\":\"".utf8)

    /// `"<36-character id>"` from `index`, ending before `end`.
    private static func quotedID(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, before end: Int) -> UUID? {
        guard index + 38 <= end, bytes[index] == quote, bytes[index + 37] == quote else { return nil }
        return UUIDText.parse(bytes, at: index + 1)
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: [UInt8], at index: Int, before end: Int)
        -> Bool
    {
        guard index + literal.count <= end else { return false }
        for (offset, byte) in literal.enumerated() where bytes[index + offset] != byte { return false }
        return true
    }
}
