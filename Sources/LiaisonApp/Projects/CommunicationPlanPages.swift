import Foundation
import LiaisonCore

/// The project page's communication plan tab: the rows, and the occurrences with what became of them.
struct CommunicationPlanPage: Encodable {
    struct Row: Encodable {
        var id: String
        var what: String
        var audiences: [String]
        var channel: String
        var cadence: String
        var owner: String
        var next: String
        var done: Int
        var missed: Int
        var agreed: String?
        var editLink: String?
        var removeAction: String?
        var version: Int
    }

    struct Occurrence: Encodable {
        var id: String
        var due: String
        var dueISO: String
        var what: String
        var owner: String
        var state: String
        var stateCode: String
        var outcome: String
        var doneAction: String?
        var version: Int
    }

    var head: ProjectPage
    var rows: [Row]
    var hasRows: Bool
    var newLink: String?
    var stateFilter: [Choice]
    var filterAction: String
    var occurrences: [Occurrence]
    var hasOccurrences: Bool
    var nextLink: String?
    var reminderHours: Int
    var agreedVersion: String?
}

/// The form of a row of the plan (new, or changing one).
struct CommunicationRowFormPage: Encodable {
    var head: ProjectPage
    var isNew: Bool
    var title: String
    var action: String
    var cancelLink: String
    var version: Int
    var customerAudiences: [Choice]
    var teamAudiences: [Choice]
    var otherAudience: String
    var contents: [Choice]
    var topic: String
    var channels: [Choice]
    var cadences: [Choice]
    var weekdays: [Choice]
    var dayOfMonth: String
    var anchor: String
    var time: String
    var timeZone: String
    var owners: [Choice]
    var errors: [String: String]
}
