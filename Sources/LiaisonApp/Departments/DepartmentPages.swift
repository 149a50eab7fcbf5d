struct DepartmentsPage: Encodable {
    struct Row: Encodable {
        var name: String
        var nameEn: String
        var code: String
        var parent: String
        var memberCount: Int
        var membersLink: String
        var editLink: String
    }

    var rows: [Row]
    var hasRows: Bool
    var canManage: Bool
    var createAction: String
    var parents: [Choice]
    var name: String
    var nameEn: String
    var code: String
    var errors: [String: String]
}

struct DepartmentFormPage: Encodable {
    var action: String
    var deleteAction: String
    var cancelLink: String
    var version: Int
    var name: String
    var nameEn: String
    var code: String
    var parents: [Choice]
    var memberCount: Int
    var assignments: [Choice]
    var errors: [String: String]
}
