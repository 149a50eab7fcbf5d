import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The excerpts a page of search results shows, cut from the records as written. The index holds text normalised
/// for matching (lower case, half-width punctuation, simplified characters) and words that find a record without
/// being part of it (its customer's name, phone numbers as bare digits); an excerpt shows none of that. One read per
/// kind of record on the page, by id.
enum SearchExcerpts {
    static func cut(_ hits: [SearchHit], terms: [String], on db: any Database) async throws -> [SearchHit] {
        guard !hits.isEmpty else { return hits }
        let shown = try await shownTexts(of: hits, terms: terms, on: db)
        return hits.enumerated().map { index, hit in
            var hit = hit
            if let text = shown[index] {
                hit.snippet = Snippet.excerpt(terms, in: text)
            } else {
                hit.snippet = Snippet.around(
                    terms, in: hit.indexedText, shown: hit.indexedUnfolded, skippingFirstLine: true)
            }
            hit.indexedText = ""
            hit.indexedUnfolded = nil
            return hit
        }
    }

    /// Each hit's text as written, by its position; nil where the record is gone (the snippet is then cut from the
    /// indexed text).
    private static func shownTexts(of hits: [SearchHit], terms: [String], on db: any Database) async throws
        -> [Int: String]
    {
        func ids(_ kind: SearchIndex.Kind, parts: Bool = false) -> [UUID] {
            Array(Set(hits.filter { $0.kind == kind && $0.isPart == parts }.map(\.refID)))
        }
        var byRecord: [SearchIndex.Kind: [UUID: String]] = [:]
        if case let wanted = ids(.customer), !wanted.isEmpty {
            let models = try await CustomerModel.query(on: db).filter(\.$id ~~ wanted).all()
            byRecord[.customer] = Dictionary(models.map { ($0.id!, $0.searchShownText) }, uniquingKeysWith: { a, _ in a })
        }
        if case let wanted = ids(.contact), !wanted.isEmpty {
            let models = try await ContactModel.query(on: db).filter(\.$id ~~ wanted).all()
            byRecord[.contact] = Dictionary(models.map { ($0.id!, $0.searchShownText) }, uniquingKeysWith: { a, _ in a })
        }
        if case let wanted = ids(.interaction), !wanted.isEmpty {
            let models = try await InteractionModel.query(on: db).filter(\.$id ~~ wanted).all()
            byRecord[.interaction] = Dictionary(
                models.map { ($0.id!, $0.searchShownText) }, uniquingKeysWith: { a, _ in a })
        }
        struct OpeningRow: Decodable {
            var request_id: UUID
            var body: String
        }
        struct PartRow: Decodable {
            var doc: Int64
            var body: String
        }
        if case let wanted = ids(.request), !wanted.isEmpty {
            // The opening message (plain rows: a page of results reads up to twenty).
            let openings = try await db.sql.raw(
                """
                SELECT request_id, body FROM request_messages WHERE request_id IN (\(binds: wanted)) AND opening = 1
                """
            ).all(decoding: OpeningRow.self)
            byRecord[.request] = Dictionary(
                openings.map { ($0.request_id, Markdown.plainText($0.body)) }, uniquingKeysWith: { a, _ in a })
        }
        // A part is the message added to its request at the part's time (both columns hold the same value); should
        // two share that time, the one that holds a term.
        var partTexts: [Int: String] = [:]
        let parts = hits.enumerated().filter { $0.element.isPart }
        if !parts.isEmpty {
            let rows = try await db.sql.raw(
                """
                SELECT d.id AS doc, m.body FROM search_docs d
                JOIN request_messages m ON m.request_id = d.ref_id AND m.created_at = d.updated_at
                WHERE d.id IN (\(binds: parts.map(\.element.documentID))) AND m.opening = 0
                """
            ).all(decoding: PartRow.self)
            let byDocument = Dictionary(grouping: rows, by: \.doc)
            for (index, hit) in parts {
                let texts = (byDocument[hit.documentID] ?? []).map { Markdown.plainText($0.body) }
                let holding = texts.count < 2 ? nil : texts.first { text in
                    let normalised = SearchText.normalise(text)
                    return terms.contains { normalised.contains($0) }
                }
                if let chosen = holding ?? texts.first { partTexts[index] = chosen }
            }
        }
        var shown: [Int: String] = [:]
        for (index, hit) in hits.enumerated() {
            shown[index] = hit.isPart ? partTexts[index] : byRecord[hit.kind]?[hit.refID]
        }
        return shown
    }
}
