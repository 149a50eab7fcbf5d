import Foundation

/// A message we send, and its bytes on the wire (RFC 5322 + MIME): plain text and HTML as multipart/alternative,
/// attachments around them as multipart/mixed, every header on lines of at most 78 characters, names and subjects
/// as encoded words, text as quoted-printable UTF-8. Values never carry a line break into the header: one in a
/// subject or name becomes a space (no header injection).
public struct OutgoingMail: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var filename: String
        public var mediaType: String
        public var data: [UInt8]
        /// Parameters of the media type besides the name (`method=REQUEST` of a calendar invitation), written in
        /// the order of their names; a value that is not a plain token is left out.
        public var parameters: [String: String] = [:]

        public init(filename: String, mediaType: String, data: [UInt8], parameters: [String: String] = [:]) {
            self.filename = filename
            self.mediaType = mediaType
            self.data = data
            self.parameters = parameters
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress] = []
    public var replyTo: MailAddress?
    public var subject: String
    /// Without angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String] = []
    public var date: Date
    public var text: String
    public var html: String?
    public var attachments: [File] = []
    /// Extra fields (Auto-Submitted for notices, X-Liaison-Request…); names must be plain header names.
    public var extraHeaders: [(name: String, value: String)] = []

    public init(
        from: MailAddress, to: [MailAddress], subject: String, messageID: String, date: Date, text: String,
        html: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.text = text
        self.html = html
    }

    public static func == (a: OutgoingMail, b: OutgoingMail) -> Bool {
        a.rendered(boundarySeed: "x") == b.rendered(boundarySeed: "x")
    }

    /// The message as sent, lines ending in CRLF. `boundarySeed` makes the MIME boundaries (the message id serves).
    public func rendered(boundarySeed: String? = nil) -> [UInt8] {
        let seed = Self.token(boundarySeed ?? messageID)
        var head: [String] = []
        head.append(Self.field("Date", MailDate.format(date)))
        head.append(Self.field("From", from.headerValue))
        head.append(Self.field("To", to.map(\.headerValue).joined(separator: ", ")))
        if !cc.isEmpty { head.append(Self.field("Cc", cc.map(\.headerValue).joined(separator: ", "))) }
        if let replyTo { head.append(Self.field("Reply-To", replyTo.headerValue)) }
        head.append(Self.field("Subject", EncodedWords.encode(Self.oneLine(subject))))
        head.append(Self.field("Message-ID", "<\(messageID)>"))
        if let inReplyTo { head.append(Self.field("In-Reply-To", "<\(inReplyTo)>")) }
        if !references.isEmpty { head.append(Self.field("References", references.map { "<\($0)>" }.joined(separator: " "))) }
        for (name, value) in extraHeaders where Self.isFieldName(name) {
            head.append(Self.field(name, EncodedWords.encode(Self.oneLine(value))))
        }
        head.append("MIME-Version: 1.0")

        let textPart = Self.textPart("text/plain", text)
        var body: [String]
        if let html {
            let boundary = "=_alt_" + seed
            body = Self.multipart("multipart/alternative", boundary: boundary, parts: [textPart, Self.textPart("text/html", html)])
        } else {
            body = textPart
        }
        if !attachments.isEmpty {
            let boundary = "=_mix_" + seed
            body = Self.multipart("multipart/mixed", boundary: boundary, parts: [body] + attachments.map(Self.filePart))
        }
        let lines = head + body
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    private static func textPart(_ type: String, _ text: String) -> [String] {
        [
            "Content-Type: \(type); charset=UTF-8", "Content-Transfer-Encoding: quoted-printable", "",
            TransferEncoding.encodeQuotedPrintable(text),
        ]
    }

    private static func filePart(_ file: File) -> [String] {
        let name = oneLine(file.filename)
        let type = isMediaType(file.mediaType) ? file.mediaType.lowercased() : "application/octet-stream"
        let extra = file.parameters.keys.sorted().compactMap { key -> String? in
            guard let value = file.parameters[key], isToken(key), isToken(value) else { return nil }
            return "\(key.lowercased())=\(value); "
        }.joined()
        return [
            field("Content-Type", "\(type); \(extra)name=\"\(quotedEncoded(name))\""),
            field("Content-Disposition", "attachment; filename=\"\(quotedEncoded(name))\"; " + rfc2231("filename", name)),
            "Content-Transfer-Encoding: base64", "",
            TransferEncoding.encodeBase64(file.data),
        ]
    }

    /// Each part with its own headers; the part's header and body lines given as one list.
    private static func multipart(_ type: String, boundary: String, parts: [[String]]) -> [String] {
        var lines = ["Content-Type: \(type);", " boundary=\"\(boundary)\"", ""]
        for part in parts {
            lines.append("--" + boundary)
            lines += part
        }
        lines.append("--" + boundary + "--")
        return lines
    }

    /// A file name for old readers (encoded words inside quotes, as Outlook reads) — the RFC 2231 form follows.
    private static func quotedEncoded(_ name: String) -> String {
        EncodedWords.encode(name).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func rfc2231(_ parameter: String, _ value: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let encoded = value.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
            .joined()
        return "\(parameter)*=UTF-8''\(encoded)"
    }

    /// "Name: value" folded at spaces so that no line passes 78 characters where a space allows.
    static func field(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let piece = String(word)
            if line.count + 1 + piece.count > 78, line.count > name.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + piece
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// Control characters (CR and LF above all) as spaces.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    private static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    /// An RFC 2045 token: printable ASCII without spaces and `tspecials`.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains($0) }
    }

    private static func isMediaType(_ type: String) -> Bool {
        let parts = type.split(separator: "/")
        return parts.count == 2
            && type.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"()<>@,;:\\\"[]?=".utf8.contains($0) }
    }

    /// Letters and digits of `text`, for boundaries (never found in quoted-printable or base64 lines: "=_" starts them).
    private static func token(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            .prefix(40).map(Character.init))
    }
}
