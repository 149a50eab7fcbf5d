import FluentKit
import Foundation
import LiaisonCore

final class CommunicationPlanRowModel: Model, @unchecked Sendable {
    static let schema = "communication_plan_rows"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "position") var position: Int
    /// The audiences' stored forms, as a JSON array.
    @Field(key: "audiences") var audiences: String
    @Field(key: "content") var content: String
    @OptionalField(key: "topic") var topic: String?
    @Field(key: "channel") var channel: String
    /// The cadence's text form (`weekly mon 09:30 Asia/Shanghai`).
    @Field(key: "cadence") var cadence: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "last_due_at") var lastDueAt: Date?
    @OptionalField(key: "next_check_at") var nextCheckAt: Date?
    @OptionalField(key: "removed_at") var removedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The row as kept; a stored value that no longer reads (a cadence or audience of an older form) is an error
    /// naming the row, not a guess.
    func value() throws -> CommunicationPlanEntry {
        let texts = try JSONColumn.decode(
            [String].self, audiences, column: "communication_plan_rows.audiences", row: id)
        guard let cadence = CommunicationCadence(cadence) else {
            throw JSONColumn.Undecodable(
                column: "communication_plan_rows.cadence", row: id?.uuidString, reason: "not a cadence: \(cadence)")
        }
        let row = CommunicationPlanRow(
            audiences: texts.compactMap(CommunicationAudience.init),
            content: CommunicationContent(rawValue: content) ?? .other, topic: topic,
            channel: Channel(rawValue: channel) ?? .email, cadence: cadence, ownerID: ownerID)
        return CommunicationPlanEntry(
            id: id ?? UUID(), projectID: projectID, row: row, startsAt: startsAt, lastDueAt: lastDueAt,
            nextCheckAt: nextCheckAt, removedAt: removedAt, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    /// Sets the row's fields, noting each change for the audit trail.
    func apply(_ row: CommunicationPlanRow, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        let audienceText = JSONColumn.encode(row.audiences.map(\.description))
        field("audiences", $audiences.value, audienceText)
        field("content", $content.value, row.content.rawValue)
        field("topic", $topic.value ?? nil, row.topic)
        field("channel", $channel.value, row.channel.rawValue)
        field("cadence", $cadence.value, row.cadence.description)
        field("ownerId", $ownerID.value?.idText, row.ownerID.idText)
        audiences = audienceText
        content = row.content.rawValue
        topic = row.topic
        channel = row.channel.rawValue
        cadence = row.cadence.description
        ownerID = row.ownerID
    }
}

final class CommunicationOccurrenceModel: Model, @unchecked Sendable {
    static let schema = "communication_occurrences"

    @ID(key: .id) var id: UUID?
    @Field(key: "row_id") var rowID: UUID
    @Field(key: "project_id") var projectID: UUID
    /// The row's owner when the occurrence was created (kept in step when the row changes owner), for "my
    /// communication due" lists.
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "state") var state: String
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @OptionalField(key: "next_check_at") var nextCheckAt: Date?
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: UUID?
    @OptionalField(key: "done_note") var doneNote: String?
    @OptionalField(key: "interaction_id") var interactionID: UUID?
    @OptionalField(key: "missed_at") var missedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var stateValue: OccurrenceState { OccurrenceState(rawValue: state) ?? .scheduled }

    var value: CommunicationOccurrence {
        CommunicationOccurrence(
            id: id ?? UUID(), rowID: rowID, projectID: projectID, dueAt: dueAt, state: stateValue,
            remindedAt: remindedAt, doneAt: doneAt, doneBy: doneBy, doneNote: doneNote, interactionID: interactionID,
            missedAt: missedAt, version: version, createdAt: createdAt)
    }
}
