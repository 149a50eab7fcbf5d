import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The invitation mail of a meeting (and of each update and cancellation): one `meeting.invite` job per attendee,
/// queued by the write (`MeetingInvitations.queue`), sent through the first mailbox that is switched on, in the
/// attendee's language, with the `.ics` attached as `text/calendar; method=REQUEST` (or `CANCEL`). Nothing is
/// sent for a deleted meeting or once a later sequence was queued (that job sends the newer copy).
enum MeetingMail {
    static let invite = JobHandler(kind: MeetingInvitations.jobKind, concurrent: true) { payload, context in
        let app = context.application
        guard let job = try? JSONCoding.decoder.decode(MeetingInvitations.Job.self, from: Data(payload.utf8)) else {
            context.logger.error("Meeting invitation mail with an unreadable payload dropped")
            return
        }
        guard let detail = try await MeetingInvitations.forDelivery(job.meetingId, on: app.db),
            detail.meeting.sequence == job.sequence
        else { return }
        guard try await JobMail.send("Meeting invitation", to: job.email, context: context, { mailbox in
            render(job, detail, from: mailbox, at: context.now, app: app)
        }) else { return }
        try await app.write { tx in try await context.complete(on: tx) }
    }

    /// The mail for one attendee: a short text (what, when in the meeting's zone, where) and the invitation.
    static func render(
        _ job: MeetingInvitations.Job, _ detail: MeetingDetail, from mailbox: Mailbox, at now: Date, app: Application
    ) -> OutgoingMail {
        let catalog = app.context.catalog
        let locale = AppLocale(rawValue: job.locale) ?? .zhHans
        var meeting = detail.meeting
        if job.cancel { meeting.status = .cancelled }
        let invitation = MeetingInvitation(
            meeting: meeting, organiser: detail.organiser.map { .init(name: $0.name, email: $0.email) },
            attendees: detail.attendees.map { .init(name: $0.name, email: $0.email) },
            host: MeetingWorkflow.invitationHost(app), stamp: now)
        let when = meeting.whenText
        let cancelled = meeting.status == .cancelled
        let subject = catalog.text(
            cancelled ? "meeting.mail.cancelSubject" : meeting.sequence > 0 ? "meeting.mail.updateSubject" : "meeting.mail.subject",
            locale, [meeting.title])
        var body = catalog.text("meeting.mail.greeting", locale, [job.name]) + "\n\n"
        body += catalog.text(cancelled ? "meeting.mail.cancelBody" : "meeting.mail.body", locale, [meeting.title, when])
        if !cancelled {
            if let place = meeting.place { body += "\n" + catalog.text("meeting.mail.place", locale, [place]) }
            if let link = meeting.videoLink { body += "\n" + catalog.text("meeting.mail.link", locale, [link]) }
            if let agenda = meeting.agenda { body += "\n\n" + agenda }
        }
        let appName = catalog.text("app.name", locale, [])
        let domain = mailbox.address.split(separator: "@").last.map(String.init) ?? "liaison.invalid"
        var mail = OutgoingMail(
            from: MailAddress(name: mailbox.name ?? appName, address: mailbox.address),
            to: [MailAddress(name: job.name, address: job.email)], subject: subject,
            messageID: "meeting.\(UUID().uuidString.lowercased())@\(domain)", date: now, text: body)
        mail.attachments = [
            OutgoingMail.File(
                filename: "invite.ics", mediaType: "text/calendar", data: Array(invitation.render().utf8),
                parameters: ["method": invitation.method, "charset": "utf-8"])
        ]
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Liaison-Mail", "meeting")]
        return mail
    }

    static let handlers = [invite]
}
