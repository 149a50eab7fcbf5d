import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct MeetingDTO: Content {
    struct Attendee: Content {
        var personId: UUID?
        var contactId: UUID?
        var name: String
        var email: String?
        var response: String?
    }

    struct ActionItem: Content {
        var id: UUID
        var title: String
        var ownerId: UUID
        var dueOn: String
        var taskId: UUID?
        var doneAt: Date?
    }

    var id: UUID
    var kind: String
    var title: String
    var customerId: UUID?
    var customerName: String?
    var projectId: UUID?
    var startsAt: Date
    var endsAt: Date
    var timeZone: String
    var place: String?
    var videoLink: String?
    var agenda: String?
    var status: String
    var sequence: Int
    var minutes: String?
    var minutesShared: Bool
    var decisions: String?
    var organiserId: UUID?
    /// Only in answers about one meeting, not in lists.
    var attendees: [Attendee]?
    var actionItems: [ActionItem]?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ meeting: Meeting, customerName: String?) {
        id = meeting.id
        kind = meeting.kind.rawValue
        title = meeting.title
        customerId = meeting.customerID
        self.customerName = customerName
        projectId = meeting.projectID
        startsAt = meeting.startsAt
        endsAt = meeting.endsAt
        timeZone = meeting.timeZone
        place = meeting.place
        videoLink = meeting.videoLink
        agenda = meeting.agenda
        status = meeting.status.rawValue
        sequence = meeting.sequence
        minutes = meeting.minutes
        minutesShared = meeting.minutesShared
        decisions = meeting.decisions
        organiserId = meeting.organiserID
        version = meeting.version
        createdAt = meeting.createdAt
        updatedAt = meeting.updatedAt
    }

    init(_ summary: MeetingSummary) {
        self.init(summary.meeting, customerName: summary.customerName)
    }

    init(_ detail: MeetingDetail) {
        self.init(detail.meeting, customerName: detail.customerName)
        attendees = detail.attendees.map {
            Attendee(personId: $0.personID, contactId: $0.contactID, name: $0.name, email: $0.email, response: $0.response)
        }
        actionItems = detail.actionItems.map {
            ActionItem(
                id: $0.id, title: $0.title, ownerId: $0.ownerID, dueOn: $0.dueOn.description, taskId: $0.taskID,
                doneAt: $0.doneAt)
        }
    }
}

/// A meeting as the API takes it; on a change, a field left out keeps its value (an empty text clears it), and
/// `attendees`, when given, is the whole new list.
struct MeetingBody: Decodable {
    struct Attendee: Decodable {
        var personId: String?
        var contactId: String?
    }

    var kind: String?
    var title: String?
    var customerId: String?
    var projectId: String?
    var startsAt: String?
    var endsAt: String?
    var timeZone: String?
    var place: String?
    var videoLink: String?
    var agenda: String?
    var attendees: [Attendee]?

    func input(over current: MeetingDetail? = nil) -> MeetingInput {
        let meeting = current?.meeting
        let people = attendees.map { $0.compactMap(\.personId) } ?? current?.attendees.compactMap { $0.personID?.idText } ?? []
        let contacts =
            attendees.map { $0.compactMap(\.contactId) } ?? current?.attendees.compactMap { $0.contactID?.idText } ?? []
        return MeetingInput(
            kind: kind ?? meeting?.kind.rawValue, title: title ?? meeting?.title,
            customerID: customerId ?? meeting?.customerID?.idText, projectID: projectId ?? meeting?.projectID?.idText,
            startsAt: startsAt ?? meeting.map { DateText.rfc3339($0.startsAt) },
            endsAt: endsAt ?? meeting.map { DateText.rfc3339($0.endsAt) }, timeZone: timeZone ?? meeting?.timeZone,
            place: place ?? meeting?.place, videoLink: videoLink ?? meeting?.videoLink,
            agenda: agenda ?? meeting?.agenda, personIDs: people, contactIDs: contacts)
    }
}

/// The minutes as the API takes them: the whole record each time (`PUT`).
struct MinutesBody: Decodable {
    struct Item: Decodable {
        var title: String?
        var ownerId: String?
        var dueOn: String?
    }

    var minutes: String?
    var decisions: String?
    var minutesShared: Bool?
    var actionItems: [Item]?
    /// Share although the message check warns, and why.
    var confirmWarnings: Bool?
    var overrideReason: String?

    var input: MinutesInput {
        MinutesInput(
            minutes: minutes, decisions: decisions, minutesShared: minutesShared ?? false,
            actionItems: (actionItems ?? []).map { .init(title: $0.title, ownerID: $0.ownerId, dueOn: $0.dueOn) })
    }
}
