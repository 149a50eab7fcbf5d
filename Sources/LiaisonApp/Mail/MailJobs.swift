import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// Mail's background work: sending each queued message, and reading each mailbox's IMAP folder.
enum MailJobs {
    /// Sends one queued message (payload: its mail row's id) through its mailbox's SMTP server. A refusal for good
    /// (a 5xx answer, a bad address) fails it at once; anything else is retried with backoff until the last try.
    static let send = JobHandler(kind: MailOutbox.sendJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let id = UUIDText.parse(payload), let outgoing = try await MailOutbox.outgoing(id, on: app.db),
            outgoing.mail.state != .sent
        else { return }
        let write = WriteContext(actor: .system("mail"), now: context.now)
        func fail(_ error: String, final: Bool) async throws {
            _ = try await app.write { tx in
                try await MailOutbox.markFailed(id, error: error, final: final, in: write, on: tx)
            }
        }
        guard let mailboxID = outgoing.mail.mailboxID, let mailbox = try await MailboxQueries.find(mailboxID, on: app.db),
            mailbox.active
        else {
            try await fail("the mailbox was removed or switched off", final: true)
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try await render(outgoing, mailbox: mailbox, at: context.now, app: app)
        } catch {
            try await fail("the message could not be put together: \(error)", final: true)
            return
        }
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        let settings = MailServers.smtp(mailbox, password: passwords.smtp, helloName: app.context.config.host)
        let receipt: SMTPClient.Receipt
        do throws(SMTPError) {
            receipt = try await app.smtpPool.send(
                bytes, from: mailbox.address, to: outgoing.mail.to.map(\.address), settings: settings)
        } catch {
            let final = error.isPermanent || context.isLastAttempt
            try await fail(error.description, final: final)
            // A failure for good is recorded and done; any other runs again later.
            if !final { throw error }
            return
        }
        _ = try await app.write { tx in
            try await MailOutbox.markSent(id, reply: receipt.reply, in: write, on: tx)
            try await context.complete(on: tx)
        }
    }

    /// The message as sent: the reply's text (Markdown as written, and as HTML), a line in the contact's language
    /// saying how to answer, the files, and the threading headers.
    static func render(_ outgoing: MailOutbox.Outgoing, mailbox: Mailbox, at now: Date, app: Application) async throws
        -> [UInt8]
    {
        let context = app.context
        let locale = outgoing.language ?? AppLocale(rawValue: context.config.defaultLocale) ?? .zhHans
        let footer = context.catalog.text("mail.replyFooter", locale, [outgoing.requestNumber])
        let mail = outgoing.mail
        var message = OutgoingMail(
            from: MailAddress(name: mailbox.name, address: mailbox.address),
            to: mail.to.map { MailAddress(name: $0.name, address: $0.address) }, subject: mail.subject,
            messageID: mail.messageID, date: now, text: outgoing.body + "\n\n-- \n" + footer,
            html: """
                <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\(Markdown.html(outgoing.body))
                <div style="color:#666;font-size:small">\(Markdown.html(Markdown.literal(footer)))</div></body></html>
                """)
        message.inReplyTo = mail.inReplyTo
        message.references = mail.references
        message.extraHeaders = [("X-Liaison-Mail", outgoing.requestNumber)]
        // A notice no person wrote (an acknowledgement) says so (RFC 3834), so that the
        // customer's auto-responder stays silent.
        if let automatic = mail.automatic { message.extraHeaders.append(("Auto-Submitted", automatic)) }
        for file in outgoing.files {
            guard let data = try await context.blobStore.get(sha256: file.sha256, on: app.db) else {
                throw MailRenderFailure(message: "\(file.filename) has no stored content")
            }
            message.attachments.append(.init(filename: file.filename, mediaType: file.mime, data: Array(data)))
        }
        return message.rendered()
    }

    struct MailRenderFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads every active mailbox's IMAP folder once: new messages are taken in as they come (each its own write),
    /// then the cursor moves on, so that a restart neither skips nor repeats mail (a message taken twice is one).
    static let poll = JobHandler(kind: "mail.poll") { _, context in
        let app = context.application
        for mailbox in try await MailboxQueries.all(on: app.db) where mailbox.active && mailbox.imap != nil {
            try await pollOnce(mailbox, app: app, logger: context.logger)
        }
    }

    /// One mailbox's poll; its outcome (the cursor reached, an error in words) is kept on the mailbox.
    static func pollOnce(_ mailbox: Mailbox, app: Application, logger: Logger) async throws {
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        guard let settings = MailServers.imap(mailbox, password: passwords.imap) else { return }
        let stored = try await MailboxQueries.cursor(of: mailbox.id, on: app.db)
        let cursor = stored.flatMap { stored in
            UInt32(exactly: stored.validity).flatMap { validity in
                UInt32(exactly: stored.lastUID).map { IMAPCursor(uidValidity: validity, lastUID: $0) }
            }
        }
        var reached: (validity: Int64, lastUID: Int64)?
        var problem: String?
        do {
            let result = try await IMAPClient(settings: settings).poll(after: cursor, limit: 200) { _, bytes in
                do {
                    _ = try await MailIngest.take(bytes, for: .known(mailbox), by: .system("imap"), app: app)
                    return true
                } catch {
                    logger.error("mail from \(mailbox.address) could not be stored: \(String(reflecting: error))")
                    return false
                }
            }
            reached = (Int64(result.cursor.uidValidity), Int64(result.cursor.lastUID))
            if result.taken > 0 { logger.info("took \(result.taken) messages from \(mailbox.address)") }
        } catch {
            problem = error.description
            logger.warning("reading \(mailbox.address): \(error.description)")
        }
        let now = app.context.effects.clock.now()
        _ = try await app.write { [reached, problem] tx in
            try await MailboxQueries.recordPoll(mailbox.id, cursor: reached, error: problem, at: now, on: tx)
        }
    }

    static let handlers = [send, poll]

    static func recurring(_ config: AppConfig) -> [RecurringJob] {
        [RecurringJob(kind: poll.kind, interval: TimeInterval(config.mailPollSeconds))]
    }
}
