import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The mails of what a project's team sends its customer (`CustomerMessages`): one job per recipient, queued by
/// the write that sent it, through the first mailbox that is switched on, in the contact's language. A report's
/// mail is the whole report; word of a risk or an issue is the message as typed. Nothing is sent once the contact
/// is gone.
enum CustomerMessageMail {
    static let send = JobHandler(kind: CustomerMessages.mailJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let job = try? JSONCoding.decoder.decode(CustomerMessages.MailJob.self, from: Data(payload.utf8)) else {
            context.logger.error("Customer message mail with an unreadable payload dropped")
            return
        }
        guard let delivery = try await CustomerMessages.delivery(job, on: app.db) else { return }
        guard try await JobMail.send("Customer message mail", to: job.email, context: context, { mailbox in
            render(delivery, to: job.email, from: mailbox, at: context.now, app: app)
        }) else { return }
    }

    static func render(
        _ delivery: CustomerMessages.Delivery, to email: String, from mailbox: Mailbox, at now: Date, app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let locale = delivery.locale
        let project = "\(ProjectNumber.format(delivery.projectNumber)) \(delivery.projectName)"
        var subject = delivery.subject
        var text: String
        if let report = delivery.report {
            let title = ReportWorkflow.title(report, catalog: catalog, locale: locale)
            subject = project + " " + title
            text = ReportText.body(report, title: title, project: project, catalog: catalog, locale: locale)
        } else {
            text = delivery.body
        }
        text = catalog.text("charter.mail.greeting", locale, [delivery.contactName]) + "\n\n" + text
        if let base = app.context.config.baseURL, !base.isEmpty {
            let link = (base.hasSuffix("/") ? String(base.dropLast()) : base) + ReportRoutes.portalList.link()
            text += "\n\n" + catalog.text("report.mail.portal", locale, [link])
        }
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? catalog.text("app.name", locale, []), address: mailbox.address),
            to: [MailAddress(name: delivery.contactName, address: email)], subject: subject,
            messageID: "project.\(UUID().uuidString.lowercased())@\(domain)", date: now, text: text)
        mail.extraHeaders = [("X-Liaison-Mail", "project")]
        return mail
    }

    static let handlers = [send]
}
