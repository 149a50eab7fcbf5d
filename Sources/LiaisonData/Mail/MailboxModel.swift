import FluentKit
import Foundation
import LiaisonCore

final class MailboxModel: Model, @unchecked Sendable {
    static let schema = "mailboxes"

    @ID(key: .id) var id: UUID?
    @Field(key: "address") var address: String
    @OptionalField(key: "name") var name: String?
    @Field(key: "department_id") var departmentID: UUID
    @Field(key: "active") var active: Bool
    @Field(key: "smtp_host") var smtpHost: String
    @Field(key: "smtp_port") var smtpPort: Int
    @Field(key: "smtp_security") var smtpSecurity: String
    @OptionalField(key: "smtp_username") var smtpUsername: String?
    /// Sealed (`SecretBox`).
    @OptionalField(key: "smtp_password") var smtpPassword: String?
    @Field(key: "smtp_auth") var smtpAuth: String
    @Field(key: "verify_certificate") var verifyCertificate: Bool
    @OptionalField(key: "imap_host") var imapHost: String?
    @OptionalField(key: "imap_port") var imapPort: Int?
    @OptionalField(key: "imap_security") var imapSecurity: String?
    @OptionalField(key: "imap_username") var imapUsername: String?
    /// Sealed (`SecretBox`).
    @OptionalField(key: "imap_password") var imapPassword: String?
    @Field(key: "imap_folder") var imapFolder: String
    @Field(key: "imap_after") var imapAfter: String
    @OptionalField(key: "imap_move_folder") var imapMoveFolder: String?
    @OptionalField(key: "imap_uid_validity") var imapUIDValidity: Int64?
    @OptionalField(key: "imap_last_uid") var imapLastUID: Int64?
    @Field(key: "connect_timeout") var connectTimeout: Int
    @Field(key: "acknowledge") var acknowledge: Bool
    @Field(key: "command_timeout") var commandTimeout: Int
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var mailbox: Mailbox {
        Mailbox(
            id: id!, address: address, name: name, departmentID: departmentID, active: active,
            smtp: .init(
                host: smtpHost, port: smtpPort, security: MailSecurity(rawValue: smtpSecurity) ?? .starttls,
                username: smtpUsername, hasPassword: smtpPassword != nil),
            smtpAuth: MailAuthentication(rawValue: smtpAuth) ?? .automatic, verifyCertificate: verifyCertificate,
            imap: imapHost.map { host in
                .init(
                    host: host, port: imapPort ?? 993, security: imapSecurity.flatMap(MailSecurity.init) ?? .tls,
                    username: imapUsername, hasPassword: imapPassword != nil)
            },
            imapFolder: imapFolder, imapAfter: MailAfterTaking(rawValue: imapAfter) ?? .seen,
            imapMoveFolder: imapMoveFolder, connectTimeout: connectTimeout, commandTimeout: commandTimeout,
            acknowledge: acknowledge, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
