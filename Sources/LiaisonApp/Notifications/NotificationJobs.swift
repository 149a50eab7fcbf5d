import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// Notifications sent outside Liaison, each a job queued by the write that made the notification (after the
/// person's quiet hours when it fell inside them): by email through a mailbox, and to the person's department's chat
/// group through its robot, naming them.
enum NotificationJobs {
    struct NotSent: Error, CustomStringConvertible {
        var description: String
    }

    /// Mails one notification (payload: its id) to its person, in their language, from the mailbox of their
    /// department's queue (else the first mailbox that is switched on). A refusal for good is logged and dropped;
    /// anything else is tried again.
    static let email = JobHandler(kind: NotificationStore.emailJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let id = UUIDText.parse(payload),
            let (notification, person) = try await NotificationStore.forDelivery(id, on: app.db)
        else { return }
        let mailboxes = try await MailboxQueries.all(on: app.db).filter(\.active)
        guard let mailbox = mailboxes.first(where: { $0.departmentID == person.departmentID }) ?? mailboxes.first
        else {
            context.logger.warning("notification \(id) not mailed: no mailbox is switched on")
            return
        }
        let bytes = render(notification, to: person, from: mailbox, at: context.now, app: app).rendered()
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try app.secretBox(), on: app.db)
        let settings = MailServers.smtp(mailbox, password: passwords.smtp, helloName: app.context.config.host)
        do throws(SMTPError) {
            _ = try await app.smtpPool.send(bytes, from: mailbox.address, to: [person.email], settings: settings)
        } catch {
            if error.isPermanent || context.isLastAttempt {
                context.logger.error("notification \(id) could not be mailed to \(person.email): \(error.description)")
                return
            }
            throw error
        }
    }

    /// The notification as a mail: its sentence, the link to what it is about, and where to change what is sent.
    /// Marked as automatic (`Auto-Submitted`), so that well-behaved auto-replies stay silent, and with our own
    /// header, so that whatever comes back is recognised as a loop.
    static func render(_ n: AppNotification, to person: Person, from mailbox: Mailbox, at now: Date, app: Application)
        -> OutgoingMail
    {
        let context = app.context
        let locale = person.locale ?? AppLocale(rawValue: context.config.defaultLocale) ?? .zhHans
        let text = NotificationsController.text(n, locale: locale, catalog: context.catalog)
        let link = absolute(NotificationLinks.link(to: n.subject), base: context.config.baseURL)
        let settings = absolute(NotificationRoutes.preferences.link(), base: context.config.baseURL)
        let footer = context.catalog.text("notify.emailFooter", locale, [settings])
        let appName = context.catalog.text("app.name", locale, [])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: person.name, address: person.email)],
            subject: "[\(appName)] " + text, messageID: "notify.\(n.id.idText.lowercased())@\(domain)", date: now,
            text: text + "\n\n" + link + "\n\n-- \n" + footer,
            html: """
                <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\
                <p>\(Markdown.html(Markdown.literal(text)))</p>\
                <p><a href="\(escaped(link))">\(escaped(link))</a></p>\
                <div style="color:#666;font-size:small">\(Markdown.html(Markdown.literal(footer)))</div></body></html>
                """)
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "notification")]
        return mail
    }

    /// Posts one notification (payload: its id) through the first robot switched on in the person's department
    /// (one that can call people out by number first). The group sees only the kind of notification, the person
    /// named and a link: what it is about stays behind the link, which checks access as always.
    static let chat = JobHandler(kind: NotificationStore.chatJobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let id = UUIDText.parse(payload),
            let (notification, person) = try await NotificationStore.forDelivery(id, on: app.db),
            let department = person.departmentID
        else { return }
        let robots = try await HookQueries.activeRobots(department: department, on: app.db)
        guard let robot = robots.first(where: { $0.kind == .dingtalk || $0.kind == .wecom }) ?? robots.first else {
            context.logger.info("notification \(id) not posted: no chat robot in \(person.name)'s department")
            return
        }
        let address = try await HookQueries.robotAddress(robot.id, secrets: try app.secretBox(), on: app.db)
        let call = HookMessages.robotCall(
            kind: robot.kind, url: address.url, secret: address.secret,
            notice: notice(notification, for: person, robot: robot, app: app), now: context.now)
        let outcome = await HookMessages.send(call, transport: app.hooks.transport, clock: app.context.effects.clock)
        guard outcome.succeeded else {
            let problem = outcome.error ?? "failed"
            if context.isLastAttempt {
                context.logger.error("notification \(id) could not be posted to \(robot.name): \(problem)")
                return
            }
            throw NotSent(description: problem)
        }
    }

    static func notice(_ n: AppNotification, for person: Person, robot: ChatRobot, app: Application) -> RobotNotice {
        let catalog = app.context.catalog
        let locale = AppLocale(rawValue: robot.language.rawValue) ?? .zhHans
        let kind = NotificationKind(rawValue: n.kind).map { catalog.text("notificationKind.\($0.rawValue)", locale, []) }
        let mobile = person.phone.flatMap(mainlandMobile)
        return RobotNotice(
            title: catalog.text("notify.chatTitle", locale, [person.name]),
            lines: [catalog.text("notify.chatLine", locale, [person.name, kind ?? n.kind])],
            link: app.context.config.baseURL.map { absolute(NotificationLinks.link(to: n.subject), base: $0) },
            linkLabel: catalog.text("robots.open", locale, []), mentionMobiles: mobile.map { [$0] } ?? [])
    }

    /// The 11 digits of a mainland mobile number as the chat apps match them (`+86 138-0013-8000` → `13800138000`);
    /// nil for anything else.
    static func mainlandMobile(_ phone: String) -> String? {
        var digits = phone.filter(\.isASCII).filter(\.isNumber)
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        guard digits.count == 11, digits.hasPrefix("1") else { return nil }
        return digits
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func absolute(_ path: String, base: String?) -> String {
        guard let base, !base.isEmpty else { return path }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    static let handlers = [email, chat]
}
