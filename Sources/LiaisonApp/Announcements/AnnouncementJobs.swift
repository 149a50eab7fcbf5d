import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// Announcements published ahead of time are mailed when their time comes (a recurring look each minute), and each
/// contact's mail is a job of its own: sent once, retried, in the contact's language, through a mailbox that is
/// switched on.
enum AnnouncementJobs {
    static let publish = JobHandler(kind: "announcement.publish") { _, context in
        let count = try await mailDue(context.application, at: context.now)
        if count > 0 { context.logger.info("announcements: \(count) came out and were mailed") }
    }

    static let recurring = RecurringJob(kind: publish.kind, interval: 60)

    /// Queues the mail of every announcement whose publication time has come, each in a write of its own.
    @discardableResult
    static func mailDue(_ app: Application, at now: Date) async throws -> Int {
        let due = try await AnnouncementQueries.dueForMail(at: now, on: app.db)
        let context = WriteContext(actor: .system("announcements"), now: now, settings: app.context.config.requestSettings)
        for id in due {
            _ = try await app.write { tx in try await AnnouncementCommands.mailIfDue(id: id, in: context, on: tx) }
        }
        return due.count
    }

    /// Mails one announcement to one contact (payload: the delivery's id). Nothing is sent when the announcement was
    /// withdrawn or expired meanwhile, or the contact is gone or now refuses email.
    static let email = JobHandler(kind: AnnouncementCommands.emailJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let id = UUIDText.parse(payload),
            let delivery = try await AnnouncementMail.delivery(id, on: app.db), delivery.status == "queued"
        else { return }
        guard let announcement = try await AnnouncementQueries.find(delivery.announcementID, on: app.db),
            announcement.isVisible(at: context.now),
            try await AnnouncementMail.mayStillMail(delivery, on: app.db)
        else {
            try await app.write { tx in try await AnnouncementMail.mark(id, "skipped", at: context.now, on: tx) }
            return
        }
        let mailboxes = try await MailboxQueries.all(on: app.db).filter(\.active)
        guard let mailbox = mailboxes.first else {
            context.logger.warning("announcement \(announcement.id) not mailed to \(delivery.email): no mailbox is switched on")
            if context.isLastAttempt {
                try await app.write { tx in try await AnnouncementMail.mark(id, "skipped", at: context.now, on: tx) }
                return
            }
            throw NotificationJobs.NotSent(description: "no mailbox is switched on")
        }
        let locale = AppLocale(rawValue: delivery.locale) ?? .zhHans
        let settings = try await SettingsStore.read(on: app.db)
        let bytes = render(
            announcement, to: delivery.email, locale: locale, company: settings.companyName(in: locale), from: mailbox,
            deliveryID: id, at: context.now, app: app
        ).rendered()
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        let smtp = MailServers.smtp(mailbox, password: passwords.smtp, helloName: app.context.config.host)
        do throws(SMTPError) {
            _ = try await app.smtpPool.send(bytes, from: mailbox.address, to: [delivery.email], settings: smtp)
        } catch {
            if error.isPermanent || context.isLastAttempt {
                context.logger.error("announcement mail \(id) to \(delivery.email) failed: \(error.description)")
                try await app.write { tx in try await AnnouncementMail.mark(id, "failed", at: context.now, on: tx) }
                return
            }
            throw error
        }
        try await app.write { tx in
            try await AnnouncementMail.mark(id, "sent", at: context.now, on: tx)
            try await context.complete(on: tx)
        }
    }

    static func render(
        _ a: Announcement, to address: String, locale: AppLocale, company: String, from mailbox: Mailbox,
        deliveryID: UUID, at now: Date, app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let sender = company.isEmpty ? (mailbox.name ?? catalog.text("app.name", locale, [])) : company
        let title = a.title(in: locale)
        let body = a.body(in: locale)
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        let footer = catalog.text("announcements.mailFooter", locale, [sender])
        var mail = OutgoingMail(
            from: MailAddress(name: sender, address: mailbox.address), to: [MailAddress(name: nil, address: address)],
            subject: "[\(sender)] " + title, messageID: "announcement.\(deliveryID.idText.lowercased())@\(domain)",
            date: now, text: title + "\n\n" + Markdown.plainText(body) + "\n\n-- \n" + footer,
            html: """
                <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\
                <h1 style="font-size:1.25em">\(Markdown.html(Markdown.literal(title)))</h1>\
                \(Markdown.html(body))\
                <div style="color:#666;font-size:small">\(Markdown.html(Markdown.literal(footer)))</div></body></html>
                """)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "announcement")]
        return mail
    }

    static let handlers = [publish, email]
}
