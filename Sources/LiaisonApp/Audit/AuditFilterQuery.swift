import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The audit filters as they arrive in a query string, checked into an `AuditFilter`.
struct AuditFilterQuery: Content {
    var actorId: String?
    var recordType: String?
    var recordId: String?
    var action: String?
    var from: String?
    var to: String?
    var limit: String?
    var cursor: String?

    func parse() throws(ValidationFailure) -> (AuditFilter, PageQuery) {
        var validator = FieldValidator()
        var filter = AuditFilter()
        if let actor = actorId?.nilIfBlank {
            filter.actorID = UUIDText.parse(actor)
            if filter.actorID == nil { validator.add("actorId", "invalidReference") }
        }
        filter.recordType = recordType?.nilIfBlank.map { String($0.prefix(50)) }
        filter.recordID = recordId?.nilIfBlank.map { String($0.prefix(100)) }
        filter.action = action?.nilIfBlank.map { String($0.prefix(60)) }
        filter.from = DateParameter.parse(from, field: "from", into: &validator)
        filter.to = DateParameter.parse(to, field: "to", endOfDay: true, into: &validator)
        var page = PageQuery()
        do {
            page = try PageQuery.parse(limit: limit, cursor: cursor)
        } catch {
            for issue in error.issues { validator.add(issue.field, issue.code, issue.values) }
        }
        try validator.check()
        return (filter, page)
    }
}

extension String {
    var nilIfBlank: String? {
        let trimmed = trimmedSpaces()
        return trimmed.isEmpty ? nil : trimmed
    }
}
