import Foundation

/// A received message, read: its addressing and threading headers, its text (plain, and HTML when it has some),
/// and its attachments (inline images among them). Any bytes make a message; what could not be followed is listed
/// in `defects`.
public struct MailMessage: Sendable {
    public var headers: MailHeaders
    public var subject: String
    public var from: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    /// Without angle brackets.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var date: Date?
    /// The plain-text body: the text/plain parts, else the HTML's text.
    public var text: String
    /// The HTML body as sent (unsafe to show as it is: see `HTMLText`).
    public var html: String?
    public var attachments: [MailAttachment]
    public var defects: [String]

    /// Reads a message (RFC 5322 with MIME).
    public init(parsing bytes: [UInt8]) {
        let (root, defects) = MIMEPart.parse(bytes)
        let headers = root.headers
        self.headers = headers
        self.defects = defects
        subject = headers.text("Subject") ?? ""
        from = MailAddress.list(headers["From"]).first
        to = MailAddress.list(headers.all("To").joined(separator: ","))
        cc = MailAddress.list(headers.all("Cc").joined(separator: ","))
        replyTo = MailAddress.list(headers["Reply-To"])
        messageID = MessageIDs.list(headers["Message-ID"]).first
        inReplyTo = MessageIDs.list(headers["In-Reply-To"])
        references = MessageIDs.list(headers["References"])
        date = MailDate.parse(headers["Date"])

        var collector = BodyCollector()
        collector.walk(root)
        text = collector.plain.joined(separator: "\n\n")
        html = collector.html.isEmpty ? nil : collector.html.joined(separator: "\n")
        if text.trimmingSpaces.isEmpty, let html { text = HTMLText.plainText(html) }
        attachments = collector.attachments
    }

    /// Chooses the body among the parts: in multipart/alternative the richest text it can show of each kind; text
    /// parts that are not attachments are the body, in order; everything else is an attachment.
    private struct BodyCollector {
        var plain: [String] = []
        var html: [String] = []
        var attachments: [MailAttachment] = []

        mutating func walk(_ part: MIMEPart) {
            let type = part.mediaType
            if part.isMultipart {
                if type == "multipart/alternative" {
                    alternative(part)
                } else {
                    for child in part.children { walk(child) }
                }
                return
            }
            // A text part is the body unless it is a file: marked as an attachment, or named without being marked
            // inline (a named inline text is the body only while there is none yet).
            let disposition = part.disposition.value
            if type == "text/plain" || type == "text/html", disposition != "attachment",
                part.filename == nil || (disposition == "inline" && plain.isEmpty && html.isEmpty)
            {
                if type == "text/plain" { plain.append(part.bodyText) } else { html.append(part.bodyText) }
                return
            }
            attachments.append(MailAttachment(part))
        }

        /// The last part of each kind wins (RFC 2046 §5.1.4: the richest comes last); other parts of the
        /// alternative (a calendar invitation…) are attachments.
        mutating func alternative(_ part: MIMEPart) {
            var plainText: String?
            var htmlText: String?
            for child in part.children {
                switch child.mediaType {
                case "text/plain" where child.disposition.value != "attachment":
                    plainText = child.bodyText
                case "text/html" where child.disposition.value != "attachment":
                    htmlText = child.bodyText
                case let type where type.hasPrefix("multipart/"):
                    // multipart/related (HTML with its images) or mixed inside an alternative.
                    var inner = BodyCollector()
                    inner.walk(child)
                    if !inner.html.isEmpty { htmlText = inner.html.joined(separator: "\n") }
                    if !inner.plain.isEmpty { plainText = inner.plain.joined(separator: "\n\n") }
                    attachments += inner.attachments
                default:
                    attachments.append(MailAttachment(child))
                }
            }
            if let plainText { plain.append(plainText) }
            if let htmlText { html.append(htmlText) }
        }
    }
}

extension MIMEPart {
    /// A text part's text with line breaks as "\n" and without the line breaks that end it.
    var bodyText: String {
        var text = self.text.replacingLineBreaks()
        while let last = text.unicodeScalars.last, last == "\n" || last == " " || last == "\t" {
            text.unicodeScalars.removeLast()
        }
        return text
    }
}

/// A file that came with a message: an attachment, or an image the HTML shows inline (by its Content-ID).
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    /// Lower-cased "type/subtype" as the sender labelled it (the server checks the content itself).
    public var mediaType: String
    public var contentID: String?
    public var isInline: Bool
    public var data: [UInt8]

    init(_ part: MIMEPart) {
        mediaType = part.mediaType
        contentID = part.contentID
        isInline = part.disposition.value == "inline" || (part.disposition.value.isEmpty && part.contentID != nil)
        data = part.body
        filename = MailAttachment.safeName(part.filename, mediaType: part.mediaType, headers: part.headers)
    }

    /// A name that is safe to store and offer for download: no folders, no control characters, not empty.
    static func safeName(_ name: String?, mediaType: String, headers: MailHeaders) -> String {
        var name = name ?? ""
        if name.isEmpty, mediaType == "message/rfc822" { name = "message.eml" }
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        name = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            .trimmingSpaces
        if name.isEmpty || name == "." || name == ".." {
            let extensionByType = [
                "text/plain": "txt", "text/html": "html", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
                "application/pdf": "pdf", "text/calendar": "ics", "message/delivery-status": "txt",
                "text/rfc822-headers": "txt",
            ]
            name = "attachment." + (extensionByType[mediaType] ?? "bin")
        }
        return String(name.prefix(200))
    }
}
