import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A row of a project's communication plan in the API: what it says, its cadence in parts and as text, its next
/// occurrence still open, what became of the others, and the charter version that agreed it.
struct CommunicationPlanRowDTO: Content {
    struct Cadence: Content {
        var kind: String
        var weekday: String?
        var dayOfMonth: Int?
        var anchor: String?
        var time: String
        var timeZone: String
        /// The stored text form: `weekly mon 09:30 Asia/Shanghai`.
        var text: String
    }

    var id: UUID
    var projectId: UUID
    var audiences: [String]
    var content: String
    var topic: String?
    var channel: String
    var cadence: Cadence
    var ownerId: UUID
    var ownerName: String?
    var nextOccurrenceId: UUID?
    var nextDueAt: Date?
    var doneCount: Int
    var missedCount: Int
    /// The signed charter version that agreed the row as it stands; absent when it has not been agreed.
    var agreedInCharterVersion: Int?
    var removedAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ summary: CommunicationPlanRowSummary) {
        let entry = summary.entry
        let parts = CadenceParts(entry.row.cadence)
        id = entry.id
        projectId = entry.projectID
        audiences = entry.row.audiences.map(\.description)
        content = entry.row.content.rawValue
        topic = entry.row.topic
        channel = entry.row.channel.rawValue
        cadence = Cadence(
            kind: parts.kind, weekday: parts.weekdayName, dayOfMonth: parts.dayOfMonth,
            anchor: parts.anchor?.description, time: parts.time, timeZone: parts.timeZone,
            text: entry.row.cadence.description)
        ownerId = entry.row.ownerID
        ownerName = summary.ownerName
        nextOccurrenceId = summary.next?.id
        nextDueAt = summary.nextDueAt
        doneCount = summary.done
        missedCount = summary.missed
        agreedInCharterVersion = summary.agreedIn
        removedAt = entry.removedAt
        version = entry.version
        createdAt = entry.createdAt
        updatedAt = entry.updatedAt
    }
}

/// An occurrence in the API.
struct CommunicationOccurrenceDTO: Content {
    var id: UUID
    var rowId: UUID
    var projectId: UUID
    var projectNumber: String
    var projectName: String
    var content: String
    var topic: String?
    var channel: String
    var dueAt: Date
    var state: String
    var ownerId: UUID
    var ownerName: String?
    var remindedAt: Date?
    var doneAt: Date?
    var doneBy: UUID?
    var doneByName: String?
    var note: String?
    var interactionId: UUID?
    var missedAt: Date?
    var version: Int
    var createdAt: Date

    init(_ summary: CommunicationOccurrenceSummary) {
        let o = summary.occurrence
        id = o.id
        rowId = o.rowID
        projectId = o.projectID
        projectNumber = ProjectNumber.format(summary.projectNumber)
        projectName = summary.projectName
        content = summary.content.rawValue
        topic = summary.topic
        channel = summary.channel.rawValue
        dueAt = o.dueAt
        state = o.state.rawValue
        ownerId = summary.ownerID
        ownerName = summary.ownerName
        remindedAt = o.remindedAt
        doneAt = o.doneAt
        doneBy = o.doneBy
        doneByName = summary.doneByName
        note = o.doneNote
        interactionId = o.interactionID
        missedAt = o.missedAt
        version = o.version
        createdAt = o.createdAt
    }
}

/// A text field that also takes a number (`"weekday": 1` as well as `"mon"`, `"dayOfMonth": 15` as well as
/// `"15"`); anything else is refused by the decoder as usual.
struct TextOrNumber: Codable, Sendable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// A row as the API takes it; on a change, a field left out keeps the row's value (a cadence given anew needs its
/// own parts: `weekday` for weekly, `dayOfMonth` for monthly…).
struct CommunicationPlanRowBody: Content {
    var audiences: [String]?
    var content: String?
    var topic: String?
    var channel: String?
    var cadence: String?
    var weekday: TextOrNumber?
    var dayOfMonth: TextOrNumber?
    var anchor: String?
    var time: String?
    var timeZone: String?
    var ownerId: String?

    func input(over current: CommunicationPlanRow? = nil) -> CommunicationPlanRowInput {
        let base = current.map(CommunicationPlanRowInput.init) ?? CommunicationPlanRowInput()
        // A new kind of cadence does not inherit the old one's parts.
        let sameKind = cadence == nil || cadence == base.cadence
        return CommunicationPlanRowInput(
            audiences: audiences ?? base.audiences, content: content ?? base.content, topic: topic ?? base.topic,
            channel: channel ?? base.channel, cadence: cadence ?? base.cadence,
            weekday: weekday?.text ?? (sameKind ? base.weekday : nil),
            dayOfMonth: dayOfMonth?.text ?? (sameKind ? base.dayOfMonth : nil),
            anchor: anchor ?? (sameKind ? base.anchor : nil), time: time ?? base.time,
            timeZone: timeZone ?? base.timeZone, ownerID: ownerId ?? base.ownerID)
    }
}

struct OccurrenceDoneBody: Content {
    var note: String?
    var interactionId: String?
}
