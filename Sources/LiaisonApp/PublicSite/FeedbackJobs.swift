import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The acknowledgment mailed to someone who left an address on the public feedback form: their request's number,
/// in the language they wrote in, through the feedback queue's mailbox (else the first one switched on). Without
/// a mailbox switched on nothing is sent (the page showed the number already).
enum FeedbackJobs {
    /// Forgets the posted form stamps older than `FeedbackIntake.stampRetention` (stamps are good for a day).
    static let purgeStamps = JobHandler(kind: "feedback.purgeStamps") { _, context in
        let cutoff = context.now.addingTimeInterval(-FeedbackIntake.stampRetention)
        let removed = try await context.application.write { tx in
            try await FeedbackIntake.purgeStamps(before: cutoff, on: tx)
        }
        if removed > 0 { context.logger.info("forgot \(removed) feedback form stamps") }
    }

    static let recurring = RecurringJob(kind: purgeStamps.kind, interval: 3_600)

    static let acknowledge = JobHandler(kind: FeedbackIntake.acknowledgementJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let data = payload.data(using: .utf8),
            let ack = try? JSONDecoder().decode(FeedbackIntake.Acknowledgement.self, from: data),
            let number = try await RequestQueries.number(of: ack.requestId, on: app.db)
        else { return }
        let settings = try await SettingsStore.read(on: app.db)
        let mailboxes = try await MailboxQueries.all(on: app.db).filter(\.active)
        guard
            let mailbox = mailboxes.first(where: { $0.departmentID == settings.feedbackQueueID })
                ?? mailboxes.first
        else {
            context.logger.info("feedback \(RequestNumber.format(number)) not acknowledged by mail: no mailbox is switched on")
            return
        }
        let locale = AppLocale(rawValue: ack.locale) ?? .zhHans
        let bytes = render(ack, number: number, locale: locale, settings: settings, from: mailbox, at: context.now, app: app)
            .rendered()
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        let smtp = MailServers.smtp(mailbox, password: passwords.smtp, helloName: app.context.config.host)
        do throws(SMTPError) {
            _ = try await app.smtpPool.send(bytes, from: mailbox.address, to: [ack.email], settings: smtp)
        } catch {
            if error.isPermanent || context.isLastAttempt {
                context.logger.error("feedback acknowledgment to \(ack.email) failed: \(error.description)")
                return
            }
            throw error
        }
    }

    static func render(
        _ ack: FeedbackIntake.Acknowledgement, number: Int, locale: AppLocale, settings: OrganisationSettings,
        from mailbox: Mailbox, at now: Date, app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let company = settings.companyName(in: locale)
        let sender = company.isEmpty ? (mailbox.name ?? catalog.text("app.name", locale, [])) : company
        let formatted = RequestNumber.format(number)
        let text = catalog.text("feedback.mailBody", locale, [ack.name, formatted, sender])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: sender, address: mailbox.address),
            to: [MailAddress(name: ack.name, address: ack.email)],
            subject: catalog.text("feedback.mailSubject", locale, [formatted]),
            messageID: "feedback.\(ack.requestId.idText.lowercased())@\(domain)", date: now, text: text,
            html: """
                <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\
                <p>\(Markdown.html(Markdown.literal(text)))</p></body></html>
                """)
        mail.extraHeaders = [("Auto-Submitted", "auto-replied"), ("X-Liaison-Mail", "feedback-acknowledgment")]
        return mail
    }
}
