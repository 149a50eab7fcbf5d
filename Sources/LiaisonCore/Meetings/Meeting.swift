import Foundation

/// What a meeting is for (会议类型): the project's kickoff, a progress meeting, an issue meeting, a review, or other.
public enum MeetingKind: String, CaseIterable, Codable, Sendable {
    case kickoff
    case progress
    case issue
    case review
    case other

    public var labelKey: String { "meeting.kind.\(rawValue)" }
}

/// Where a meeting stands: planned, held (minutes may then be recorded), or called off.
public enum MeetingStatus: String, CaseIterable, Codable, Sendable {
    case scheduled
    case held
    case cancelled

    public var labelKey: String { "meeting.status.\(rawValue)" }
}

/// A meeting (会议): with a customer (and perhaps one of its projects), or internal (neither; seen by its attendees
/// and organiser only). `sequence` is the iCalendar `SEQUENCE` of its invitation: it rises with every change of
/// time, place, link or attendees and with the cancellation, so calendars replace the copy they hold.
public struct Meeting: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var kind: MeetingKind
    public var title: String
    public var customerID: UUID?
    public var projectID: UUID?
    public var startsAt: Date
    public var endsAt: Date
    /// The IANA zone the meeting's times are written in (the invitation's `TZID`).
    public var timeZone: String
    public var place: String?
    public var videoLink: String?
    public var agenda: String?
    public var status: MeetingStatus
    public var sequence: Int
    public var minutes: String?
    public var minutesShared: Bool
    public var decisions: String?
    public var organiserID: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, kind: MeetingKind, title: String, customerID: UUID? = nil, projectID: UUID? = nil, startsAt: Date,
        endsAt: Date, timeZone: String, place: String? = nil, videoLink: String? = nil, agenda: String? = nil,
        status: MeetingStatus = .scheduled, sequence: Int = 0, minutes: String? = nil, minutesShared: Bool = false,
        decisions: String? = nil, organiserID: UUID? = nil, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.customerID = customerID
        self.projectID = projectID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.timeZone = timeZone
        self.place = place
        self.videoLink = videoLink
        self.agenda = agenda
        self.status = status
        self.sequence = sequence
        self.minutes = minutes
        self.minutesShared = minutesShared
        self.decisions = decisions
        self.organiserID = organiserID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Internal: no customer, so only its attendees and organiser know of it.
    public var isInternal: Bool { customerID == nil }
}

/// Someone invited: a staff member (`personID`) or one of the customer's contacts (`contactID`), with the name
/// and address the invitation is sent to.
public struct MeetingAttendee: Sendable, Equatable {
    public var personID: UUID?
    public var contactID: UUID?
    public var name: String
    public var email: String?
    /// The answer given, when known (accepted, declined, tentative); nil while none.
    public var response: String?

    public init(personID: UUID? = nil, contactID: UUID? = nil, name: String, email: String? = nil, response: String? = nil) {
        self.personID = personID
        self.contactID = contactID
        self.name = name
        self.email = email
        self.response = response
    }
}

/// Something to be done after a meeting: an owner (staff) and a due day; when the meeting belongs to a project it
/// becomes one of the project's tasks (`taskID`).
public struct MeetingActionItem: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var title: String
    public var ownerID: UUID
    public var dueOn: LocalDate
    public var taskID: UUID?
    public var doneAt: Date?

    public init(id: UUID, title: String, ownerID: UUID, dueOn: LocalDate, taskID: UUID? = nil, doneAt: Date? = nil) {
        self.id = id
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.taskID = taskID
        self.doneAt = doneAt
    }
}

extension Meeting {
    /// A moment as the wall clock in `zone` shows it: `2026-05-04 09:30`.
    public static func wallClock(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : String(n) }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// The start and end in the meeting's own zone: `2026-05-04 09:30 – 11:00 (Asia/Shanghai)`.
    public var whenText: String {
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let start = Self.wallClock(startsAt, in: zone)
        let end = Self.wallClock(endsAt, in: zone)
        let sameDay = start.prefix(10) == end.prefix(10)
        return start + " – " + (sameDay ? String(end.dropFirst(11)) : end) + " (" + timeZone + ")"
    }
}
