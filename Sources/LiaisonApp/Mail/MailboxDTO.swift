import Foundation
import LiaisonCore
import Vapor

/// A mailbox in the API: never its passwords, only whether one is stored.
struct MailboxDTO: Content {
    struct Server: Content {
        var host: String
        var port: Int
        var security: String
        var username: String?
        var hasPassword: Bool

        init(_ server: Mailbox.Server) {
            host = server.host
            port = server.port
            security = server.security.rawValue
            username = server.username
            hasPassword = server.hasPassword
        }
    }

    var id: UUID
    var address: String
    var name: String?
    var departmentId: UUID
    var active: Bool
    var smtp: Server
    var smtpAuth: String
    var verifyCertificate: Bool
    var acknowledge: Bool
    var imap: Server?
    var imapFolder: String
    var imapAfter: String
    var imapMoveFolder: String?
    var connectTimeout: Int
    var commandTimeout: Int
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ mailbox: Mailbox) {
        id = mailbox.id
        address = mailbox.address
        name = mailbox.name
        departmentId = mailbox.departmentID
        active = mailbox.active
        smtp = Server(mailbox.smtp)
        smtpAuth = mailbox.smtpAuth.rawValue
        verifyCertificate = mailbox.verifyCertificate
        acknowledge = mailbox.acknowledge
        imap = mailbox.imap.map(Server.init)
        imapFolder = mailbox.imapFolder
        imapAfter = mailbox.imapAfter.rawValue
        imapMoveFolder = mailbox.imapMoveFolder
        connectTimeout = mailbox.connectTimeout
        commandTimeout = mailbox.commandTimeout
        version = mailbox.version
        createdAt = mailbox.createdAt
        updatedAt = mailbox.updatedAt
    }
}

/// The body of a create or an update. On an update, a field left out keeps its value; an empty string removes an
/// optional one (a password included).
struct MailboxBody: Content {
    var address: String?
    var name: String?
    var departmentId: String?
    var active: Bool?
    var smtpHost: String?
    var smtpPort: Int?
    var smtpSecurity: String?
    var smtpUsername: String?
    var smtpPassword: String?
    var smtpAuth: String?
    var verifyCertificate: Bool?
    var acknowledge: Bool?
    var imapHost: String?
    var imapPort: Int?
    var imapSecurity: String?
    var imapUsername: String?
    var imapPassword: String?
    var imapFolder: String?
    var imapAfter: String?
    var imapMoveFolder: String?
    var connectTimeout: Int?
    var commandTimeout: Int?

    /// The input, fields left out taken from `current` (an update) or left empty (a create).
    func input(over current: Mailbox? = nil) -> MailboxInput {
        var input = MailboxInput()
        input.address = address ?? current?.address
        input.name = name ?? current?.name
        input.departmentID = departmentId ?? current?.departmentID.uuidString
        input.active = active ?? current?.active
        input.smtpHost = smtpHost ?? current?.smtp.host
        input.smtpPort = smtpPort ?? current?.smtp.port
        input.smtpSecurity = smtpSecurity ?? current?.smtp.security.rawValue
        input.smtpUsername = smtpUsername ?? current?.smtp.username
        input.smtpPassword = smtpPassword
        input.smtpAuth = smtpAuth ?? current?.smtpAuth.rawValue
        input.verifyCertificate = verifyCertificate ?? current?.verifyCertificate
        input.acknowledge = acknowledge ?? current?.acknowledge
        input.imapHost = imapHost ?? current?.imap?.host
        input.imapPort = imapPort ?? (imapHost == nil ? current?.imap?.port : nil)
        input.imapSecurity = imapSecurity ?? current?.imap?.security.rawValue
        input.imapUsername = imapUsername ?? current?.imap?.username
        input.imapPassword = imapPassword
        input.imapFolder = imapFolder ?? current?.imapFolder
        input.imapAfter = imapAfter ?? current?.imapAfter.rawValue
        input.imapMoveFolder = imapMoveFolder ?? current?.imapMoveFolder
        input.connectTimeout = connectTimeout ?? current?.connectTimeout
        input.commandTimeout = commandTimeout ?? current?.commandTimeout
        return input
    }
}

/// What a connection test found, per server: whether it worked and, if not, what failed in words.
struct MailboxTestDTO: Content {
    struct Result: Content {
        var ok: Bool
        /// The stage that failed (connect, tls, starttls, authentication/login, select…).
        var stage: String?
        var message: String
        /// Whether trying again later may help.
        var permanent: Bool?
    }

    var smtp: Result
    var imap: Result?
}
