import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The invitation mail of an NPS campaign: one job per invitation (queued by the write that sends the campaign,
/// its link sealed), sent through the first mailbox that is switched on, in the contact's language. A job that
/// runs again after its mail went out sends nothing (the invitation is marked mailed in the same write that
/// completes the job); a failure is retried with backoff until the last try.
enum NPSMail {
    static let invite = JobHandler(kind: NPSSurveyCommands.inviteJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let job = try? JSONCoding.decoder.decode(NPSSurveyCommands.InvitationJob.self, from: Data(payload.utf8))
        else {
            context.logger.error("NPS invitation with an unreadable payload dropped")
            return
        }
        guard let delivery = try await NPSSurveyQueries.delivery(job.invitationId, on: app.db), !delivery.mailed,
            !delivery.answered
        else { return }
        if let closes = delivery.closesAt, closes <= context.now { return }  // too late to be of use
        let link = try app.secretBox().open(job.link)
        // No mailbox switched on is retried: one may be switched on meanwhile.
        guard try await JobMail.send("NPS invitation", to: delivery.email, context: context, { mailbox in
            render(delivery, link: link, from: mailbox, at: context.now, app: app)
        }) else { return }
        let now = context.now
        _ = try await app.write { tx in
            try await NPSSurveyCommands.markMailed(job.invitationId, at: now, on: tx)
            try await context.complete(on: tx)
        }
    }

    struct NoMailbox: Error, CustomStringConvertible {
        var description: String { "no mailbox is switched on" }
    }

    static func render(_ delivery: NPSDelivery, link: String, from mailbox: Mailbox, at now: Date, app: Application)
        -> OutgoingMail
    {
        let catalog = app.context.catalog
        let locale = delivery.locale
        let appName = catalog.text("app.name", locale, [])
        let subject = catalog.text("npsMail.subject", locale, [delivery.surveyName])
        var body = catalog.text("npsMail.greeting", locale, [delivery.contactName]) + "\n\n"
        if let intro = delivery.intro { body += intro + "\n\n" }
        body += catalog.text("npsMail.body", locale, [link])
        if let closes = delivery.closesAt {
            var style = Date.FormatStyle(date: .abbreviated, time: .shortened)
            style.locale = Locale(identifier: locale == .zhHans ? "zh_CN" : "en_GB")
            style.timeZone = TimeZone(identifier: app.context.config.defaultTimeZone) ?? .gmt
            body += "\n\n" + catalog.text("npsMail.closes", locale, [closes.formatted(style)])
        }
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: delivery.contactName, address: delivery.email)],
            subject: subject, messageID: "nps.\(UUID().uuidString.lowercased())@\(domain)", date: now, text: body)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "nps")]
        return mail
    }

    static let handlers = [invite]
}
