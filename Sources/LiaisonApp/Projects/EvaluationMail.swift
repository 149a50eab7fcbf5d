import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The mail that asks a customer contact to evaluate a project: one job per contact asked (queued by the write
/// that asks, its link sealed), sent through the first mailbox that is switched on, in the contact's language.
/// Nothing is sent once the contact submitted, the mail went already, or the contact is gone.
enum EvaluationMail {
    static let send = JobHandler(kind: CustomerEvaluationCommands.mailJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard
            let job = try? JSONCoding.decoder.decode(
                CustomerEvaluationCommands.MailJob.self, from: Data(payload.utf8))
        else {
            context.logger.error("Evaluation mail with an unreadable payload dropped")
            return
        }
        guard let delivery = try await CustomerEvaluationQueries.delivery(job.evaluationId, on: app.db),
            !delivery.settled
        else { return }
        let link = try app.secretBox().open(job.link)
        guard try await JobMail.send("Evaluation mail", to: delivery.email, context: context, { mailbox in
            render(delivery, link: link, from: mailbox, at: context.now, app: app)
        }) else { return }
        let now = context.now
        _ = try await app.write { tx in
            try await CustomerEvaluationCommands.markMailed(job.evaluationId, at: now, on: tx)
            try await context.complete(on: tx)
        }
    }

    static func render(
        _ delivery: CustomerEvaluationQueries.Delivery, link: String, from mailbox: Mailbox, at now: Date,
        app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let view = delivery.view
        let locale = view.locale
        let appName = catalog.text("app.name", locale, [])
        let title = view.projectNumber + " " + view.projectName
        let subject = catalog.text("evaluation.mail.subject", locale, [title])
        let body =
            catalog.text("evaluation.mail.greeting", locale, [view.contactName]) + "\n\n"
            + catalog.text("evaluation.mail.body", locale, [title, link])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: view.contactName, address: delivery.email)],
            subject: subject, messageID: "evaluation.\(UUID().uuidString.lowercased())@\(domain)", date: now,
            text: body)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "evaluation")]
        return mail
    }

    static let handlers = [send]
}
