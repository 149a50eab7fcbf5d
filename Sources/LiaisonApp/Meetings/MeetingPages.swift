import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `meetings/list`: upcoming and past meetings, with the filters.
struct MeetingListPage: Encodable {
    struct Row: Encodable {
        var link: String
        var title: String
        var kind: String
        var when: String
        var status: String
        var statusCode: String
        var customer: String
    }

    var title: String
    var newLink: String?
    var mine: Bool
    var mineLink: String
    var allLink: String
    var upcoming: [Row]
    var past: [Row]
    /// The project tab's header when the list is a project's.
    var head: ProjectPage?
}

/// `meetings/form`: a new meeting or a change.
struct MeetingFormPage: Encodable {
    var isNew: Bool
    var title: String
    var action: String
    var cancelLink: String
    var version: Int
    var kinds: [Choice]
    var meetingTitle: String
    var customers: [Choice]
    var customerLocked: Bool
    var projectId: String
    var projectLabel: String
    var startsAt: String
    var endsAt: String
    var timeZone: String
    var place: String
    var videoLink: String
    var agenda: String
    var people: [Choice]
    var contacts: [Choice]
    var errors: [String: String]
}

/// `meetings/show`: one meeting, its invitation, its minutes and their form.
struct MeetingShowPage: Encodable {
    struct Item: Encodable {
        var title: String
        var owner: String
        var due: String
        var taskLink: String?
    }

    struct Person: Encodable {
        var name: String
        var email: String
        var kind: String
    }

    var id: String
    var title: String
    var kind: String
    var status: String
    var statusCode: String
    var when: String
    var place: String
    var videoLink: String
    var agenda: String
    var customer: String
    var customerLink: String?
    var project: String
    var projectLink: String?
    var organiser: String
    var sequence: String
    var attendees: [Person]
    var icsLink: String
    var editLink: String?
    var cancelAction: String?
    var deleteAction: String?
    var minutesAction: String?
    var minutes: String
    var decisions: String
    var minutesShared: Bool
    var items: [Item]
    /// Rows of the minutes form: the items as they are and three empty ones.
    var itemRows: [ItemRow]
    var owners: [Choice]
    var version: Int
    var errors: [String: String]

    struct ItemRow: Encodable {
        var index: Int
        var title: String
        var ownerId: String
        var dueOn: String
    }
}
