import Foundation

/// A meeting's invitation as an iCalendar object (`METHOD:REQUEST`, or `METHOD:CANCEL` with `STATUS:CANCELLED`
/// once it is called off), under one `UID` for its whole life and with its `SEQUENCE`, so a calendar that has an
/// earlier copy replaces it.
public struct MeetingInvitation: Sendable {
    /// A person on the invitation: a name and, when known, an address.
    public struct Party: Sendable, Equatable {
        public var name: String
        public var email: String?

        public init(name: String, email: String?) {
            self.name = name
            self.email = email
        }
    }

    public var meeting: Meeting
    public var organiser: Party?
    public var attendees: [Party]
    /// The host that makes the UID unique across installations (`<meeting id>@<host>`).
    public var host: String
    /// The moment the object is written (`DTSTAMP`).
    public var stamp: Date
    /// The meeting's page, when there is one to link to.
    public var pageURL: String?

    public init(
        meeting: Meeting, organiser: Party?, attendees: [Party], host: String, stamp: Date, pageURL: String? = nil
    ) {
        self.meeting = meeting
        self.organiser = organiser
        self.attendees = attendees
        self.host = host
        self.stamp = stamp
        self.pageURL = pageURL
    }

    public static let productID = "-//Liaison//Meetings//EN"

    /// `REQUEST`, or `CANCEL` for a cancelled meeting.
    public var method: String { meeting.status == .cancelled ? "CANCEL" : "REQUEST" }

    public var uid: String { meeting.id.uuidString.lowercased() + "@" + host }

    /// The whole object, CRLF lines, folded.
    public func render() -> String {
        let zone = TimeZone(identifier: meeting.timeZone) ?? TimeZone(identifier: "UTC")!
        var w = ICalendarWriter()
        w.begin("VCALENDAR")
        w.raw("PRODID", [], Self.productID)
        w.raw("VERSION", [], "2.0")
        w.raw("CALSCALE", [], "GREGORIAN")
        w.raw("METHOD", [], method)
        ICalendarTimeZone.write(zone, around: meeting.startsAt, meeting.endsAt, into: &w)
        w.begin("VEVENT")
        w.text("UID", [], uid)
        w.raw("SEQUENCE", [], String(meeting.sequence))
        w.raw("DTSTAMP", [], ICalendarWriter.utc(stamp))
        w.raw("DTSTART", [("TZID", zone.identifier)], ICalendarWriter.local(meeting.startsAt, in: zone))
        w.raw("DTEND", [("TZID", zone.identifier)], ICalendarWriter.local(meeting.endsAt, in: zone))
        w.text("SUMMARY", [], meeting.title)
        if let place = meeting.place { w.text("LOCATION", [], place) }
        if let agenda = meeting.agenda { w.text("DESCRIPTION", [], agenda) }
        if let link = meeting.videoLink { w.raw("URL", [], link) } else if let pageURL { w.raw("URL", [], pageURL) }
        w.raw("STATUS", [], meeting.status == .cancelled ? "CANCELLED" : "CONFIRMED")
        if let organiser, let email = organiser.email {
            w.raw("ORGANIZER", [("CN", organiser.name)], "mailto:" + email)
        }
        for attendee in attendees {
            guard let email = attendee.email else { continue }
            w.raw(
                "ATTENDEE",
                [("CN", attendee.name), ("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", "NEEDS-ACTION"), ("RSVP", "TRUE")],
                "mailto:" + email)
        }
        w.end("VEVENT")
        w.end("VCALENDAR")
        return w.text
    }
}
