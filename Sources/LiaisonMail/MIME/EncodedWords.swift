/// RFC 2047 encoded words in headers (`=?GB2312?B?xOO6ww==?=`). Adjacent words are joined with the space between
/// them dropped, and words of the same charset are joined as bytes before their charset is read, because mailers
/// split a long subject between the bytes of one Chinese character. Words are found wherever they stand, even
/// touching other text ("Re:=?gbk?B?...?="), as mail readers accept.
public enum EncodedWords {
    public static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var out = ""
        // Bytes of encoded words waiting for their charset to be read, and whitespace seen after the last one.
        var pending: (charset: String, bytes: [UInt8])?
        var gap = ""
        func flush() {
            if let word = pending { out += Charset.decode(word.bytes, charset: word.charset) }
            pending = nil
        }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "=", i + 1 < scalars.count, scalars[i + 1] == "?", let word = encodedWord(scalars, at: i) {
                if let current = pending, current.charset == word.charset {
                    pending = (current.charset, current.bytes + word.bytes)
                } else {
                    flush()
                    pending = (word.charset, word.bytes)
                }
                gap = ""
                i = word.end
                continue
            }
            if pending != nil, scalars[i].isMailSpace {
                gap.unicodeScalars.append(scalars[i])
                i += 1
                continue
            }
            flush()
            out += gap
            gap = ""
            out.unicodeScalars.append(scalars[i])
            i += 1
        }
        flush()
        out += gap
        return out
    }

    /// The word starting at `start` ("=?charset?B|Q?text?="): its charset, its bytes and where it ends.
    private static func encodedWord(_ s: [Unicode.Scalar], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        var i = start + 2
        var charset = ""
        while i < s.count, s[i] != "?" {
            guard s[i].isASCII, !s[i].isMailSpace, charset.count < 64 else { return nil }
            charset.unicodeScalars.append(s[i])
            i += 1
        }
        guard i + 2 < s.count, s[i + 2] == "?", !charset.isEmpty else { return nil }
        let encoding = s[i + 1]
        i += 3
        let textStart = i
        while i + 1 < s.count, !(s[i] == "?" && s[i + 1] == "=") {
            guard s[i].isASCII, s[i] != " " else { return nil }
            i += 1
        }
        guard i + 1 < s.count else { return nil }
        let encoded = s[textStart..<i].map { UInt8($0.value) }
        // RFC 2231 §5: a language after the charset ("utf-8*zh").
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let bytes: [UInt8]
        switch encoding {
        case "B", "b":
            bytes = TransferEncoding.decodeBase64(encoded)
        case "Q", "q":
            bytes = TransferEncoding.decodeQuotedPrintable(encoded.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 })
        default:
            return nil
        }
        return (Charset.normalised(charset), bytes, i + 2)
    }

    /// `text` as one encoded word per run of at most 39 bytes (UTF-8, base64), separated by spaces (where a
    /// header may be folded), when it is not plain printable ASCII, else as it is: for subjects and display names in
    /// mail we send. Words never split a character.
    public static func encode(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk, lineLength: nil) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk, lineLength: nil) + "?=") }
        return words.joined(separator: " ")
    }
}
