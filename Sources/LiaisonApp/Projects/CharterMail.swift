import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The mail that asks a customer contact to sign a charter version: one job per signer (queued by the write that
/// sends the version, its link sealed), sent through the first mailbox that is switched on, in the contact's
/// language. Nothing is sent once the version is signed by this contact, replaced, or the contact is gone.
enum CharterMail {
    static let sign = JobHandler(kind: CharterCommands.signJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let job = try? JSONCoding.decoder.decode(CharterCommands.SignJob.self, from: Data(payload.utf8)) else {
            context.logger.error("Charter sign-off mail with an unreadable payload dropped")
            return
        }
        guard let delivery = try await CharterQueries.delivery(job.signerId, on: app.db), !delivery.mailed else {
            return
        }
        let link = try app.secretBox().open(job.link)
        guard try await JobMail.send("Charter sign-off mail", to: delivery.email, context: context, { mailbox in
            render(delivery, link: link, from: mailbox, at: context.now, app: app)
        }) else { return }
        let now = context.now
        _ = try await app.write { tx in
            try await CharterCommands.markMailed(job.signerId, at: now, on: tx)
            try await context.complete(on: tx)
        }
    }

    static func render(
        _ delivery: CharterQueries.Delivery, link: String, from mailbox: Mailbox, at now: Date, app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let view = delivery.view
        let locale = view.locale
        let appName = catalog.text("app.name", locale, [])
        let title = view.projectNumber + " " + view.projectName
        let subject = catalog.text("charter.mail.subject", locale, [title, String(view.versionNumber)])
        let body =
            catalog.text("charter.mail.greeting", locale, [view.contactName]) + "\n\n"
            + catalog.text("charter.mail.body", locale, [title, String(view.versionNumber), link])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: view.contactName, address: delivery.email)],
            subject: subject, messageID: "charter.\(UUID().uuidString.lowercased())@\(domain)", date: now, text: body)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "charter")]
        return mail
    }

    static let handlers = [sign]
}
