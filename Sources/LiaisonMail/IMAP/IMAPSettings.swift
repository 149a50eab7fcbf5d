/// How to read a mailbox (RFC 3501): where, how the connection is protected, who signs in, which folder, and what
/// happens to a message once it is taken.
public struct IMAPSettings: Sendable, Equatable {
    public enum AfterTaking: Sendable, Equatable {
        /// Flag it \Seen and leave it in the folder.
        case markSeen
        /// Move it to another folder (created if missing).
        case move(to: String)
    }

    public var host: String
    public var port: Int
    public var security: ConnectionSecurity
    public var username: String
    public var password: String
    public var folder: String
    public var afterTaking: AfterTaking
    public var verifyCertificate: Bool
    public var trustedCertificatesPEM: String?
    public var connectTimeout: Double
    /// How long one response may take (a large message's FETCH gets longer, by its size).
    public var commandTimeout: Double

    public init(
        host: String, port: Int, security: ConnectionSecurity, username: String, password: String,
        folder: String = "INBOX", afterTaking: AfterTaking = .markSeen, verifyCertificate: Bool = true,
        trustedCertificatesPEM: String? = nil, connectTimeout: Double = 10, commandTimeout: Double = 30
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.folder = folder
        self.afterTaking = afterTaking
        self.verifyCertificate = verifyCertificate
        self.trustedCertificatesPEM = trustedCertificatesPEM
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }
}

/// What went wrong reading a mailbox, in words, and whether trying again later may help.
public struct IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        case connect, tls, greeting, startTLS = "starttls", login, select, search, fetch, store, move, logout
    }

    public var stage: Stage
    public var message: String
    public var isPermanent: Bool

    public var description: String { "\(stage.rawValue): \(message)" }
}

/// Where reading a folder got to: messages are taken in UID order, and a UID is only meaningful while the folder's
/// UIDVALIDITY stays the same (RFC 3501 §2.3.1.1). Kept by the caller between runs, so that a restart neither skips
/// nor repeats mail.
public struct IMAPCursor: Sendable, Equatable, Codable {
    public var uidValidity: UInt32
    /// The highest UID taken so far.
    public var lastUID: UInt32

    public init(uidValidity: UInt32, lastUID: UInt32) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}
