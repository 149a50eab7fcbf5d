import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The mail that asks a customer contact to approve or reject a change request: one job per link (queued by the
/// write that sends the request, its link sealed), sent through the first mailbox that is switched on, in the
/// contact's language. Nothing is sent once the request is decided or withdrawn, or the contact is gone.
enum ChangeRequestMail {
    static let decide = JobHandler(kind: ChangeRequestCommands.decisionJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard
            let job = try? JSONCoding.decoder.decode(
                ChangeRequestCommands.DecisionJob.self, from: Data(payload.utf8))
        else {
            context.logger.error("Change request decision mail with an unreadable payload dropped")
            return
        }
        guard let delivery = try await ChangeRequestQueries.delivery(job.linkId, on: app.db), !delivery.mailed else {
            return
        }
        let link = try app.secretBox().open(job.link)
        guard try await JobMail.send("Change request mail", to: delivery.email, context: context, { mailbox in
            render(delivery, link: link, from: mailbox, at: context.now, app: app)
        }) else { return }
        let now = context.now
        _ = try await app.write { tx in
            try await ChangeRequestCommands.markMailed(job.linkId, at: now, on: tx)
            try await context.complete(on: tx)
        }
    }

    static func render(
        _ delivery: ChangeRequestQueries.Delivery, link: String, from mailbox: Mailbox, at now: Date, app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let view = delivery.view
        let locale = view.locale
        let appName = catalog.text("app.name", locale, [])
        let project = view.projectNumber + " " + view.projectName
        let change = view.changeRequest.numberText + " " + view.changeRequest.title
        let subject = catalog.text("changeRequest.mail.subject", locale, [project, change])
        let body =
            catalog.text("charter.mail.greeting", locale, [view.contactName]) + "\n\n"
            + catalog.text("changeRequest.mail.body", locale, [project, change, link])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: view.contactName, address: delivery.email)],
            subject: subject, messageID: "change.\(UUID().uuidString.lowercased())@\(domain)", date: now, text: body)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "changeRequest")]
        return mail
    }

    static let handlers = [decide]
}
