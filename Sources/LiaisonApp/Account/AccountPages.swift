import Foundation

struct AccountPage: Encodable {
    struct Session: Encodable {
        var id: String
        var current: Bool
        var address: String
        var agent: String
        var lastSeen: String
        var created: String
        var endAction: String
    }

    var name: String
    var email: String
    var roles: [String]
    var department: String?
    var locales: [Choice]
    var timeZone: String
    var timeZones: [String]
    var preferencesAction: String
    var absenceAction: String
    /// "Away until …" when the person is away now, else empty.
    var awayUntil: String
    var passwordLink: String
    var tokensLink: String
    var notificationsLink: String
    var sessions: [Session]
    var errors: [String: String]
}

struct PasswordPage: Encodable {
    var action: String
    var forced: Bool
    var minimumLength: Int
    var errors: [String: String]
}

struct TokensPage: Encodable {
    struct Token: Encodable {
        var name: String
        var prefix: String
        var created: String
        var lastUsed: String
        var expires: String
        var state: String
        var stateKey: String
        var revokeAction: String?
    }

    var createAction: String
    var tokens: [Token]
    var newSecret: String?
    var name: String
    var expiresInDays: String
    var errors: [String: String]
}
