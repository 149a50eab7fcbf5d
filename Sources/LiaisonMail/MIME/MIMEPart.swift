/// One entity of a MIME message (RFC 2045/2046): its headers and either its decoded body or its children. Parsing
/// never fails: a part whose structure cannot be followed (no boundary found, nesting too deep, too many parts) is
/// kept as a leaf with its bytes, and what was wrong is noted in `defects`.
public struct MIMEPart: Sendable {
    public var headers: MailHeaders
    public var contentType: HeaderParameters
    public var disposition: HeaderParameters
    /// The body after its transfer encoding is undone (empty for a multipart).
    public var body: [UInt8]
    public var children: [MIMEPart]

    /// "text/plain" when the part names no type or an unreadable one (RFC 2045 §5.2).
    public var mediaType: String {
        let value = contentType.value
        return value.contains("/") ? value : "text/plain"
    }

    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// The file name from Content-Disposition, else Content-Type's `name`.
    public var filename: String? {
        let name = disposition["filename"] ?? contentType["name"]
        return name.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0 }
    }

    /// Content-ID without its angle brackets.
    public var contentID: String? {
        headers["Content-ID"].flatMap { MessageIDs.list($0).first ?? $0.trimmingSpaces.trimmingAngles }
    }

    /// The body as text in the part's charset (or guessed).
    public var text: String { Charset.decode(body, charset: contentType["charset"]) }

    /// Limits that keep a hostile message from costing more than a real one.
    public static let maximumDepth = 20
    public static let maximumParts = 1000

    public static func parse(_ bytes: [UInt8]) -> (part: MIMEPart, defects: [String]) {
        var parser = Parser()
        let part = parser.entity(bytes[...], depth: 0, defaultType: nil)
        return (part, parser.defects)
    }

    private struct Parser {
        var defects: [String] = []
        var parts = 0

        mutating func entity(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String?) -> MIMEPart {
            parts += 1
            let (headerBytes, bodyBytes) = Self.splitHeader(bytes)
            let headers = MailHeaders.parse(headerBytes)
            var contentType = HeaderParameters(headers["Content-Type"])
            if headers["Content-Type"] == nil, let defaultType { contentType = HeaderParameters(defaultType) }
            let disposition = HeaderParameters(headers["Content-Disposition"])
            var part = MIMEPart(
                headers: headers, contentType: contentType, disposition: disposition, body: [], children: [])
            if part.isMultipart {
                guard let boundary = contentType["boundary"], !boundary.isEmpty else {
                    defects.append("multipart without a boundary")
                    part.contentType = HeaderParameters("text/plain")
                    part.body = Array(bodyBytes)
                    return part
                }
                guard depth < MIMEPart.maximumDepth else {
                    defects.append("parts nested too deep")
                    part.body = Array(bodyBytes)
                    return part
                }
                let pieces = Self.split(bodyBytes, boundary: Array(("--" + boundary).utf8))
                if pieces.isEmpty {
                    defects.append("multipart boundary not found")
                    part.contentType = HeaderParameters("text/plain")
                    part.body = Array(bodyBytes)
                    return part
                }
                if !pieces.closed { defects.append("multipart not closed") }
                // RFC 2046 §5.1.5: the parts of a digest are messages unless they say otherwise.
                let childDefault = part.mediaType == "multipart/digest" ? "message/rfc822" : nil
                for piece in pieces.parts {
                    guard parts < MIMEPart.maximumParts else {
                        defects.append("too many parts")
                        break
                    }
                    part.children.append(entity(piece, depth: depth + 1, defaultType: childDefault))
                }
                return part
            }
            let encoding = TransferEncoding(header: headers["Content-Transfer-Encoding"])
            part.body = encoding.decode(bodyBytes)
            return part
        }

        /// The header block and the body: split at the first empty line. A block without one is all header when
        /// every line looks like a field, else all body (a message that starts straight with text).
        static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
            var lineStart = bytes.startIndex
            var i = bytes.startIndex
            while i < bytes.endIndex {
                if bytes[i] == 0x0A {
                    let line = bytes[lineStart..<i]
                    if line.isEmpty || (line.count == 1 && line.first == 0x0D) {
                        return (bytes[bytes.startIndex..<lineStart], bytes[(i + 1)...])
                    }
                    let first = line.first!
                    if lineStart == bytes.startIndex, first == 0x20 || first == 0x09 || !line.contains(UInt8(ascii: ":")) {
                        // The very first line is no field: there are no headers.
                        return (bytes[bytes.startIndex..<bytes.startIndex], bytes)
                    }
                    lineStart = i + 1
                }
                i += 1
            }
            // No empty line: a body-less part (or a truncated message), unless its one line is no field.
            if lineStart == bytes.startIndex {
                let line = bytes[lineStart...]
                if let first = line.first, first == 0x20 || first == 0x09 || !line.contains(UInt8(ascii: ":")) {
                    return (bytes[bytes.startIndex..<bytes.startIndex], bytes)
                }
            }
            return (bytes, bytes[bytes.endIndex...])
        }

        struct Pieces {
            var parts: [ArraySlice<UInt8>]
            var closed: Bool
            var isEmpty: Bool { parts.isEmpty }
        }

        /// The parts between delimiter lines ("--boundary" at a line's start, "--boundary--" closing). The line
        /// break before a delimiter belongs to it.
        static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> Pieces {
            var parts: [ArraySlice<UInt8>] = []
            var partStart: Int?
            var i = body.startIndex
            var closed = false
            while i < body.endIndex {
                let atLineStart = i == body.startIndex || body[i - 1] == 0x0A
                if atLineStart, body[i] == boundary[0], Self.hasPrefix(body, boundary, at: i) {
                    var after = i + boundary.count
                    let closing = after + 1 < body.endIndex && body[after] == 0x2D && body[after + 1] == 0x2D
                    if closing { after += 2 }
                    // Only whitespace may follow a delimiter on its line (a longer boundary is another one).
                    var end = after
                    while end < body.endIndex, body[end] == 0x20 || body[end] == 0x09 || body[end] == 0x0D { end += 1 }
                    if end == body.endIndex || body[end] == 0x0A {
                        if let start = partStart {
                            var stop = i
                            if stop > start, body[stop - 1] == 0x0A { stop -= 1 }
                            if stop > start, body[stop - 1] == 0x0D { stop -= 1 }
                            parts.append(body[start..<max(start, stop)])
                        }
                        if closing {
                            closed = true
                            partStart = nil
                            break
                        }
                        partStart = end < body.endIndex ? end + 1 : body.endIndex
                        i = partStart!
                        continue
                    }
                }
                // On to the next line.
                while i < body.endIndex, body[i] != 0x0A { i += 1 }
                i += 1
            }
            if !closed, let start = partStart, start < body.endIndex { parts.append(body[start...]) }
            return Pieces(parts: parts, closed: closed)
        }

        static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: [UInt8], at index: Int) -> Bool {
            guard bytes.endIndex - index >= prefix.count else { return false }
            for (offset, byte) in prefix.enumerated() where bytes[index + offset] != byte { return false }
            return true
        }
    }
}

extension String {
    var trimmingAngles: String {
        var text = self[...]
        if text.first == "<" { text = text.dropFirst() }
        if text.last == ">" { text = text.dropLast() }
        return String(text)
    }
}
