import CoreFoundation
import Foundation

/// Builds test messages as bytes: lines joined with CRLF, text in a named charset, base64 of such text.
enum Fixture {
    static func encoding(_ label: String) -> String.Encoding {
        let name = CFStringCreateWithCString(nil, label, CFStringBuiltInEncodings.UTF8.rawValue)!
        return String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringConvertIANACharSetNameToEncoding(name)))
    }

    /// `text` in `charset` ("gbk", "gb18030", "big5", "iso-2022-jp", "utf-8").
    static func bytes(_ text: String, _ charset: String) -> [UInt8] {
        Array(text.data(using: charset == "utf-8" ? .utf8 : encoding(charset))!)
    }

    static func base64(_ text: String, _ charset: String) -> String {
        Data(bytes(text, charset)).base64EncodedString()
    }

    /// Lines joined with CRLF; `raw` pieces spliced in as bytes where a line is "{raw}".
    static func message(_ lines: [String], raw: [[UInt8]] = []) -> [UInt8] {
        var out: [UInt8] = []
        var pieces = raw.makeIterator()
        for line in lines {
            if line == "{raw}", let piece = pieces.next() { out += piece } else { out += Array(line.utf8) }
            out += [13, 10]
        }
        return out
    }
}
