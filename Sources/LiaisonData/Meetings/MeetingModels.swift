import FluentKit
import Foundation
import LiaisonCore

final class MeetingModel: Model, @unchecked Sendable {
    static let schema = "meetings"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "project_id") var projectID: UUID?
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "place") var place: String?
    @OptionalField(key: "video_link") var videoLink: String?
    @OptionalField(key: "agenda") var agenda: String?
    @Field(key: "status") var status: String
    @Field(key: "sequence") var sequence: Int
    @OptionalField(key: "minutes") var minutes: String?
    @Field(key: "minutes_shared") var minutesShared: Bool
    @OptionalField(key: "decisions") var decisions: String?
    @OptionalField(key: "organiser_id") var organiserID: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}

    var statusValue: MeetingStatus { MeetingStatus(rawValue: status) ?? .scheduled }

    var value: Meeting {
        Meeting(
            id: id ?? UUID(), kind: MeetingKind(rawValue: kind) ?? .other, title: title, customerID: customerID,
            projectID: projectID, startsAt: startsAt, endsAt: endsAt, timeZone: timeZone, place: place,
            videoLink: videoLink, agenda: agenda, status: statusValue, sequence: sequence, minutes: minutes,
            minutesShared: minutesShared, decisions: decisions, organiserID: organiserID, version: version,
            createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields of the input (not the customer and project, which the command settles), noting each change
    /// for the audit trail. True when something the invitation carries changed (time, zone, place, link).
    @discardableResult
    func apply(_ input: ValidMeeting, changes: inout AuditChanges, isNew: Bool) -> Bool {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        let moment = { (date: Date?) in date.map { DateText.rfc3339($0) } }
        let timeChanged =
            isNew || $startsAt.value != input.startsAt || $endsAt.value != input.endsAt
            || $timeZone.value != input.timeZone || ($place.value ?? nil) != input.place
            || ($videoLink.value ?? nil) != input.videoLink
        field("kind", $kind.value, input.kind.rawValue)
        field("title", $title.value, input.title)
        field("startsAt", moment($startsAt.value), moment(input.startsAt))
        field("endsAt", moment($endsAt.value), moment(input.endsAt))
        field("timeZone", $timeZone.value, input.timeZone)
        field("place", $place.value ?? nil, input.place)
        field("videoLink", $videoLink.value ?? nil, input.videoLink)
        field("agenda", $agenda.value ?? nil, input.agenda)
        kind = input.kind.rawValue
        title = input.title
        startsAt = input.startsAt
        endsAt = input.endsAt
        timeZone = input.timeZone
        place = input.place
        videoLink = input.videoLink
        agenda = input.agenda
        return timeChanged
    }
}

final class MeetingAttendeeModel: Model, @unchecked Sendable {
    static let schema = "meeting_attendees"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @OptionalField(key: "person_id") var personID: UUID?
    @OptionalField(key: "contact_id") var contactID: UUID?
    @OptionalField(key: "response") var response: String?
    /// The meeting's start, kept here for the index by person and start.
    @Field(key: "starts_at") var startsAt: Date

    init() {}
}

final class MeetingActionItemModel: Model, @unchecked Sendable {
    static let schema = "meeting_action_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "task_id") var taskID: UUID?
    @OptionalField(key: "done_at") var doneAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var value: MeetingActionItem {
        MeetingActionItem(
            id: id ?? UUID(), title: title, ownerID: ownerID, dueOn: LocalDate(dueOn) ?? LocalDate(year: 1970, month: 1, day: 1),
            taskID: taskID, doneAt: doneAt)
    }
}
