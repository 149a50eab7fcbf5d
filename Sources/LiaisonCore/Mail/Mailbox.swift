import Foundation

/// A mailbox as shown: everything but its passwords, of which only whether one is stored.
public struct Mailbox: Sendable, Equatable {
    public struct Server: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var security: MailSecurity
        public var username: String?
        public var hasPassword: Bool

        public init(host: String, port: Int, security: MailSecurity, username: String?, hasPassword: Bool) {
            self.host = host
            self.port = port
            self.security = security
            self.username = username
            self.hasPassword = hasPassword
        }
    }

    public var id: UUID
    public var address: String
    public var name: String?
    public var departmentID: UUID
    public var active: Bool
    public var smtp: Server
    public var smtpAuth: MailAuthentication
    public var verifyCertificate: Bool
    public var imap: Server?
    public var imapFolder: String
    public var imapAfter: MailAfterTaking
    public var imapMoveFolder: String?
    public var connectTimeout: Int
    public var commandTimeout: Int
    /// Whether a request opened by mail is acknowledged to its sender by mail (with its number).
    public var acknowledge: Bool
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, address: String, name: String?, departmentID: UUID, active: Bool, smtp: Server,
        smtpAuth: MailAuthentication, verifyCertificate: Bool, imap: Server?, imapFolder: String,
        imapAfter: MailAfterTaking, imapMoveFolder: String?, connectTimeout: Int, commandTimeout: Int, acknowledge: Bool = true,
        version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.address = address
        self.name = name
        self.departmentID = departmentID
        self.active = active
        self.smtp = smtp
        self.smtpAuth = smtpAuth
        self.verifyCertificate = verifyCertificate
        self.imap = imap
        self.imapFolder = imapFolder
        self.imapAfter = imapAfter
        self.imapMoveFolder = imapMoveFolder
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.acknowledge = acknowledge
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
