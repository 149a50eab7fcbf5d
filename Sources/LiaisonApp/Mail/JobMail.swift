import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// One mail to one address from a job, through the first mailbox that is switched on: what the mail jobs of
/// charters, change requests, evaluations, meetings and customer messages share. No mailbox switched on, or a
/// failure, retries the job; on its last attempt (or when the server refuses for good) the mail is dropped and
/// logged.
enum JobMail {
    /// Sends the mail `render` writes for the mailbox; false when it was dropped (logged as `what`, e.g.
    /// "Meeting invitation"), so that the job stops without recording it as sent.
    static func send(
        _ what: String, to email: String, context: JobContext, _ render: (Mailbox) throws -> OutgoingMail
    ) async throws -> Bool {
        let app = context.application
        guard let mailbox = try await MailboxQueries.all(on: app.db).first(where: \.active) else {
            if context.isLastAttempt {
                context.logger.error("\(what) to \(email) not sent: no mailbox is switched on")
                return false
            }
            throw NPSMail.NoMailbox()
        }
        let mail = try render(mailbox)
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        let settings = MailServers.smtp(mailbox, password: passwords.smtp, helloName: app.context.config.host)
        do throws(SMTPError) {
            _ = try await app.smtpPool.send(mail.rendered(), from: mailbox.address, to: [email], settings: settings)
        } catch {
            if error.isPermanent || context.isLastAttempt {
                context.logger.error("\(what) could not be sent to \(email): \(error.description)")
                return false
            }
            throw error
        }
        return true
    }
}
