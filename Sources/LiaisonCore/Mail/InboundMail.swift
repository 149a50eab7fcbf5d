import Foundation

/// A received message as the server stores it: read from its bytes (by `LiaisonMail`) before the write, its raw
/// bytes and attachments already in the blob store. Everything here is plain data, so the write only decides and
/// inserts.
public struct InboundMail: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public var name: String?
        public var address: String

        public init(name: String?, address: String) {
            self.name = name
            self.address = address
        }

        /// Lower-cased, as senders are matched with contacts.
        public var key: String { address.lowercased() }

        public var display: String {
            guard let name, !name.isEmpty else { return address }
            return "\(name) <\(address)>"
        }
    }

    /// A file that came with the message, already stored by its SHA-256.
    public struct File: Sendable, Equatable {
        public var filename: String
        public var mediaType: String
        public var sha256: String
        public var size: Int
        public var isInline: Bool

        public init(filename: String, mediaType: String, sha256: String, size: Int, isInline: Bool) {
            self.filename = filename
            self.mediaType = mediaType
            self.sha256 = sha256
            self.size = size
            self.isInline = isInline
        }
    }

    /// Without angle brackets; a message without one gets "<sha256 of its bytes>@liaison.invalid", so that the same
    /// bytes twice are still one message.
    public var messageID: String
    public var inReplyTo: [String]
    public var references: [String]
    public var from: Address?
    public var to: [Address]
    public var cc: [Address]
    public var subject: String
    /// The subject without "Re:", "回复：" and the like, as a request opened by the message is called.
    public var requestSubject: String
    public var date: Date?
    /// What the sender wrote, as plain text, without the quoted earlier messages.
    public var text: String
    /// The quoted earlier messages cut from `text` (shown collapsed), or nil.
    public var quoted: String?
    /// Whether the message has an HTML body (shown as text; the raw message keeps the markup).
    public var hasHTML: Bool
    public var files: [File]
    /// Why no person wrote it (`AutomaticMail.reason`), or nil.
    public var automatic: String?
    /// The "[R-000123]" number in the subject.
    public var subjectNumber: Int?
    /// The subject as threading compares it (without "Re:", "回复：" and the like, lower-cased).
    public var threadSubject: String
    /// Whether the message says it was sent by this system (our own header), so it is never taken as new mail.
    public var sentByUs: Bool
    public var rawSHA256: String
    public var rawSize: Int
    /// What the reader could not follow (a part cut short, an unknown charset): noted, never fatal.
    public var defects: [String]

    public init(
        messageID: String, inReplyTo: [String], references: [String], from: Address?, to: [Address], cc: [Address],
        subject: String, requestSubject: String, date: Date?, text: String, quoted: String?, hasHTML: Bool, files: [File],
        automatic: String?, subjectNumber: Int?, threadSubject: String, sentByUs: Bool, rawSHA256: String,
        rawSize: Int, defects: [String]
    ) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.requestSubject = requestSubject
        self.date = date
        self.text = text
        self.quoted = quoted
        self.hasHTML = hasHTML
        self.files = files
        self.automatic = automatic
        self.subjectNumber = subjectNumber
        self.threadSubject = threadSubject
        self.sentByUs = sentByUs
        self.rawSHA256 = rawSHA256
        self.rawSize = rawSize
        self.defects = defects
    }

    /// The ids this message answers, nearest first: In-Reply-To, then References from the newest back.
    public var answeredIDs: [String] {
        var seen = Set<String>()
        return (inReplyTo + references.reversed()).filter { seen.insert($0).inserted }
    }
}

/// Why a message waits in quarantine for an administrator instead of being on a request.
public enum QuarantineReason: String, Sendable, CaseIterable, Codable {
    /// The bytes are not a message (no header, nothing readable).
    case unreadable
    /// No usable sender address.
    case noSender
    /// It answers a request of another customer than the sender's, or the sender is not known on that request.
    case threadRefused
    /// The sender sent more than the limit in the last hour.
    case rateLimited
    /// Automatic mail (an auto-reply, a bounce) that answers nothing known.
    case automatic
    /// Mail from one of the system's own mailboxes: a loop.
    case loop
    /// The request it answers is gone.
    case rejected
    /// Larger than the server takes (LIAISON_MAIL_MAX_MB): kept raw, unread.
    case tooLarge
}

/// What an administrator did with a quarantined message.
public enum QuarantineState: String, Sendable, CaseIterable, Codable {
    case held
    /// Taken in again and now on a request.
    case released
    /// Put on a request by hand.
    case assigned
    case discarded
}

/// Where a message stands as mail: received, or for our own, waiting to go, gone, or refused for good.
public enum MailDeliveryState: String, Sendable, CaseIterable, Codable {
    case received
    case queued
    case sent
    case failed
}

/// What taking in one message did.
public enum MailIntakeOutcome: Sendable, Equatable {
    /// A new request was opened with it.
    case opened(request: UUID, message: UUID)
    /// It joined an open request.
    case joined(request: UUID, message: UUID)
    /// The same message (by Message-ID in this mailbox, or the same bytes in quarantine) was taken before.
    case duplicate(request: UUID?, message: UUID?)
    /// One of our own messages came back (a copy, a loop): nothing is stored.
    case ownMessage
    case quarantined(id: UUID, reason: QuarantineReason)

    public var requestID: UUID? {
        switch self {
        case .opened(let request, _), .joined(let request, _): request
        case .duplicate(let request, _): request
        case .ownMessage, .quarantined: nil
        }
    }

    /// A word for logs and the API.
    public var outcome: String {
        switch self {
        case .opened: "opened"
        case .joined: "joined"
        case .duplicate: "duplicate"
        case .ownMessage: "ownMessage"
        case .quarantined: "quarantined"
        }
    }
}
