import Foundation

/// A meeting as entered (API body or form); on an update the caller fills what was left out from the meeting as it
/// is. Times are RFC 3339 date-times, or wall-clock times (`2026-05-01T09:30`) in the meeting's zone.
public struct MeetingInput: Sendable, Equatable {
    public var kind: String?
    public var title: String?
    public var customerID: String?
    public var projectID: String?
    public var startsAt: String?
    public var endsAt: String?
    public var timeZone: String?
    public var place: String?
    public var videoLink: String?
    public var agenda: String?
    /// Staff invited, by person id.
    public var personIDs: [String]
    /// The customer's contacts invited, by contact id.
    public var contactIDs: [String]

    public init(
        kind: String? = nil, title: String? = nil, customerID: String? = nil, projectID: String? = nil,
        startsAt: String? = nil, endsAt: String? = nil, timeZone: String? = nil, place: String? = nil,
        videoLink: String? = nil, agenda: String? = nil, personIDs: [String] = [], contactIDs: [String] = []
    ) {
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
        self.personIDs = personIDs
        self.contactIDs = contactIDs
    }

    public static let maxTitle = 200
    public static let maxPlace = 500
    public static let maxLink = 2_000
    public static let maxText = 20_000
    public static let maxAttendees = 200
    /// The longest a meeting may last.
    public static let maxDuration: TimeInterval = 7 * 86_400

    /// Every field checked at once; `defaultTimeZone` (the organiser's) when none is given.
    public func validated(defaultTimeZone: String) throws(ValidationFailure) -> ValidMeeting {
        var v = FieldValidator()
        if kind?.trimmedSpaces().isEmpty ?? true { v.add("kind", "required") }
        let kind = v.choice("kind", kind, default: MeetingKind.other)
        let title = v.requiredText("title", title, max: Self.maxTitle)
        let customer = v.reference("customerId", customerID)
        let project = v.reference("projectId", projectID)
        let zoneName = timeZone?.trimmedSpaces().isEmpty ?? true ? defaultTimeZone : timeZone!.trimmedSpaces()
        var zone: TimeZone?
        if TimeZoneName.isKnown(zoneName) { zone = TimeZone(identifier: zoneName) } else { v.add("timeZone", "unknownTimeZone") }
        let starts = zone.flatMap { v.localMoment("startsAt", startsAt, in: $0, orMoment: true) }
        let ends = zone.flatMap { v.localMoment("endsAt", endsAt, in: $0, orMoment: true) }
        if zone != nil {
            if startsAt?.trimmedSpaces().isEmpty ?? true { v.add("startsAt", "required") }
            if endsAt?.trimmedSpaces().isEmpty ?? true { v.add("endsAt", "required") }
        }
        if let starts, let ends {
            if ends <= starts {
                v.add("endsAt", "meetingEndsBeforeStart")
            } else if ends.timeIntervalSince(starts) > Self.maxDuration {
                v.add("endsAt", "meetingTooLong", ["7"])
            }
        }
        let place = v.optionalText("place", place, max: Self.maxPlace)
        let link = v.optionalText("videoLink", videoLink, max: Self.maxLink)
        if let link, !Self.isWebLink(link) { v.add("videoLink", "invalidURL") }
        let agenda = v.optionalText("agenda", agenda, max: Self.maxText, multiline: true)
        var people: [UUID] = []
        var contacts: [UUID] = []
        if personIDs.count + contactIDs.count > Self.maxAttendees {
            v.add("attendees", "tooMany", [String(Self.maxAttendees)])
        }
        for raw in personIDs {
            guard let id = UUIDText.parse(raw.trimmedSpaces()) else { v.add("attendees", "invalidReference"); break }
            if !people.contains(id) { people.append(id) }
        }
        for raw in contactIDs {
            guard let id = UUIDText.parse(raw.trimmedSpaces()) else { v.add("attendees", "invalidReference"); break }
            if !contacts.contains(id) { contacts.append(id) }
        }
        try v.check()
        return ValidMeeting(
            kind: kind, title: title, customerID: customer, projectID: project, startsAt: try v.unwrap(starts, "startsAt"),
            endsAt: try v.unwrap(ends, "endsAt"), timeZone: zoneName, place: place, videoLink: link, agenda: agenda,
            personIDs: people, contactIDs: contacts)
    }

