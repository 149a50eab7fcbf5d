import CoreFoundation
import Foundation

/// Text in the charsets mail arrives in. Chinese mail is labelled GB2312, GBK or GB18030 (and often mislabelled: a
/// "GB2312" body holding GBK characters), so the whole family is read as GB18030, which contains the others; a
/// charset that cannot be read, or bytes that are not valid in it, are tried as UTF-8 and GB18030 before Latin-1,
/// which reads any bytes, so that decoding never fails and loses as little as it can.
public enum Charset {
    /// `bytes` as text in `name` (a MIME charset label; nil or unknown: guessed).
    public static func decode(_ bytes: some Collection<UInt8>, charset name: String?) -> String {
        let data = Data(bytes)
        if data.isEmpty { return "" }
        let label = name.map(normalised) ?? ""
        if let encoding = encoding(label), let text = String(data: data, encoding: encoding) {
            return text
        }
        return guessed(data)
    }

    /// `bytes` in `name` when that charset is known and the bytes are valid in it; nil otherwise.
    public static func strictDecode(_ bytes: some Collection<UInt8>, charset name: String) -> String? {
        guard let encoding = encoding(normalised(name)) else { return nil }
        return String(data: Data(bytes), encoding: encoding)
    }

    /// UTF-8 if the bytes are valid UTF-8, else GB18030 if valid there (the commonest unlabelled 8-bit text in
    /// Chinese mail), else Latin-1.
    static func guessed(_ data: Data) -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        if let text = String(data: data, encoding: gb18030) { return text }
        return String(decoding: data.map { UInt16($0) }, as: UTF16.self)
    }

    /// A label lower-cased, without quotes and spaces, with the common aliases of the same charset made one.
    static func normalised(_ name: String) -> String {
        let label = name.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")).lowercased()
        switch label {
        case "utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "csascii", "us": return "us-ascii"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "csgb2312",
            "gb_2312-80", "gb_2312", "chinese", "iso-ir-58", "csiso58gb231280", "x-gb18030":
            return "gb18030"
        case "big5", "x-big5", "cn-big5", "csbig5", "big-5", "cp950": return "big5"
        case "latin1", "iso8859-1", "iso_8859-1", "l1", "iso-8859-1": return "iso-8859-1"
        default: return label
        }
    }

    private static let gb18030 = named("gb18030")!

    private static func encoding(_ label: String) -> String.Encoding? {
        switch label {
        // 8-bit bytes in text labelled ASCII are UTF-8 or GB18030 in practice: the guess reads them.
        case "", "us-ascii": return nil
        case "utf-8": return .utf8
        case "gb18030": return gb18030
        case "iso-8859-1": return .isoLatin1
        default: return named(label)
        }
    }

    private static func named(_ label: String) -> String.Encoding? {
        guard let name = CFStringCreateWithCString(nil, label, CFStringBuiltInEncodings.UTF8.rawValue) else {
            return nil
        }
        let encoding = CFStringConvertIANACharSetNameToEncoding(name)
        guard encoding != kCFStringEncodingInvalidId else { return nil }
        return String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(encoding))
    }
}
