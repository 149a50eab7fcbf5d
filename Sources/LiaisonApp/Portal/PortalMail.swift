import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The mail a portal account receives: its invitation and the sign-in links it asks for. Queued by the write that
/// stores the link (the link sealed with the server's secret key, so the jobs table never holds it in clear), sent
/// through the first mailbox that is switched on.
enum PortalMail {
    static let jobKind = "portal.mail"

    struct Payload: Codable {
        var purpose: String
        var to: String
        var name: String
        var locale: String
        /// The link, sealed (`SecretBox`).
        var link: String
        var expiresAt: Date
    }

    /// Whether a mailbox is switched on to send portal mail with.
    static func canSend(on db: any Database) async throws -> Bool {
        try await MailboxQueries.all(on: db).contains(where: \.active)
    }

    /// Queues the mail inside the caller's write.
    static func queue(
        _ purpose: PortalLinkPurpose, to person: (email: String, name: String), locale: AppLocale, link: String,
        expiresAt: Date, app: Application, now: Date, on tx: any Database
    ) async throws {
        let payload = Payload(
            purpose: purpose.rawValue, to: person.email, name: person.name, locale: locale.rawValue,
            link: try app.secretBox().seal(link), expiresAt: expiresAt)
        let json = String(decoding: try JSONCoding.encoder.encode(payload), as: UTF8.self)
        _ = try await JobQueue.enqueue(kind: jobKind, payload: json, runAt: now, maxAttempts: 5, now: now, on: tx)
    }

    static let send = JobHandler(kind: jobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let payload = try? JSONCoding.decoder.decode(Payload.self, from: Data(payload.utf8)) else {
            context.logger.error("portal mail with an unreadable payload dropped")
            return
        }
        guard payload.expiresAt > context.now else { return }  // too late to be of use
        guard let mailbox = try await MailboxQueries.all(on: app.db).first(where: \.active) else {
            context.logger.warning("portal mail to \(payload.to) not sent: no mailbox is switched on")
            return
        }
        let link = try app.secretBox().open(payload.link)
        let mail = render(payload, link: link, from: mailbox, at: context.now, app: app)
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        let settings = MailServers.smtp(mailbox, password: passwords.smtp, helloName: app.context.config.host)
        do throws(SMTPError) {
            _ = try await app.smtpPool.send(mail.rendered(), from: mailbox.address, to: [payload.to], settings: settings)
        } catch {
            if error.isPermanent || context.isLastAttempt {
                context.logger.error("portal mail could not be sent to \(payload.to): \(error.description)")
                return
            }
            throw error
        }
    }

    static func render(_ payload: Payload, link: String, from mailbox: Mailbox, at now: Date, app: Application)
        -> OutgoingMail
    {
        let catalog = app.context.catalog
        let locale = AppLocale(rawValue: payload.locale) ?? .zhHans
        let appName = catalog.text("app.name", locale, [])
        let key = payload.purpose == PortalLinkPurpose.signIn.rawValue ? "portalMail.signIn" : "portalMail.invitation"
        let subject = catalog.text(key + ".subject", locale, [appName])
        let hours = max(1, Int((payload.expiresAt.timeIntervalSince(now) / 3600).rounded()))
        let body = catalog.text(key + ".body", locale, [payload.name, link, String(hours)])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: payload.name, address: payload.to)],
            subject: subject, messageID: "portal.\(UUID().uuidString.lowercased())@\(domain)", date: now,
            text: body)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "portal")]
        return mail
    }

    static let handlers = [send]
}
