import Foundation

struct PeopleListPage: Encodable {
    struct Row: Encodable {
        var name: String
        var email: String
        var title: String
        var department: String
        var roles: [String]
        var active: Bool
        var link: String
    }

    var rows: [Row]
    var hasRows: Bool
    var q: String
    var departments: [Choice]
    var roles: [Choice]
    var states: [Choice]
    var nextLink: String?
    var canManage: Bool
    var newLink: String
    var action: String
    var errorMessages: [String]
}

struct PersonPage: Encodable {
    struct Fact: Encodable {
        var label: String
        var value: String
    }

    var name: String
    var email: String
    var initials: String
    var active: Bool
    var facts: [Fact]
    var roles: [String]
    var canManage: Bool
    var editLink: String
    var deactivateAction: String
    var reactivateAction: String
    var resetAction: String
    var oneTimePassword: String?
    var isSelf: Bool
}

struct PersonFormPage: Encodable {
    var action: String
    var isNew: Bool
    var cancelLink: String
    var version: String
    var email: String
    var name: String
    var title: String
    var phone: String
    var departments: [Choice]
    var roles: [Choice]
    var locales: [Choice]
    var timeZones: [Choice]
    var errors: [String: String]
}
