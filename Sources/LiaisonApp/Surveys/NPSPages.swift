import Foundation
import LiaisonCore

/// The public answer page.
struct NPSAnswerPage: Encodable {
    struct Score: Encodable {
        var value: Int
        var selected: Bool
    }

    /// open, thanks, used, closed, expired or unknown.
    var state: String
    var locale: AppLocale
    var surveyName = ""
    var intro: String?
    var contactName = ""
    var action = ""
    var scores: [Score] = []
    var comment = ""
    var error: String?

    init(state: String, locale: AppLocale) {
        self.state = state
        self.locale = locale
    }
}

/// The list of campaigns.
struct NPSListPage: Encodable {
    struct Row: Encodable {
        var name: String
        var link: String
        var status: String
        var sent: Bool
        var audience: String
        var invited: Int
        var answered: Int
        var closes: String
        var created: String
    }

    var rows: [Row]
    var hasRows: Bool
    var newLink: String
}

/// A campaign's form (new, or a draft being changed).
struct NPSFormPage: Encodable {
    var isNew: Bool
    var action: String
    var cancelLink: String
    var version: Int
    var name: String
    var intro: String
    var closesAt: String
    var tiers: [Choice]
    var customers: [Choice]
    var errors: [String: String]
}

/// One campaign: its settings, who it asks, the send button while a draft, and the results once sent. A new
/// campaign's page is its form alone.
struct NPSSurveyPage: Encodable {
    struct Recipient: Encodable {
        var contact: String
        var customer: String
        var tier: String
        var email: String
        var language: String
        var state: String
    }

    struct Bar: Encodable {
        var score: Int
        var count: Int
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var labelX: Int
        var labelY: Int
        var category: String
    }

    struct Chart: Encodable {
        var width: Int
        var height: Int
        var baseline: Int
        var scoreY: Int
        var bars: [Bar]
        var label: String
    }

    struct Group: Encodable {
        var name: String
        var invited: String
        var answered: Int
        var rate: String
        var nps: String
        var promoters: Int
        var passives: Int
        var detractors: Int
        var csat: String
    }

    struct Comment: Encodable {
        var score: Int
        var category: String
        var customer: String
        var contact: String
        var text: String
        var time: String
    }

    var isNew: Bool
    var form: NPSFormPage?
    var id: String
    var name: String
    var intro: String?
    var status: String
    var isDraft: Bool
    var audience: String
    var closes: String
    var sent: String
    var version: Int
    var sendAction: String
    var deleteAction: String
    var listLink: String
    var recipients: [Recipient]
    var recipientCount: Int
    var hiddenNote: Bool
    // Results (sent campaigns)
    var overall: Group?
    var chart: Chart?
    var segments: [Choice]
    var segmentLabel: String
    var groups: [Group]
    var hasGroups: Bool
    var comments: [Comment]
    var hasComments: Bool
    var period: String
    var error: String?
}
