import Foundation

struct NotificationsPage: Encodable {
    struct Item: Encodable {
        var id: String
        var text: String
        var link: String
        var at: String
        var kind: String
        var unread: Bool
        var urgent: Bool
    }

    var items: [Item]
    var unreadOnly: Bool
    var kinds: [Choice]
    var hasItems: Bool
    var hasUnread: Bool
    /// "3 unread" or "All read".
    var summary: String
    var filterAction: String
    var readAction: String
    /// This page with its filter, where marking read comes back to.
    var back: String
    var preferencesLink: String
    var nextLink: String?
}

struct NotificationPreferencesPage: Encodable {
    struct Row: Encodable {
        var kind: String
        var label: String
        var inApp: Bool
        var email: Bool
        var chat: Bool
    }

    var rows: [Row]
    var quietStart: String
    var quietEnd: String
    var timeZone: String
    var email: String
    /// Whether the person's department has a chat robot switched on (else chat reaches no one).
    var chatAvailable: Bool
    var action: String
    var listLink: String
    var accountLink: String
    var errors: [String: String]
}
