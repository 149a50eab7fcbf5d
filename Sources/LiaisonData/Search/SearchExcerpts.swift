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
            guard let text = shown[index] else { return hit }
            var hit = hit
            hit.snippet = Snippet.excerpt(terms, in: text)
            return hit
        }
    }

    /// Each hit's text as written, by its position; nil where the record is gone (its indexed snippet stays).
    private static func shownTexts(of hits: [SearchHit], terms: [String], on db: any Database) async throws
        -> [Int: String]
    {
        func ids(_ kind: SearchIndex.Kind, parts: Bool = false) -> [UUID] {
            Array(Set(hits.filter { $0.kind == kind && ($0.partAddedAt != nil) == parts }.map(\.refID)))
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
        if case let wanted = ids(.request), !wanted.isEmpty {
            let openings = try await RequestMessageModel.query(on: db)
                .filter(\.$requestID ~~ wanted).filter(\.$opening == 1).all()
            byRecord[.request] = Dictionary(
                openings.map { ($0.requestID, Markdown.plainText($0.body)) }, uniquingKeysWith: { a, _ in a })
        }
        // A part is the message added to its request at the part's time; should two share that time, the one that
        // holds a term.
        var partTexts: [Int: String] = [:]
        let parts = hits.enumerated().filter { $0.element.partAddedAt != nil }
        if !parts.isEmpty {
            let times = parts.compactMap(\.element.partAddedAt)
            let messages = try await RequestMessageModel.query(on: db)
                .filter(\.$requestID ~~ Array(Set(parts.map(\.element.refID)))).filter(\.$opening == 0)
                .filter(\.$createdAt >= times.min()!.addingTimeInterval(-0.001))
                .filter(\.$createdAt <= times.max()!.addingTimeInterval(0.001)).all()
            for (index, hit) in parts {
                let at = hit.partAddedAt!
                let texts = messages
                    .filter { $0.requestID == hit.refID && abs($0.createdAt.timeIntervalSince(at)) < 0.001 }
                    .map { Markdown.plainText($0.body) }
                let normalised = texts.map(SearchText.normalise)
                let holding = texts.indices.first { i in terms.contains { normalised[i].contains($0) } }
                if let chosen = holding ?? texts.indices.first { partTexts[index] = texts[chosen] }
            }
        }
        var shown: [Int: String] = [:]
        for (index, hit) in hits.enumerated() {
            shown[index] = hit.partAddedAt == nil ? byRecord[hit.kind]?[hit.refID] : partTexts[index]
        }
        return shown
    }
}
