import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct PortalHomePage: Encodable {
    struct Tab: Encodable {
        var label: String
        var link: String
        var current: Bool
    }

    struct Row: Encodable {
        var number: String
        var subject: String
        var link: String
        var kind: String
        var status: String
        var statusCode: String
        var updated: String
        var updatedISO: String
    }

    /// The table's column names, looked up once rather than once a row.
    struct Labels: Encodable {
        var number: String
        var subject: String
        var status: String
        var updated: String
    }

    var labels: Labels
    var customerName: String
    /// "Requests of 某某公司" or "Your requests".
    var scopeNote: String
    var tabs: [Tab]
    var state: String
    var query: String
    var searchAction: String
    var rows: [Row]
    var hasRows: Bool
    var newLink: String
    var nextLink: String?
    /// The newest few announcements the organisation sees (on the first page only).
    var news: [PortalAnnouncementsPage.Item]
    var hasNews: Bool
    var newsLink: String
}

struct PortalAnnouncementsPage: Encodable {
    struct Item: Encodable {
        var title: String
        var kind: String
        var date: String
        var dateISO: String
        var link: String
    }

    var items: [Item]
    var hasItems: Bool
    var nextLink: String?
}

struct PortalAnnouncementPage: Encodable {
    var title: String
    var kind: String
    var date: String
    var dateISO: String
    var expires: String?
    var body: String
    var backLink: String
}

struct PortalRequestPage: Encodable {
    struct Message: Encodable {
        struct File: Encodable {
            var name: String
            var link: String
            var size: String
        }

        var author: String
        var fromCustomer: Bool
        var date: String
        var dateISO: String
        var body: String
        var files: [File]
        var hasFiles: Bool { !files.isEmpty }

        enum CodingKeys: String, CodingKey { case author, fromCustomer, date, dateISO, body, files, hasFiles }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(author, forKey: .author)
            try container.encode(fromCustomer, forKey: .fromCustomer)
            try container.encode(date, forKey: .date)
            try container.encode(dateISO, forKey: .dateISO)
            try container.encode(body, forKey: .body)
            try container.encode(files, forKey: .files)
            try container.encode(hasFiles, forKey: .hasFiles)
        }
    }

    var number: String
    var subject: String
    var kind: String
    var status: String
    var statusCode: String
    var created: String
    var backLink: String
    var messages: [Message]
    var replyAction: String?
    var closeAction: String?
    var reopenAction: String?
    var rateAction: String?
    var rating: String?
    var ratingComment: String?
    var scores: [Choice]
    var draft: String
    var errors: [String: String]
    var maxUpload: String
}

struct PortalNewPage: Encodable {
    var action: String
    var cancelLink: String
    var kinds: [Choice]
    var subject: String
    var body: String
    var errors: [String: String]
    var maxUpload: String
}

struct PortalProfilePage: Encodable {
    var action: String
    var passwordAction: String
    var name: String
    var email: String
    var customerName: String
    var languages: [Choice]
    var minimumLength: Int
    var errors: [String: String]
    var tokensLink: String
}

extension Request {
    /// "1.2 MB", "340 KB": sizes as people read them.
    func fileSize(_ bytes: Int) -> String {
        if bytes >= 1_048_576 { return String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        return "\(max(1, bytes / 1024)) KB"
    }
}
