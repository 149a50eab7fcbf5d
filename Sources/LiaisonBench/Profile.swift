import Foundation
import LiaisonCore
import SQLiteNIO

/// `liaison-bench profile --data-dir DIR`: runs the exact SQL the timeline and search endpoints run (as an admin,
/// whose visibility condition is `1 = 1`), straight on the file with the server's connection settings, and prints
/// query plans and timings. Comparing these with the wrk numbers separates SQL time from HTTP/app time.
enum Profiler {
    struct Options {
        var dataDir = ""
        var repeats = 5
        var cacheKB: Int?
        var mmapMB: Int?
        var timelineSample = 200
        var only: String?
        /// "current": the SQL the server runs today; "proposed": the rewrite recommended in bench/RESULTS.md.
        var variant = "current"
    }

    static func run(_ options: Options) async throws {
        let dir = URL(fileURLWithPath: options.dataDir)
        let dbPath = dir.appendingPathComponent("liaison.sqlite").path
        let connection = try await SQLiteConnection.open(storage: .file(path: dbPath))
        let db = BulkDB(connection: connection)
        if let cacheKB = options.cacheKB { try await db.exec("PRAGMA cache_size=-\(cacheKB)") }
        if let mmapMB = options.mmapMB { try await db.exec("PRAGMA mmap_size=\(mmapMB * 1_048_576)") }
        let cache = try await db.query("PRAGMA cache_size").first?.columns.first?.data.integer ?? 0
        let mmap = try await db.query("PRAGMA mmap_size").first?.columns.first?.data.integer ?? 0
        print("SQLite \(SQLiteConnection.libraryVersionString()); cache_size=\(cache) mmap_size=\(mmap)")

        if options.only == nil || options.only == "timeline" {
            try await profileTimeline(db, dir: dir, options: options)
        }
        var createdIndex = false
        if options.variant == "proposed" {
            // The partial index the proposed title query needs (a migration in the recommendation); dropped again
            // afterwards unless it was there before, so the data set stays as the current server expects it.
            let exists = try await db.query("SELECT 1 FROM sqlite_master WHERE name = 'search_docs_name'").first != nil
            if !exists {
                let t = Date()
                try await db.exec("CREATE INDEX search_docs_name ON search_docs (title_key) WHERE kind IN ('customer', 'contact')")
                try await db.exec("ANALYZE search_docs")
                createdIndex = true
                print(String(format: "created partial index search_docs_name in %.1f s", Date().timeIntervalSince(t)))
            }
        }
        if options.only == nil || options.only == "search" {
            try await profileSearch(db, dir: dir, options: options)
        }
        if createdIndex {
            try await db.exec("DROP INDEX search_docs_name")
            try await db.exec("ANALYZE search_docs")
            print("dropped search_docs_name again")
        }
        try await connection.close()
    }

    static let timelineSQL = """
        SELECT e.* FROM timeline_entries e  WHERE (e.customer_id = ?)
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT 51
        """

