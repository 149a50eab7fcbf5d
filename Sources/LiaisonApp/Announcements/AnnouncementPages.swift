import Fluent
import Foundation
import LiaisonCore

struct AnnouncementsPage: Encodable {
    struct Row: Encodable {
        var title: String
        var kind: String
        var audience: String
        var status: String
        var statusCode: String
        var date: String
        var link: String
    }

    var rows: [Row]
    var hasRows: Bool
    var filters: [Choice]
    var newLink: String
    var moreLink: String?
    var publicLink: String
}

struct AnnouncementFormPage: Encodable {
    /// Where the composers' message check asks (both bodies are checked as they are typed).
    var checkAction: String = MessageCheckRoutes.check.link()
    var isNew: Bool
    var action: String
    var cancelLink: String
    var version: Int
    var form: AnnouncementsWebController.Form
    var kinds: [Choice]
    var audiences: [Choice]
    var tiers: [Choice]
    var customers: [Choice]
    var status: String?
    var statusCode: String?
    var editable: Bool
    var rejectionReason: String?
    var visible: Bool
    var publishedAt: String?
    var publicLink: String?
    /// Actions the reader may take now, each a form of its own.
    var submitAction: String?
    var submitLabel: String?
    var approveAction: String?
    var rejectAction: String?
    var withdrawAction: String?
    var deleteAction: String?
    var recipients: Recipients?
    var errors: [String: String]

    struct Recipients: Encodable {
        var heading: String
        var count: Int
        var hidden: Int
        var rows: [Row]
        var hasRows: Bool

        struct Row: Encodable {
            var name: String
            var customer: String
            var email: String
            var language: String
            var status: String
        }
    }
}
