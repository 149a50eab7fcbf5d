import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// A mailbox's servers as the mail clients take them: its settings with its passwords unsealed.
enum MailServers {
    static func smtp(_ mailbox: Mailbox, password: String?, helloName: String) -> SMTPSettings {
        SMTPSettings(
            host: mailbox.smtp.host, port: mailbox.smtp.port, security: security(mailbox.smtp.security),
            username: mailbox.smtp.username, password: password,
            authentication: SMTPSettings.Authentication(rawValue: mailbox.smtpAuth.rawValue) ?? .automatic,
            verifyCertificate: mailbox.verifyCertificate, helloName: helloName,
            connectTimeout: Double(mailbox.connectTimeout), commandTimeout: Double(mailbox.commandTimeout))
    }

    /// Nil for a mailbox without an IMAP server.
    static func imap(_ mailbox: Mailbox, password: String?) -> IMAPSettings? {
        guard let server = mailbox.imap else { return nil }
        let after: IMAPSettings.AfterTaking = switch mailbox.imapAfter {
        case .seen: .markSeen
        case .move: .move(to: mailbox.imapMoveFolder ?? "Liaison")
        }
        return IMAPSettings(
            host: server.host, port: server.port, security: security(server.security), username: server.username ?? "",
            password: password ?? "", folder: mailbox.imapFolder, afterTaking: after,
            verifyCertificate: mailbox.verifyCertificate, connectTimeout: Double(mailbox.connectTimeout),
            commandTimeout: Double(mailbox.commandTimeout))
    }

    static func security(_ security: MailSecurity) -> ConnectionSecurity {
        switch security {
        case .none: .none
        case .starttls: .startTLS
        case .tls: .tls
        }
    }
}

extension Application {
    /// The box stored secrets are sealed with: LIAISON_SECRET_KEY's key, else the data folder's (its key file is made
    /// on first use).
    func secretBox() throws -> SecretBox {
        let config = context.config
        if let key = config.secretKey { return SecretBox(key: SymmetricKey(data: key)) }
        return try SecretBox.loadOrCreate(in: URL(fileURLWithPath: config.dataDirectory))
    }
}

extension Application {
    private struct SMTPPoolKey: StorageKey {
        typealias Value = SMTPPool
    }

    /// The kept SMTP connections that mail and email notifications go out on.
    var smtpPool: SMTPPool {
        get { configured(SMTPPoolKey.self, "no SMTP pool") }
        set { storage[SMTPPoolKey.self] = newValue }
    }
}

/// Says goodbye on the kept SMTP connections when the server stops.
struct CloseSMTPPool: LifecycleHandler {
    let pool: SMTPPool

    func shutdownAsync(_ application: Application) async {
        await pool.closeAll()
    }
}
