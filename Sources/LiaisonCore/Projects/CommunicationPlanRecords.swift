import Foundation

/// A row of a project's communication plan as kept: the row itself, and where the sweep stands with it.
/// `lastDueAt` is the due time of the last occurrence created for the row (nil before the first: the sweep then
/// starts from `startsAt`); `nextCheckAt` is when the row next needs the sweep (nil when never: the row was removed,
/// the project is on hold or closed, or a milestone cadence has no milestone left).
public struct CommunicationPlanEntry: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var row: CommunicationPlanRow
    public var startsAt: Date
    public var lastDueAt: Date?
    public var nextCheckAt: Date?
    public var removedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, projectID: UUID, row: CommunicationPlanRow, startsAt: Date, lastDueAt: Date? = nil,
        nextCheckAt: Date? = nil, removedAt: Date? = nil, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.row = row
        self.startsAt = startsAt
        self.lastDueAt = lastDueAt
        self.nextCheckAt = nextCheckAt
        self.removedAt = removedAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One due occurrence of a communication-plan row: the report, meeting or review the plan calls for at `dueAt`,
/// and what became of it. `doneNote` is what its owner recorded; `interactionID` the logged call, meeting or mail
/// that carried it, when there is one.
public struct CommunicationOccurrence: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var rowID: UUID
    public var projectID: UUID
    public var dueAt: Date
    public var state: OccurrenceState
    public var remindedAt: Date?
    public var doneAt: Date?
    public var doneBy: UUID?
    public var doneNote: String?
    public var interactionID: UUID?
    public var missedAt: Date?
    public var version: Int
    public var createdAt: Date

    public init(
        id: UUID, rowID: UUID, projectID: UUID, dueAt: Date, state: OccurrenceState = .scheduled,
        remindedAt: Date? = nil, doneAt: Date? = nil, doneBy: UUID? = nil, doneNote: String? = nil,
        interactionID: UUID? = nil, missedAt: Date? = nil, version: Int = 1, createdAt: Date
    ) {
        self.id = id
        self.rowID = rowID
        self.projectID = projectID
        self.dueAt = dueAt
        self.state = state
        self.remindedAt = remindedAt
        self.doneAt = doneAt
        self.doneBy = doneBy
        self.doneNote = doneNote
        self.interactionID = interactionID
        self.missedAt = missedAt
        self.version = version
        self.createdAt = createdAt
    }
}

/// What an owner records when an occurrence took place: what was done, in words, and the logged interaction that
/// carried it, when there is one. One of the two is needed.
public struct OccurrenceDoneInput: Sendable, Equatable {
    public var note: String?
    public var interactionID: String?

    public init(note: String? = nil, interactionID: String? = nil) {
        self.note = note
        self.interactionID = interactionID
    }

    public static let maxNote = 4_000

    public struct Valid: Sendable, Equatable {
        public var note: String?
        public var interactionID: UUID?
    }

    public func validated() throws(ValidationFailure) -> Valid {
        var v = FieldValidator()
        let note = v.optionalText("note", note, max: Self.maxNote)
        let interaction = v.reference("interactionId", interactionID)
        if note == nil, interaction == nil, v.issues.isEmpty { v.add("note", "required") }
        try v.check()
        return Valid(note: note, interactionID: interaction)
    }
}

/// A communication-plan row as a charter version keeps it: frozen in words, so that what the customer signed
/// reads the same whatever later happens to the plan or to its owner's account.
public struct CharterPlanRow: Sendable, Equatable, Codable {
    /// The audiences in their stored form (`customer:technical`, `team:projectManager`, `other:采购委员会`).
    public var audiences: [String]
    public var content: String
    public var topic: String?
    public var channel: String
    /// The cadence in its text form (`weekly mon 09:30 Asia/Shanghai`).
    public var cadence: String
    public var owner: String

    public init(
        audiences: [String], content: String, topic: String?, channel: String, cadence: String, owner: String
    ) {
        self.audiences = audiences
        self.content = content
        self.topic = topic
        self.channel = channel
        self.cadence = cadence
        self.owner = owner
    }

    /// The row frozen, with its owner's name.
    public init(_ row: CommunicationPlanRow, ownerName: String) {
        self.init(
            audiences: row.audiences.map(\.description), content: row.content.rawValue, topic: row.topic,
            channel: row.channel.rawValue, cadence: row.cadence.description, owner: ownerName)
    }

    /// One line for showing and comparing versions.
    public var line: String {
        var parts = [content]
        if let topic { parts.append(topic) }
        parts += [channel, cadence, audiences.joined(separator: ", "), owner]
        return parts.joined(separator: " · ")
    }
}

/// A cadence's parts, as a form, an API body and a page show them.
public struct CadenceParts: Sendable, Equatable {
    /// `weekly`, `fortnightly`, `monthly` or `milestones`.
    public var kind: String
    /// ISO weekday, 1 = Monday (weekly and fortnightly).
    public var weekday: Int?
    /// Its word, `mon`…`sun`.
    public var weekdayName: String?
    public var dayOfMonth: Int?
    public var anchor: LocalDate?
    /// "09:30".
    public var time: String
    public var timeZone: String

    public init(_ cadence: CommunicationCadence) {
        time = CommunicationCadence.clockText(cadence.minuteOfDay)
        timeZone = cadence.timeZone
        switch cadence.rule {
        case .weekly(let day):
            kind = "weekly"
            weekday = day
        case .fortnightly(let day, let start):
            kind = "fortnightly"
            weekday = day
            anchor = start
        case .monthly(let day):
            kind = "monthly"
            dayOfMonth = day
        case .milestones:
            kind = "milestones"
        }
        weekdayName = weekday.map(CommunicationCadence.weekdayName)
    }
}

extension CommunicationPlanRowInput {
    /// The row's fields as input, for a change that gives only some of them.
    public init(_ row: CommunicationPlanRow) {
        let parts = CadenceParts(row.cadence)
        self.init(
            audiences: row.audiences.map(\.description), content: row.content.rawValue, topic: row.topic,
            channel: row.channel.rawValue, cadence: parts.kind, weekday: parts.weekdayName,
            dayOfMonth: parts.dayOfMonth.map(String.init), anchor: parts.anchor?.description, time: parts.time,
            timeZone: parts.timeZone, ownerID: row.ownerID.idText)
    }
}
