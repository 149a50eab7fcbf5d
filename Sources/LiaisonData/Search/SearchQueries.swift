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
    /// The document found (`search_docs.id`), and whether it is a part of its record (a request's reply or note,
    /// added at the message's time).
    var documentID: Int64 = 0
    var isPart = false
    /// The document's indexed text (and its unfolded form): the snippet when the record itself cannot be read.
    var indexedText = ""
    var indexedUnfolded: String?
}

public enum SearchQueries {
    /// The kinds whose titles are names, matched by prefix and shown first (the condition of `search_docs_name`,
    /// written out so the database sees that a query's condition is the index's).
    static let nameKinds = "kind IN ('customer', 'contact')"
    /// When a query needs both SQLite indexes (a 3+ character term and a two-character Chinese word), only the
    /// newest this-many matches of the longer terms are checked for the others. This bounds the cost of
    /// combining two common words; older records are found by a more specific query.
    static let candidateLimit = 5000
    /// Up to this many matches of the primary index are read in index order (cheap) and the newest picked from
    /// them; more, and the index is read newest first instead (which costs more per match but stops early).
    static let fewMatches = 64

    /// Records matching every term, that the viewer may see. Names that are the query or start with it come
    /// first, then the newest records containing every term. Chinese two-character words use the bigram index,
    /// longer terms the trigram index, single characters a scan.
    ///
    /// A costly read (`Database.costlyRead`): a broad word matches a large share of all documents.
    public static func search(
        _ query: String, kinds: Set<SearchIndex.Kind>? = nil, limit: Int = 20, for viewer: CustomerViewer,
        on db: any Database
    ) async throws -> [SearchHit] {
        try await db.costlyRead { db in
            try await search(query, kinds: kinds, limit: limit, for: viewer, on: db, fewMatches: fewMatches)
        }
    }

    static func search(
        _ query: String, kinds: Set<SearchIndex.Kind>?, limit: Int, for viewer: CustomerViewer, on db: any Database,
        fewMatches: Int
    ) async throws -> [SearchHit] {
        let hits = try await matches(query, kinds: kinds, limit: limit, for: viewer, on: db, fewMatches: fewMatches)
        return try await SearchExcerpts.cut(
            try await withRecordTitles(hits, on: db), terms: SearchText.plan(query).terms, on: db)
    }

    /// A part of a record's document holds no title: its hit takes the title of the record's first document.
    static func withRecordTitles(_ hits: [SearchHit], on db: any Database) async throws -> [SearchHit] {
        let untitled = Set(hits.filter { $0.title.isEmpty }.map(\.refID))
        guard !untitled.isEmpty else { return hits }
        struct TitleRow: Decodable {
            var ref_id: UUID
            var title: String
        }
        let ids = untitled.sorted { $0.uuidString < $1.uuidString }
        let rows = try await db.sql.raw(
            "SELECT ref_id, title FROM search_docs WHERE part = 0 AND ref_id IN (\(binds: ids))"
        ).all(decoding: TitleRow.self)
        let titles = Dictionary(rows.map { ($0.ref_id, $0.title) }, uniquingKeysWith: { first, _ in first })
        return hits.map { hit in
            var hit = hit
            if hit.title.isEmpty, let title = titles[hit.refID] { hit.title = title }
            return hit
        }
    }

