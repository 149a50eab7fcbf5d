/// The header fields of a message or a MIME part, in order, as received (unfolded). Names compare without case.
/// Values are read as UTF-8 where they are valid, else through the guess `Charset` makes for raw 8-bit headers
/// (Chinese mailers send GBK names and subjects unencoded).
public struct MailHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        /// The value as received, unfolded, encoded words left as they are.
        public var raw: String
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// The raw value of the first field named `name`.
    public subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.raw
    }

    public func all(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.raw)
    }

    /// An unstructured field (Subject, Comments…) as text: encoded words read, control characters as spaces, runs
    /// of spaces as one, trimmed.
    public func text(_ name: String) -> String? {
        self[name].map { Self.cleaned(EncodedWords.decode($0)) }
    }

    /// Text safe to show and store on one line: control characters (a CR or LF smuggled into an encoded word
    /// included) become spaces, runs of whitespace one space.
    static func cleaned(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == " " {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            out.append(scalar)
        }
        return String(out)
    }

    /// Parses a header block. Lines end in CRLF or LF; a line starting with a space or tab continues the field
    /// before it. Lines that are not fields are skipped.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> MailHeaders {
        var fields: [Field] = []
        var name: String?
        var value: [UInt8] = []
        func finish() {
            if let name { fields.append(Field(name: name, raw: decodeRaw(value).trimmingSpaces)) }
            name = nil
            value = []
        }
        for line in lines(bytes) {
            if let first = line.first, first == 0x20 || first == 0x09 {
                if name != nil { value += line }
                continue
            }
            finish()
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let fieldName = line[line.startIndex..<colon]
            guard !fieldName.isEmpty, fieldName.count <= 76,
                fieldName.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                // "From " lines of mbox files and other noise.
                continue
            }
            name = String(decoding: fieldName, as: UTF8.self)
            value = Array(line[(colon + 1)...])
        }
        finish()
        return MailHeaders(fields)
    }

    /// The lines of `bytes` without their line ends.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var i = start
        while i < bytes.endIndex {
            if bytes[i] == 0x0A {
                var end = i
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                out.append(bytes[start..<end])
                start = i + 1
            }
            i += 1
        }
        if start < bytes.endIndex {
            var end = bytes.endIndex
            if bytes[end - 1] == 0x0D { end -= 1 }
            out.append(bytes[start..<end])
        }
        return out
    }

    private static func decodeRaw(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return Charset.decode(bytes, charset: nil)
    }
}
