import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// One record found by a search.
public struct SearchHit: Sendable, Equatable {
    public var kind: SearchIndex.Kind
    public var refID: UUID
    public var customerID: UUID
    public var classification: Classification
    public var title: String
    public var snippet: String
    public var updatedAt: Date
    /// The title is the query itself (or starts with it): shown before other matches.
    public var titleMatch: Bool
}

public enum SearchQueries {
    /// Records matching every term, that the viewer may see. Title matches come first, then the newest records.
    /// Chinese two-character words use the bigram index, longer terms the trigram index, single characters a scan.
    public static func search(
        _ query: String, kinds: Set<SearchIndex.Kind>? = nil, limit: Int = 20, for viewer: CustomerViewer,
        on db: any Database
    ) async throws -> [SearchHit] {
        let plan = SearchText.plan(query)
        guard !plan.terms.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        var conditions: [SQLQueryString] = [
            viewer.visibility(customerColumn: "d.customer_id", classificationColumn: "d.classification")
        ]
        if let kinds, !kinds.isEmpty {
            conditions.append("d.kind IN (\(binds: kinds.map(\.rawValue).sorted()))")
        }
        let textConditions = matchConditions(plan, engine: Engine(db))
        let key = SearchText.normalise(query.trimmingCharacters(in: .whitespacesAndNewlines))

        // Title matches: exact or prefix, whatever their age, through the title index.
        let prefixEnd = key + "\u{10FFFF}"
        let titleSQL: SQLQueryString = """
            SELECT d.* FROM search_docs d
            WHERE d.title_key >= \(bind: key) AND d.title_key < \(bind: prefixEnd) AND \(joined(conditions))
            ORDER BY (d.title_key = \(bind: key)) DESC, d.id DESC LIMIT \(literal: limit)
            """
        var hits = try await sql.raw(titleSQL).all(decoding: DocRow.self).map { $0.hit(titleMatch: true, plan: plan) }
        guard hits.count < limit else { return hits }

        // Then the newest documents that contain every term. Row ids grow with time, so id order is recency.
        let seen = Set(hits.map(\.refID))
        let bodySQL: SQLQueryString = """
            SELECT d.* FROM search_docs d
            WHERE \(joined(textConditions + conditions))
            ORDER BY d.id DESC LIMIT \(literal: limit + hits.count)
            """
        for row in try await sql.raw(bodySQL).all(decoding: DocRow.self) where hits.count < limit {
            let hit = row.hit(titleMatch: false, plan: plan)
            if !seen.contains(hit.refID) { hits.append(hit) }
        }
        return hits
    }

    private static func matchConditions(_ plan: SearchPlan, engine: Engine) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        switch engine {
        case .sqlite:
            if let match = plan.trigramMatch {
                conditions.append("d.id IN (SELECT rowid FROM search_trigram WHERE search_trigram MATCH \(bind: match))")
            }
            if let match = plan.bigramMatch {
                conditions.append("d.id IN (SELECT rowid FROM search_bigram WHERE search_bigram MATCH \(bind: match))")
            }
            for term in plan.scanTerms {
                conditions.append("d.text LIKE \(bind: "%" + LikePattern.escape(term) + "%") ESCAPE '\\'")
            }
        case .postgres:
            // Trigram terms through pg_trgm (ILIKE uses the GIN index); bigram words through the tsvector.
            for term in plan.terms {
                let isBigram = term.count == 2 && term.unicodeScalars.allSatisfy(\.isCJK)
                if isBigram {
                    conditions.append("d.bigrams @@ phraseto_tsquery('simple', \(bind: term))")
                } else {
                    conditions.append("d.text ILIKE \(bind: "%" + LikePattern.escape(term) + "%") ESCAPE '\\'")
                }
            }
        }
        return conditions
    }

    private static func joined(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "1 = 1" : conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
    }

    private struct DocRow: Decodable {
        var kind: String
        var ref_id: UUID
        var customer_id: UUID
        var classification: String
        var title: String
        var text: String
        var updated_at: Date

        func hit(titleMatch: Bool, plan: SearchPlan) -> SearchHit {
            SearchHit(
                kind: SearchIndex.Kind(rawValue: kind) ?? .customer, refID: ref_id, customerID: customer_id,
                classification: Classification(rawValue: classification) ?? .secret, title: title,
                snippet: Snippet.around(plan.terms, in: text, skippingFirstLine: true), updatedAt: updated_at,
                titleMatch: titleMatch)
        }
    }
}

extension Unicode.Scalar {
    /// Han ideographs, kana and Hangul: the scripts written without spaces between words.
    var isCJK: Bool {
        switch value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3134F:
            return true
        default:
            return false
        }
    }
}

/// A short piece of text around the first search term, for result lists.
enum Snippet {
    static func around(_ terms: [String], in text: String, skippingFirstLine: Bool, radius: Int = 40) -> String {
        var body = Substring(text)
        if skippingFirstLine, let newline = body.firstIndex(of: "\n") { body = body[body.index(after: newline)...] }
        let flat = body.replacingOccurrences(of: "\n", with: " ")
        guard !flat.isEmpty else { return "" }
        guard let term = terms.first(where: { flat.range(of: $0) != nil }), let range = flat.range(of: term) else {
            return String(flat.prefix(radius * 2))
        }
        let start = flat.index(range.lowerBound, offsetBy: -radius, limitedBy: flat.startIndex) ?? flat.startIndex
        let end = flat.index(range.upperBound, offsetBy: radius, limitedBy: flat.endIndex) ?? flat.endIndex
        return (start > flat.startIndex ? "…" : "") + flat[start..<end] + (end < flat.endIndex ? "…" : "")
    }
}
