import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `GET /api/v1/search?q=`: customers, contacts and interactions the caller may see.
struct SearchAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(SearchRoutes.api, use: search)
    }

    struct Query: Content {
        var q: String?
        var kind: String?
        var limit: String?
    }

    func search(_ request: Request) async throws -> Response {
        let query = try request.query.decode(Query.self)
        let (text, asked, limit) = try Self.parse(query)
        let kinds = try Self.permitted(asked, request)
        let hits =
            kinds?.isEmpty == true
            ? [] : try await SearchQueries.search(text, kinds: kinds, limit: limit, for: request.viewer, on: request.db)
        try await Self.auditRestricted(hits, query: text, request: request)
        return try ListDTO(items: hits.map(SearchHitDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    static func parse(_ query: Query) throws(ValidationFailure) -> (String, Set<SearchIndex.Kind>?, Int) {
        var v = FieldValidator()
        let text = InputText.stripped(query.q ?? "").trimmed()
        if text.isEmpty { v.add("q", "required") } else if text.count > 200 { v.add("q", "tooLong", ["200"]) }
        var kinds: Set<SearchIndex.Kind>?
        if let raw = query.kind?.nilIfBlank {
            kinds = []
            for part in raw.split(separator: ",") {
                if let kind = SearchIndex.Kind(rawValue: part.trimmedSpaces()) {
                    kinds?.insert(kind)
                } else {
                    v.add("kind", "invalidChoice", [SearchIndex.Kind.allCases.map(\.rawValue).joined(separator: ", ")])
                }
            }
        }
        var limit = 20
        if let raw = query.limit {
            if let value = Int(raw), (1...100).contains(value) { limit = value } else {
                v.add("limit", "outOfRange", ["1", "100"])
            }
        }
        try v.check()
        return (text, kinds, limit)
    }

    /// The kinds the caller may find: requirements only for those who see requirements. Empty (not nil) when the
    /// caller asked only for kinds they may not find: then nothing is searched.
    static func permitted(_ kinds: Set<SearchIndex.Kind>?, _ request: Request) throws -> Set<SearchIndex.Kind>? {
        guard try !request.person.can(.requirementsView) else { return kinds }
        return (kinds ?? Set(SearchIndex.Kind.allCases)).subtracting([.requirement])
    }

    /// Search results that include confidential records are reads of those records.
    static func auditRestricted(_ hits: [SearchHit], query: String, request: Request) async throws {
        let restricted = hits.filter { $0.classification.isRestricted }
        guard !restricted.isEmpty else { return }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            var changes = AuditChanges()
            changes.note("query", String(query.prefix(100)))
            changes.note("records", restricted.map { "\($0.kind.rawValue):\($0.refID.uuidString)" }.joined(separator: ","))
            try await AuditLog.append(
                .searchRestricted, recordType: .search, recordID: nil, changes: changes, by: actor, at: now, on: tx)
        }
    }
}
