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
            filter.actorID = UUID(uuidString: actor)
            if filter.actorID == nil { validator.add("actorId", "invalidReference") }
        }
        filter.recordType = recordType?.nilIfBlank.map { String($0.prefix(50)) }
        filter.recordID = recordId?.nilIfBlank.map { String($0.prefix(100)) }
        filter.action = action?.nilIfBlank.map { String($0.prefix(60)) }
        filter.from = Self.date(from, field: "from", into: &validator)
        filter.to = Self.date(to, field: "to", endOfDay: true, into: &validator)
        var page = PageQuery()
        do {
            page = try PageQuery.parse(limit: limit, cursor: cursor)
        } catch {
            for issue in error.issues { validator.add(issue.field, issue.code, issue.values) }
        }
        try validator.check()
        return (filter, page)
    }

    /// Accepts RFC 3339 times, or plain dates (2026-11-29) read in UTC; a plain `to` date includes that whole day.
    private static func date(_ raw: String?, field: String, endOfDay: Bool = false, into validator: inout FieldValidator)
        -> Date?
    {
        guard let text = raw?.nilIfBlank else { return nil }
        if let date = RFC3339.parse(text) { return date }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) {
            return endOfDay ? day.addingTimeInterval(86_400) : day
        }
        validator.add(field, "invalidDate")
        return nil
    }
}

extension String {
    var nilIfBlank: String? {
        let trimmed = trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
