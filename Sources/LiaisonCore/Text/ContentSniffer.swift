import Foundation

/// Decides an attachment's type from its bytes, never trusting the name or the browser's Content-Type: a file is
/// accepted only when its magic number is one we allow, and the name merely picks among look-alike containers.
public enum ContentSniffer {
    /// A recognised, allowed file type.
    public struct Detected: Sendable, Equatable {
        public var mime: String
        public var fileExtension: String

        public init(mime: String, fileExtension: String) {
            self.mime = mime
            self.fileExtension = fileExtension
        }
    }

    /// How many leading bytes `sniff` looks at.
    public static let headLength = 8192

    /// What users are told may be attached.
    public static let allowedDescription =
        "PDF, images (PNG, JPEG, GIF, WebP), Office documents, ZIP, plain text, CSV and e-mail (.eml)"

    /// The type of a file from its first bytes (magic numbers), or nil when it is not an allowed type. `head` is the
    /// first `headLength` bytes, or the whole file when it is shorter.
    public static func sniff(_ head: [UInt8], filename: String) -> Detected? {
        let head = Array(head.prefix(headLength))
        let ext = fileExtension(of: filename)
        if head.starts(with: Array("%PDF-".utf8)) {
            return Detected(mime: "application/pdf", fileExtension: "pdf")
        }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return Detected(mime: "image/png", fileExtension: "png")
        }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            return Detected(mime: "image/jpeg", fileExtension: "jpg")
        }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) {
            return Detected(mime: "image/gif", fileExtension: "gif")
        }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), head[8..<12].elementsEqual("WEBP".utf8) {
            return Detected(mime: "image/webp", fileExtension: "webp")
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            // OOXML files are ZIPs; only the name tells them apart without unpacking.
            return zipBased[ext] ?? Detected(mime: "application/zip", fileExtension: "zip")
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return oleBased[ext] ?? Detected(mime: "application/x-ole-storage", fileExtension: "bin")
        }
        if isExecutable(head) || !isText(head) || looksLikeActiveMarkup(head) {
            return nil
        }
        switch ext {
        case "csv": return Detected(mime: "text/csv", fileExtension: "csv")
        case "eml": return Detected(mime: "message/rfc822", fileExtension: "eml")
        default: return Detected(mime: "text/plain", fileExtension: "txt")
        }
    }

    private static let zipBased: [String: Detected] = [
        "docx": Detected(
            mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", fileExtension: "docx"),
        "xlsx": Detected(
            mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileExtension: "xlsx"),
        "pptx": Detected(
            mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", fileExtension: "pptx"),
    ]

    private static let oleBased: [String: Detected] = [
        "doc": Detected(mime: "application/msword", fileExtension: "doc"),
        "xls": Detected(mime: "application/vnd.ms-excel", fileExtension: "xls"),
        "ppt": Detected(mime: "application/vnd.ms-powerpoint", fileExtension: "ppt"),
    ]

    /// The lower-cased extension of the last path component; browsers on Windows may send "C:\fakepath\a.docx".
    private static func fileExtension(of filename: String) -> String {
        let name = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    private static func isExecutable(_ head: [UInt8]) -> Bool {
        let machO: [[UInt8]] = [
            [0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF], [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE],
            [0xCA, 0xFE, 0xBA, 0xBE],
        ]
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) || machO.contains(where: { head.starts(with: $0) }) {
            return true
        }
        // A real DOS/PE header has NULs right away; plain text that happens to start "MZ" (a product code) does not.
        return head.starts(with: [0x4D, 0x5A]) && head.prefix(64).contains(0)
    }

    /// Text in UTF-8 or GB18030 without NUL bytes. A full-length head was cut from a longer file and may end inside
    /// a multi-byte character, so there up to three trailing bytes may be incomplete; a shorter head is the whole file.
    private static func isText(_ head: [UInt8]) -> Bool {
        guard !head.contains(0) else { return false }
        for cut in 0...(head.count == headLength ? 3 : 0) {
            let body = Array(head.dropLast(cut))
            if TextDecoding.utf8(body[...]) != nil || TextDecoding.gb18030(body) != nil {
                return true
            }
        }
        return false
    }

    /// HTML or SVG served back from our origin would run its scripts, so markup documents are refused even though
    /// they are text. Text that merely mentions a tag further in (a note, a CSV cell) is still plain text.
    private static func looksLikeActiveMarkup(_ head: [UInt8]) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) }),
            first == UInt8(ascii: "<")
        else { return false }
        let lowered = String(decoding: bytes, as: UTF8.self).lowercased()
        return ["<html", "<svg", "<script", "<!doctype html"].contains { lowered.contains($0) }
    }
}