    private static func matches(
        _ query: String, kinds: Set<SearchIndex.Kind>?, limit: Int, for viewer: CustomerViewer, on db: any Database,
        fewMatches: Int
    ) async throws -> [SearchHit] {
        let plan = SearchText.plan(query)
        guard !plan.terms.isEmpty else { return [] }
        let sql = db.sql
        var conditions: [SQLQueryString] = [
            viewer.visibility(customerColumn: "d.customer_id", classificationColumn: "d.classification")
        ]
        if let kinds, !kinds.isEmpty {
            conditions.append("d.kind IN (\(binds: kinds.map(\.rawValue).sorted()))")
        }
        var hits: [SearchHit] = []
        if kinds.map({ $0.isEmpty || $0.contains(.customer) || $0.contains(.contact) }) ?? true {
            // Names: exact or prefix, whatever their age, through the partial index over names.
            let nameSQL = nameQuery(query, conditions: conditions, limit: limit)
            hits = try await sql.raw(nameSQL).all(decoding: DocRow.self).map { $0.hit(titleMatch: true, plan: plan) }
            guard hits.count < limit else { return hits }
        }

        // Then the newest documents that contain every term. Row ids grow with time, so id order is recency. A
        // record can have several documents (a request's replies are parts of its own): each record is shown once,
        // where its newest match is, so more documents are read than records are wanted.
        let names = hits
        // The names, then each record of `found` not yet shown, up to the limit.
        func records(from found: [DocRow]) -> [SearchHit] {
            var records = names
            var shown = Set(names.map(\.refID))
            for row in found where records.count < limit {
                let hit = row.hit(titleMatch: false, plan: plan)
                if shown.insert(hit.refID).inserted { records.append(hit) }
            }
            return records
        }
        if Engine(db) == .sqlite, let ids = try await fewMatchIDs(plan, atMost: fewMatches, on: sql) {
            guard !ids.isEmpty else { return hits }
            let textSQL = fewMatchQuery(plan, ids: ids, conditions: conditions, limit: ids.count)
            return records(from: try await sql.raw(textSQL).all(decoding: DocRow.self))
        }
        var rows = partsPerRecord * (limit + names.count)
        while true {
            let textSQL = matchQuery(plan, engine: Engine(db), conditions: conditions, limit: rows)
            let found = try await sql.raw(textSQL).all(decoding: DocRow.self)
            let shown = records(from: found)
            // Enough records, or every matching document read, or as far as a search goes.
            if shown.count >= limit || found.count < rows || rows >= maximumRows { return shown }
            rows = min(rows * 4, maximumRows)
        }
    }

    /// Documents read per record wanted, at first (most records have one document that matches; a request whose
    /// replies keep using a word has several).
    static let partsPerRecord = 3
    /// The most documents one search reads to fill its page of records.
    static let maximumRows = 2000

    /// Names (customers, contacts) that are the query or start with it, the exact ones first.
    static func nameQuery(_ query: String, conditions: [SQLQueryString], limit: Int) -> SQLQueryString {
        let key = SearchText.normalise(query.trimmed())
        let prefixEnd = key + "\u{10FFFF}"
        return """
            SELECT d.* FROM search_docs d
            WHERE d.\(unsafeRaw: nameKinds) AND d.title_key >= \(bind: key) AND d.title_key < \(bind: prefixEnd)
                AND \(joined(conditions))
            ORDER BY (d.title_key = \(bind: key)) DESC, d.id DESC LIMIT \(literal: limit)
            """
    }

    /// SQLite: every match of the primary index (trigram, else bigram) when there are few; nil when there are
    /// many or the plan uses neither index. Rare terms (e-mail addresses, phone numbers, names) end here.
    static func fewMatchIDs(_ plan: SearchPlan, atMost fewMatches: Int, on sql: any SQLDatabase) async throws -> [Int64]? {
        let primary: (table: SQLQueryString, match: String)
        if let match = plan.trigramMatch {
            primary = ("search_trigram", match)
        } else if let match = plan.bigramMatch {
            primary = ("search_bigram", match)
        } else {
            return nil
        }
        let ids = try await sql.raw(
            """
            SELECT rowid AS id FROM \(primary.table) WHERE \(primary.table) MATCH \(bind: primary.match)
            LIMIT \(literal: fewMatches + 1)
            """
        ).all().map { try IDRow(row: $0).id }
        return ids.count > fewMatches ? nil : ids
    }