    static func profileTimeline(_ db: BulkDB, dir: URL, options: Options) async throws {
        let lines = try String(contentsOf: dir.appendingPathComponent("timeline-ids.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let ids = lines.compactMap(\.first)
        print("\n## Timeline SQL (as TimelineQueries.forCustomer, default page of 50)")
        try await explain(db, timelineSQL, [.text(ids[0])])
        var times: [Double] = []
        for id in ids.prefix(options.timelineSample) {
            let t = DispatchTime.now().uptimeNanoseconds
            let rows = try await db.query(timelineSQL, [.text(id)])
            _ = rows.count
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        report("timeline SQL, \(times.count) customers, first pass", times)
        times = []
        for id in ids.prefix(options.timelineSample) {
            let t = DispatchTime.now().uptimeNanoseconds
            _ = try await db.query(timelineSQL, [.text(id)])
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        report("timeline SQL, same customers again", times)
    }

    static func profileSearch(_ db: BulkDB, dir: URL, options: Options) async throws {
        let lines = try String(contentsOf: dir.appendingPathComponent("search-queries.txt"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        print("\n## Search SQL (as SearchQueries.search for an admin, limit 20)")
        print("category\tquery\ttitle_ms\tbody_ms\ttotal_ms\ttitle_hits\tbody_rows")
        var byCategory: [String: [Double]] = [:]
        var all: [Double] = []
        var explained: Set<String> = []
        for (category, query) in lines {
            let proposed = options.variant == "proposed"
            let sqlFor = { (hits: Int) in proposed ? proposedSearchSQL(query, titleHits: hits) : searchSQL(query, titleHits: hits) }
            let (titleSQL, titleBinds, bodySQL, bodyBinds) = sqlFor(0)
            var titleTimes: [Double] = []
            var bodyTimes: [Double] = []
            var titleRows = 0
            var bodyRows = 0
            for _ in 0..<options.repeats {
                var t = DispatchTime.now().uptimeNanoseconds
                titleRows = try await db.query(titleSQL, titleBinds).count
                titleTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                if titleRows < 20, let bodySQL {
                    let (_, _, realBody, realBinds) = sqlFor(titleRows)
                    t = DispatchTime.now().uptimeNanoseconds
                    bodyRows = try await db.query(realBody ?? bodySQL, realBinds).count
                    bodyTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                } else {
                    bodyTimes.append(0)
                }
            }
            let title = median(titleTimes)
            let body = median(bodyTimes)
            byCategory[category, default: []].append(title + body)
            all.append(title + body)
            print("\(category)\t\(query)\t\(fmt(title))\t\(fmt(body))\t\(fmt(title + body))\t\(titleRows)\t\(bodyRows)")
            if !explained.contains(category), let bodySQL {
                explained.insert(category)
                print("  plan for \(query):")
                try await explain(db, titleSQL, titleBinds, indent: "    title: ")
                try await explain(db, bodySQL, bodyBinds, indent: "    body:  ")
            }
            _ = bodyBinds
        }
        print("")
        for (category, times) in byCategory.sorted(by: { $0.key < $1.key }) { report("search SQL \(category)", times) }
        report("search SQL, all queries (median of \(options.repeats) runs each)", all)
    }

    /// The two statements `SearchQueries.search` runs for an admin, with their binds.
    static func searchSQL(_ query: String, titleHits: Int, limit: Int = 20)
        -> (String, [SQLiteData], String?, [SQLiteData])
    {
        let plan = SearchText.plan(query)
        let key = SearchText.normalise(query.trimmingCharacters(in: .whitespacesAndNewlines))
        let titleSQL = """
            SELECT d.* FROM search_docs d
            WHERE d.title_key >= ? AND d.title_key < ? AND (1 = 1)
            ORDER BY (d.title_key = ?) DESC, d.id DESC LIMIT \(limit)
            """
        let titleBinds: [SQLiteData] = [.text(key), .text(key + "\u{10FFFF}"), .text(key)]
        guard !plan.terms.isEmpty else { return (titleSQL, titleBinds, nil, []) }
        var conditions: [String] = []
        var binds: [SQLiteData] = []
        if let match = plan.trigramMatch {
            conditions.append("d.id IN (SELECT rowid FROM search_trigram WHERE search_trigram MATCH ?)")
            binds.append(.text(match))
        }
        if let match = plan.bigramMatch {
            conditions.append("d.id IN (SELECT rowid FROM search_bigram WHERE search_bigram MATCH ?)")
            binds.append(.text(match))
        }
        for term in plan.scanTerms {
            conditions.append("d.text LIKE ? ESCAPE '\\'")
            binds.append(.text("%" + escapeLike(term) + "%"))
        }
        conditions.append("1 = 1")
        let bodySQL = """
            SELECT d.* FROM search_docs d
            WHERE \(conditions.map { "(\($0))" }.joined(separator: " AND "))
            ORDER BY d.id DESC LIMIT \(limit + titleHits)
            """
        return (titleSQL, titleBinds, bodySQL, binds)
    }

    /// The recommended rewrite (see bench/RESULTS.md): title matches only among names (customers and contacts,
    /// through a partial index), and text matches read from the FTS5 index newest-first, stopping at the limit,
    /// instead of materialising every match with `IN (SELECT rowid …)` and sorting.
    static func proposedSearchSQL(_ query: String, titleHits: Int, limit: Int = 20)
        -> (String, [SQLiteData], String?, [SQLiteData])
    {
        let plan = SearchText.plan(query)
        let key = SearchText.normalise(query.trimmingCharacters(in: .whitespacesAndNewlines))
        let titleSQL = """
            SELECT d.* FROM search_docs d
            WHERE d.kind IN ('customer', 'contact') AND d.title_key >= ? AND d.title_key < ? AND (1 = 1)
            ORDER BY (d.title_key = ?) DESC, d.id DESC LIMIT \(limit)
            """
        let titleBinds: [SQLiteData] = [.text(key), .text(key + "\u{10FFFF}"), .text(key)]
        guard !plan.terms.isEmpty else { return (titleSQL, titleBinds, nil, []) }
        // Terms for both indexes (a 2-character Chinese word and a longer term): as today, every match of both is
        // listed and intersected. Probing one index per row of the other is far slower when few rows match both.
        if let trigram = plan.trigramMatch, let bigram = plan.bigramMatch {
            // Candidates: the newest 5000 matches of the longer terms; kept if the bigram index matches them too
            // (its matches are read only within the candidates' rowid range).
            var filters: [String] = []
            var binds: [SQLiteData] = [.text(trigram), .text(bigram)]
            for term in plan.scanTerms {
                filters.append("d.text LIKE ? ESCAPE '\\'")
                binds.append(.text("%" + escapeLike(term) + "%"))
            }
            filters.append("1 = 1")
            let sql = """
                WITH c AS (SELECT rowid AS id FROM search_trigram WHERE search_trigram MATCH ? ORDER BY rowid DESC LIMIT 5000)
                SELECT d.* FROM c CROSS JOIN search_docs d ON d.id = c.id
                WHERE d.id IN (SELECT rowid FROM search_bigram WHERE search_bigram MATCH ?
                    AND rowid >= (SELECT MIN(id) FROM c) AND rowid <= (SELECT MAX(id) FROM c))
                    AND \(filters.map { "(\($0))" }.joined(separator: " AND "))
                ORDER BY d.id DESC LIMIT \(limit + titleHits)
                """
            return (titleSQL, titleBinds, sql, binds)
        }
        var conditions: [String] = []
        var binds: [SQLiteData] = []
        let driver: String?
        if let match = plan.trigramMatch {
            driver = "search_trigram"
            binds.append(.text(match))
        } else if let match = plan.bigramMatch {
            driver = "search_bigram"
            binds.append(.text(match))
        } else {
            driver = nil
        }
        for term in plan.scanTerms {
            conditions.append("d.text LIKE ? ESCAPE '\\'")
            binds.append(.text("%" + escapeLike(term) + "%"))
        }
        conditions.append("1 = 1")
        let bodySQL: String
        if let driver {
            bodySQL = """
                SELECT d.* FROM \(driver) CROSS JOIN search_docs d ON d.id = \(driver).rowid
                WHERE \(driver) MATCH ? AND \(conditions.map { "(\($0))" }.joined(separator: " AND "))
                ORDER BY \(driver).rowid DESC LIMIT \(limit + titleHits)
                """
        } else {
            bodySQL = """
                SELECT d.* FROM search_docs d
                WHERE \(conditions.map { "(\($0))" }.joined(separator: " AND "))
                ORDER BY d.id DESC LIMIT \(limit + titleHits)
                """
        }
        return (titleSQL, titleBinds, bodySQL, binds)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func explain(_ db: BulkDB, _ sql: String, _ binds: [SQLiteData], indent: String = "  ") async throws {
        for row in try await db.query("EXPLAIN QUERY PLAN " + sql, binds) {
            print(indent + (row.column("detail")?.string ?? "?"))
        }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func report(_ label: String, _ values: [Double]) {
        print("\(label): n=\(values.count) p50=\(fmt(percentile(values, 0.5))) ms p95=\(fmt(percentile(values, 0.95))) ms max=\(fmt(values.max() ?? 0)) ms")
    }

    static func fmt(_ value: Double) -> String { String(format: "%.2f", value) }
}
