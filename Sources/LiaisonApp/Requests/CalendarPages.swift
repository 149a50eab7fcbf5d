import Foundation
import LiaisonCore
import LiaisonData

// The page models of the business calendar admin pages (CalendarWebController).

struct CalendarListPage: Encodable {
    struct Row: Encodable {
        var name: String
        var link: String
        var timeZone: String
        var preset: String
        var holidays: Int
        var makeupDays: Int
        var isDefault: Bool
    }

    var rows: [Row]
    var tabs: [QueuePage.Tab]
    var form: CalendarFormPage
}

struct CalendarFormPage: Encodable {
    struct Weekday: Encodable {
        var day: Int
        var label: String
        var value: String
        var error: String?
    }

    var action: String
    var version: Int
    var name: String
    var timeZone: String
    var weekdays: [Weekday]
    var makeupBlocks: String
    var isDefault: Bool
    var presets: [Choice]
    var showPresets: Bool
    var errors: [String: String]
}

struct CalendarShowPage: Encodable {
    struct Day: Encodable {
        var date: String
        var weekday: String
        var kind: String
        var isWorkday: Bool
        var name: String
    }

    struct Preview: Encodable {
        var start: String
        var minutes: String
        var due: String?
        var dueISO: String?
        var error: String?
    }

    /// The "add a year's holidays" form: the pasted text, its problems line by line, or the days it would add.
    struct Schedule: Encodable {
        struct Row: Encodable {
            var date: String
            var weekday: String
            var kind: String
            var isWorkday: Bool
            var name: String
            /// "new", "changed" or "same", with `status` its label.
            var change: String
            var status: String
        }

        var action: String
        var text: String
        var errors: [String]
        var hasErrors: Bool
        var rows: [Row]
        var hasPreview: Bool
        var summary: String
    }

    var name: String
    var tabs: [QueuePage.Tab]
    var form: CalendarFormPage
    var days: [Day]
    var hasDays: Bool
    var years: [QueuePage.Tab]
    var showYears: Bool
    var addDayAction: String
    var removeDayAction: String
    var importAction: String
    var dayErrors: [String: String]
    var preview: Preview
    var previewAction: String
    var schedule: Schedule
    /// "No holidays for 2027 yet" when the calendar is past its holiday data.
    var missingYears: String?
}
