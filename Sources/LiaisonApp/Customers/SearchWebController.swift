import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct SearchPage: Encodable {
    struct Hit: Encodable {
        var kind: String
        var kindCode: String
        var title: [MarkedText]
        var snippet: [MarkedText]
        var link: String
        var customer: String
        var date: String
    }

    var q: String
    var hits: [Hit]
    var hasHits: Bool
    var searched: Bool
    var error: String?
}

/// The search page behind the search box on every page.
struct SearchWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(SearchRoutes.page, use: search)
    }

    func search(_ request: Request) async throws -> Response {
        let query = try request.query.decode(SearchAPIController.Query.self)
        let text = InputText.stripped(query.q ?? "").trimmed()
        var hits: [SearchHit] = []
        var error: String?
        if !text.isEmpty {
            do {
                let (parsed, asked, _) = try SearchAPIController.parse(query)
                let kinds = try SearchAPIController.permitted(asked, request)
                if kinds?.isEmpty != true {
                    hits = try await SearchQueries.search(parsed, kinds: kinds, limit: 50, for: request.viewer, on: request.db)
                }
                try await SearchAPIController.auditRestricted(hits, query: parsed, request: request)
            } catch let failure as ValidationFailure {
                error = request.fieldErrors(failure).values.sorted().first
            }
        }
        let customers = try await customerNames(Set(hits.map(\.customerID)), request: request)
        let terms = SearchText.plan(text).terms
        let rows = hits.map { hit in
            SearchPage.Hit(
                kind: request.t("record.\(hit.kind.rawValue)"), kindCode: hit.kind.rawValue,
                title: Snippet.marked(hit.title, terms: terms), snippet: Snippet.marked(hit.snippet, terms: terms),
                link: link(for: hit), customer: hit.kind == .customer ? "" : customers[hit.customerID] ?? "",
                date: request.format(hit.updatedAt))
        }
        let body = SearchPage(q: text, hits: rows, hasHits: !rows.isEmpty, searched: !text.isEmpty, error: error)
        return try await request.page("search/results", title: request.t("search.title"), body)
    }

    private func link(for hit: SearchHit) -> String {
        switch hit.kind {
        case .customer: CustomerRoutes.show.link(hit.refID)
        case .contact: ContactRoutes.show.link(hit.refID)
        case .interaction: InteractionRoutes.show.link(hit.refID)
        case .request: RequestRoutes.show.link(hit.refID)
        case .project: ProjectRoutes.show.link(hit.refID)
        case .requirement: RequirementRoutes.show.link(hit.refID)
        }
    }

    private func customerNames(_ ids: Set<UUID>, request: Request) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for id in ids {
            if let customer = try await CustomerQueries.find(id, for: request.viewer, on: request.db) {
                names[id] = customer.displayName(in: request.locale)
            }
        }
        return names
    }
}