    /// An absolute http or https address with a host, and no spaces.
    public static func isWebLink(_ text: String) -> Bool {
        guard !text.contains(where: { $0.isWhitespace }), let url = URL(string: text),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}

/// A meeting as checked; customer and project are still to be checked against each other and the viewer.
public struct ValidMeeting: Sendable, Equatable {
    public var kind: MeetingKind
    public var title: String
    public var customerID: UUID?
    public var projectID: UUID?
    public var startsAt: Date
    public var endsAt: Date
    public var timeZone: String
    public var place: String?
    public var videoLink: String?
    public var agenda: String?
    public var personIDs: [UUID]
    public var contactIDs: [UUID]

    public init(
        kind: MeetingKind, title: String, customerID: UUID? = nil, projectID: UUID? = nil, startsAt: Date, endsAt: Date,
        timeZone: String, place: String? = nil, videoLink: String? = nil, agenda: String? = nil,
        personIDs: [UUID] = [], contactIDs: [UUID] = []
    ) {
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
        self.personIDs = personIDs
        self.contactIDs = contactIDs
    }
}

/// What is recorded after a meeting: minutes, decisions, whether the customer sees the minutes, and action items.
public struct MinutesInput: Sendable, Equatable {
    /// One action item as entered.
    public struct Item: Sendable, Equatable {
        public var title: String?
        public var ownerID: String?
        public var dueOn: String?

        public init(title: String? = nil, ownerID: String? = nil, dueOn: String? = nil) {
            self.title = title
            self.ownerID = ownerID
            self.dueOn = dueOn
        }
    }

    public var minutes: String?
    public var decisions: String?
    public var minutesShared: Bool
    public var actionItems: [Item]

    public init(minutes: String? = nil, decisions: String? = nil, minutesShared: Bool = false, actionItems: [Item] = []) {
        self.minutes = minutes
        self.decisions = decisions
        self.minutesShared = minutesShared
        self.actionItems = actionItems
    }

    public static let maxItems = 100

    /// Every field checked at once. An action item's problems are reported on `actionItems` with its row number
    /// (1-based), so the message names the row.
    public func validated() throws(ValidationFailure) -> ValidMinutes {
        var v = FieldValidator()
        let minutes = v.optionalText("minutes", minutes, max: MeetingInput.maxText, multiline: true)
        let decisions = v.optionalText("decisions", decisions, max: MeetingInput.maxText, multiline: true)
        if actionItems.count > Self.maxItems { v.add("actionItems", "tooMany", [String(Self.maxItems)]) }
        var items: [ValidMinutes.Item] = []
        for (index, item) in actionItems.enumerated() {
            let row = String(index + 1)
            var inner = FieldValidator()
            let title = inner.requiredText("title", item.title, max: MeetingInput.maxTitle)
            let owner = inner.reference("ownerId", item.ownerID)
            let due = inner.day("dueOn", item.dueOn)
            if !inner.issues.isEmpty {
                for issue in inner.issues { v.add("actionItems", "actionItemInvalid", [row, issue.field, issue.code]) }
                continue
            }
            guard let owner else { v.add("actionItems", "actionItemOwnerRequired", [row]); continue }
            guard let due else { v.add("actionItems", "actionItemDueRequired", [row]); continue }
            items.append(ValidMinutes.Item(title: title, ownerID: owner, dueOn: due))
        }
        try v.check()
        return ValidMinutes(minutes: minutes, decisions: decisions, minutesShared: minutesShared, actionItems: items)
    }
}

/// Minutes as checked.
public struct ValidMinutes: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var title: String
        public var ownerID: UUID
        public var dueOn: LocalDate

        public init(title: String, ownerID: UUID, dueOn: LocalDate) {
            self.title = title
            self.ownerID = ownerID
            self.dueOn = dueOn
        }
    }

    public var minutes: String?
    public var decisions: String?
    public var minutesShared: Bool
    public var actionItems: [Item]

    public init(minutes: String?, decisions: String?, minutesShared: Bool, actionItems: [Item]) {
        self.minutes = minutes
        self.decisions = decisions
        self.minutesShared = minutesShared
        self.actionItems = actionItems
    }
}