    /// The newest of a few known matches of the primary index that also match the rest of the plan.
    static func fewMatchQuery(_ plan: SearchPlan, ids: [Int64], conditions: [SQLQueryString], limit: Int)
        -> SQLQueryString
    {
        var filters = conditions + ["d.id IN (\(binds: ids))"]
        if plan.trigramMatch != nil, let bigram = plan.bigramMatch, let low = ids.min(), let high = ids.max() {
            filters.append(
                """
                d.id IN (SELECT rowid FROM search_bigram WHERE search_bigram MATCH \(bind: bigram)
                    AND rowid BETWEEN \(bind: low) AND \(bind: high))
                """)
        }
        for term in plan.scanTerms {
            filters.append("d.text LIKE \(bind: "%" + LikePattern.escape(term) + "%") ESCAPE '\\'")
        }
        return "SELECT d.* FROM search_docs d WHERE \(joined(filters)) ORDER BY d.id DESC LIMIT \(literal: limit)"
    }

    /// The newest documents matching the plan, `d` being `search_docs`.
    static func matchQuery(
        _ plan: SearchPlan, engine: Engine, conditions: [SQLQueryString], limit: Int
    ) -> SQLQueryString {
        var filters = conditions
        switch engine {
        case .postgres:
            // Trigram terms through pg_trgm (ILIKE uses the GIN index); bigram words through the tsvector.
            for term in plan.terms {
                let isBigram = term.count == 2 && term.unicodeScalars.allSatisfy(\.isCJK)
                if isBigram {
                    filters.append("d.bigrams @@ phraseto_tsquery('simple', \(bind: term))")
                } else {
                    filters.append("d.text ILIKE \(bind: "%" + LikePattern.escape(term) + "%") ESCAPE '\\'")
                }
            }
            return "SELECT d.* FROM search_docs d WHERE \(joined(filters)) ORDER BY d.id DESC LIMIT \(literal: limit)"
        case .sqlite:
            for term in plan.scanTerms {
                filters.append("d.text LIKE \(bind: "%" + LikePattern.escape(term) + "%") ESCAPE '\\'")
            }
            switch (plan.trigramMatch, plan.bigramMatch) {
            case (nil, nil):
                return "SELECT d.* FROM search_docs d WHERE \(joined(filters)) ORDER BY d.id DESC LIMIT \(literal: limit)"
            case (let trigram?, let bigram?):
                // The newest matches of the longer terms, kept when the bigram index also matches them (searched
                // only from the oldest candidate on).
                return """
                    WITH candidates AS MATERIALIZED (
                        SELECT rowid AS id FROM search_trigram WHERE search_trigram MATCH \(bind: trigram)
                        ORDER BY rowid DESC LIMIT \(literal: candidateLimit))
                    SELECT d.* FROM candidates c CROSS JOIN search_docs d ON d.id = c.id
                    WHERE c.id IN (SELECT rowid FROM search_bigram WHERE search_bigram MATCH \(bind: bigram)
                            AND rowid >= (SELECT min(id) FROM candidates))
                        AND \(joined(filters))
                    ORDER BY d.id DESC LIMIT \(literal: limit)
                    """
            case (let match?, nil), (nil, let match?):
                // One index: read its matches newest first (FTS5 walks rowids backwards without sorting) and stop
                // at the first `limit` the viewer may see.
                let table: SQLQueryString = plan.trigramMatch != nil ? "search_trigram" : "search_bigram"
                return """
                    SELECT d.* FROM \(table) CROSS JOIN search_docs d ON d.id = \(table).rowid
                    WHERE \(table) MATCH \(bind: match) AND \(joined(filters))
                    ORDER BY \(table).rowid DESC LIMIT \(literal: limit)
                    """
            }
        }
    }

    private static func joined(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "1 = 1" : conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
    }

    private struct DocRow: Decodable {
        var id: Int64
        var kind: String
        var ref_id: UUID
        var customer_id: UUID
        var classification: String
        var title: String
        var text: String
        /// The text before folding, when folding changed it: what the snippet shows.
        var unfolded: String?
        var updated_at: Date
        var part: Int

        func hit(titleMatch: Bool, plan: SearchPlan) -> SearchHit {
            SearchHit(
                kind: SearchIndex.Kind(rawValue: kind) ?? .customer, refID: ref_id, customerID: customer_id,
                classification: Classification(rawValue: classification) ?? .secret, title: title,
                snippet: "",
                updatedAt: updated_at,
                titleMatch: titleMatch, documentID: id, isPart: part != 0, indexedText: text,
                indexedUnfolded: unfolded)
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
