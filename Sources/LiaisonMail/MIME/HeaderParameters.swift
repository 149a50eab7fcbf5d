/// A structured MIME header value: `text/plain; charset="gbk"`, `attachment; filename*=UTF-8''%E6%8A%A5.pdf`. The
/// value before the first ";" lower-cased, and its parameters with RFC 2231 continuations and charsets joined and
/// read (`name*0*=`, `name*1=`), and encoded words inside quoted values read too (Outlook and Foxmail write file
/// names that way).
public struct HeaderParameters: Sendable, Equatable {
    public var value: String
    public var parameters: [String: String]

    public init(_ header: String?) {
        let parts = Self.split(header ?? "")
        value = (parts.first ?? "").trimmingSpaces.lowercased()
        // name → its pieces; the RFC 2231 form (any "*" in the name) apart from the plain one, which old readers
        // are given beside it and which it wins over.
        var pieces: [String: [(index: Int, extended: Bool, value: String)]] = [:]
        var plainValues: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            var name = part[..<equals].trimmingSpaces.lowercased()
            let raw = Self.unquoted(part[part.index(after: equals)...].trimmingSpaces)
            guard name.contains("*") else {
                if !name.isEmpty, plainValues[name] == nil { plainValues[name] = raw }
                continue
            }
            var extended = false
            if name.hasSuffix("*") {
                extended = true
                name.removeLast()
            }
            var index = 0
            if let star = name.lastIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                index = number
                name = String(name[..<star])
            }
            guard !name.isEmpty else { continue }
            pieces[name, default: []].append((index, extended, raw))
        }
        var parameters: [String: String] = [:]
        for (name, value) in plainValues where pieces[name] == nil {
            parameters[name] = MailHeaders.cleaned(EncodedWords.decode(value))
        }
        for (name, list) in pieces {
            let sorted = list.sorted { $0.index < $1.index }
            var charset: String?
            var bytes: [UInt8] = []
            var plain = ""
            for (position, piece) in sorted.enumerated() {
                if piece.extended {
                    var text = piece.value
                    // The first extended piece starts with charset'language'.
                    if position == 0 {
                        let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if fields.count == 3 {
                            charset = String(fields[0])
                            text = String(fields[2])
                        }
                    }
                    bytes += Self.percentDecoded(text)
                } else {
                    if !bytes.isEmpty {
                        plain += Charset.decode(bytes, charset: charset)
                        bytes = []
                    }
                    plain += piece.value
                }
            }
            if !bytes.isEmpty { plain += Charset.decode(bytes, charset: charset) }
            parameters[name] = MailHeaders.cleaned(EncodedWords.decode(plain))
        }
        self.parameters = parameters
    }

    public subscript(_ name: String) -> String? { parameters[name.lowercased()] }

    /// The value split at ";" outside quotes.
    private static func split(_ header: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where quoted:
                current.append(character)
                escaped = true
            case "\"":
                quoted.toggle()
                current.append(character)
            case ";" where !quoted:
                parts.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.first == "\"" else { return text }
        var inner = text.dropFirst()
        if inner.last == "\"" { inner = inner.dropLast() }
        var out = ""
        var escaped = false
        for character in inner {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            out.append(character)
        }
        return out
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = TransferEncoding.hexValue(bytes[i + 1]), let low = TransferEncoding.hexValue(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
