import Foundation
import LiaisonCore
import SQLiteNIO

struct GenerateOptions: Sendable {
    var dataDir = ""
    var customers = 100_000
    var contacts = 300_000
    var interactions = 5_000_000
    var seed: UInt64 = 1
    var staff = 50
    var liaison: String?
    var force = false
    var batch = 10_000
    var commitEvery = 0
    var mainDepth = 2
    var orderedIDs = true
    var ftsChunk = 60_000
    var ftsDepth = 2
    var cacheMB = 6_000
    var journal = "off"
    var deferIndexes = true
    var ftsOptimize = true
    var hashSizeMB = 1024
    var noWrite = false
    var ftsCacheMB = 2_000
    var analysisLimit = 2000
    var integrityCheck = false
    var reportSeconds = 15.0
}

/// `liaison-bench generate`: a database the real server opens, filled at the issue's scale.
enum Generator {
    static let adminEmail = "bench@bench.test"
    static let adminName = "压测管理员"
    static let adminPassword = "Perf-Test-Passw0rd!"  // "Bench-…" is refused: it contains the e-mail name

    /// Indexes whose leading column is an interaction-derived id (ordered ids make their inserts appends).
    static let appendOnlyIndexes: Set<String> = ["participants_interaction", "timeline_ref", "timeline_contact_entry", "search_docs_ref"]

    /// Tables the generator fills in bulk; their secondary indexes can be built after the load.
    static let bulkTables = [
        "customers", "customer_team", "contacts", "contact_identities", "interactions", "interaction_participants",
        "timeline_entries", "timeline_contacts", "search_docs",
    ]

    static func run(_ options: GenerateOptions) async throws {
        let clock = Stopwatch()
        selfTest()
        let dir = URL(fileURLWithPath: options.dataDir).standardizedFileURL
        let dbPath = dir.appendingPathComponent("liaison.sqlite").path
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: dbPath) {
            guard options.force else { throw BenchError("\(dbPath) exists; pass --force to replace it") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
        }
        for name in ["token", "timeline-ids.txt", "search-queries.txt", "generate-summary.txt"] {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }

        // 1. The real schema and an admin with a token, through the server's own commands.
        let liaison = options.liaison ?? Bundle.main.executableURL!.deletingLastPathComponent()
            .appendingPathComponent("liaison").path
        log(clock, "migrating and creating \(adminEmail) with \(liaison)")
        _ = try runLiaison(liaison, dir: dir.path, [
            "user", "create", "--email", adminEmail, "--name", adminName, "--role", "admin", "--password", adminPassword,
        ])
        let tokenOutput = try runLiaison(liaison, dir: dir.path, ["token", "create", "--user", adminEmail, "--name", "bench"])
        guard let token = tokenOutput.split(separator: "\n").last.map({ $0.trimmingCharacters(in: .whitespaces) }),
            !token.isEmpty
        else { throw BenchError("no token in output: \(tokenOutput)") }
        try (token + "\n").write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)

        // 2. Bulk load through SQLiteNIO (the package's SQLite, which has FTS5 trigram and contentless_delete).
        let connection = try await SQLiteConnection.open(storage: .file(path: dbPath))
        let db = BulkDB(connection: connection)
        log(clock, "SQLite \(SQLiteConnection.libraryVersionString()), journal \(options.journal), cache \(options.cacheMB) MB")
        try await db.exec("PRAGMA journal_mode=\(options.journal)")
        try await db.exec("PRAGMA synchronous=OFF")
        try await db.exec("PRAGMA cache_size=-\(options.cacheMB * 1024)")
        try await db.exec("PRAGMA temp_store=MEMORY")
        try await db.exec("PRAGMA locking_mode=EXCLUSIVE")
        try await db.exec("PRAGMA threads=2")
        try await checkSchema(db)

        guard let admin = try await db.query(
            "SELECT id, password_hash FROM users WHERE email = ?", [.text(adminEmail)]).first,
            let adminID = admin.column("id")?.string, let passwordHash = admin.column("password_hash")?.string
        else { throw BenchError("the admin was not created") }
        let staff = makeStaff(adminID: adminID, count: options.staff, seed: options.seed)
        let end = (Date().timeIntervalSince1970 / Plan.day).rounded(.down) * Plan.day
        let plan = Plan.make(
            customers: options.customers, contacts: options.contacts, interactions: options.interactions,
            staff: staff, seed: options.seed, end: end)
        log(clock, "planned \(plan.customers.count) customers, \(plan.contacts.count) contacts, \(plan.interactionTime.count) interactions; busiest customer has \(plan.customers.map(\.interactionCount).max() ?? 0)")

        var deferred: [(name: String, sql: String)] = []
        if options.deferIndexes {
            let list = bulkTables.map { "'\($0)'" }.joined(separator: ",")
            for row in try await db.query(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list))")
            {
                // Indexes led by an id that grows with time (ordered ids) are appended to cheaply: keep them.
                if let name = row.column("name")?.string, let sql = row.column("sql")?.string,
                    !(options.orderedIDs && appendOnlyIndexes.contains(name))
                {
                    deferred.append((name, sql))
                }
            }
            for index in deferred { try await db.exec("DROP INDEX \"\(index.name)\"") }
            log(clock, "dropped \(deferred.count) secondary indexes for the load (rebuilt from their original SQL afterwards)")
        }
        // The FTS5 indexes are built at the same time, by a second connection into a side file with the same
        // virtual tables (the second core does the tokenising), and their shadow tables are copied in at the end.
        let ftsPath = dir.appendingPathComponent("fts-build.sqlite").path
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: ftsPath + suffix) }
        let ftsTables = ["search_trigram", "search_bigram", "search_customer_names", "search_contact_names"]
        var ftsCreate: [String] = []
        for table in ftsTables {
            guard let sql = try await db.query("SELECT sql FROM sqlite_master WHERE name = ?", [.text(table)]).first?
                .column("sql")?.string
            else { throw BenchError("no \(table) in the schema") }
            ftsCreate.append(sql)
        }
        let ftsConnection = try await SQLiteConnection.open(storage: .file(path: ftsPath))
        let fts = BulkDB(connection: ftsConnection)
        for pragma in ["journal_mode=OFF", "synchronous=OFF", "cache_size=-\(options.ftsCacheMB * 1024)", "locking_mode=EXCLUSIVE"] {
            try await fts.exec("PRAGMA \(pragma)")
        }
        for sql in ftsCreate { try await fts.exec(sql) }
        let hashSize = options.hashSizeMB * 1_048_576
        for table in ftsTables {
            try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('hashsize', \(hashSize))")
            // No merging while loading ('optimize' merges everything once at the end).
            try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('automerge', 0)")
            try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('crisismerge', 1000)")
        }

        try await db.exec("BEGIN")
        try await fts.exec("BEGIN")
        try await insertStaff(db, staff: staff, passwordHash: passwordHash, now: end)

        // Customers: search rows 1…C; contacts C+1…C+K; interactions after, in time order (id order is recency).
        let customerDocBase: Int64 = 1
        let contactDocBase = customerDocBase + Int64(plan.customers.count)
        let interactionDocBase = contactDocBase + Int64(plan.contacts.count)
        let seed = options.seed
        let orderedIDs = options.orderedIDs
        var recordSearch = SearchRows()
        for start in stride(from: 0, to: plan.customers.count, by: 20_000) {
            let range = start..<min(start + 20_000, plan.customers.count)
            let parts = try await parallel(range) { CustomerRows.make(plan: plan, range: $0, seed: seed, docBase: customerDocBase) }
            for part in parts {
                try await db.insert("customers", Columns.customers, part.customers.values, rowsPerStatement: 300)
                try await db.insert("customer_team", Columns.team, part.team.values)
                try await db.insert("search_docs", Columns.docs, part.search.docs.values, rowsPerStatement: 300)
                recordSearch.append(contentsOf: part.search)
            }
        }
        log(clock, "customers written")
        var sampleEmails: [String] = []
        var samplePhones: [String] = []
        for start in stride(from: 0, to: plan.contacts.count, by: 30_000) {
            let range = start..<min(start + 30_000, plan.contacts.count)
            let parts = try await parallel(range) { ContactRows.make(plan: plan, range: $0, seed: seed, docBase: contactDocBase) }
            for part in parts {
                try await db.insert("contacts", Columns.contacts, part.contacts.values, rowsPerStatement: 300)
                try await db.insert("contact_identities", Columns.identities, part.identities.values)
                try await db.insert("search_docs", Columns.docs, part.search.docs.values, rowsPerStatement: 300)
                recordSearch.append(contentsOf: part.search)
                sampleEmails += part.sampleEmails
                samplePhones += part.samplePhones
            }
        }
        log(clock, "contacts written")
        // FTS5 flushes its pending terms into a new segment at every statement that writes it (statement savepoint),
        // so the index is written in few, large statements: one segment each, no merging while loading.
        let customerAndContactSearch = recordSearch
        var ftsQueue: [Task<Void, any Error>] = [Task { try await insertFTS(fts, customerAndContactSearch) }]

        // Interactions: batches are generated (on both cores) while earlier ones are written. Each writer works
        // through its own queue in order; the FTS queue is deeper, so its long segment flushes do not stall the rest.
        var mainQueue: [Task<Void, any Error>] = []
        var pendingSearch = SearchRows()
        var written = 0
        var sinceCommit = 0
        var bodyCharacters = 0
        var plainCharacters = 0
        var lastReport = clock.seconds
        let interactionsStart = clock.seconds
        let writerTimes = WriterTimes()
        var generateSeconds = 0.0
        var waitSeconds = 0.0
        for start in stride(from: 0, to: plan.interactionTime.count, by: options.batch) {
            let range = start..<min(start + options.batch, plan.interactionTime.count)
            let generateStart = clock.seconds
            let parts = try await parallel(range) { InteractionRows.make(plan: plan, range: $0, seed: seed, docBase: interactionDocBase, ordered: orderedIDs) }
            var batch = InteractionRows()
            for part in parts { batch.append(part) }
            bodyCharacters += batch.bodyCharacters
            plainCharacters += batch.plainCharacters
            let waitStart = clock.seconds
            generateSeconds += waitStart - generateStart
            while mainQueue.count >= options.mainDepth { try await mainQueue.removeFirst().value }
            while ftsQueue.count >= options.ftsDepth { try await ftsQueue.removeFirst().value }
            waitSeconds += clock.seconds - waitStart
            written = start
            sinceCommit += range.count
            let commit = options.commitEvery > 0 && sinceCommit >= options.commitEvery
            if commit { sinceCommit = 0 }
            if clock.seconds - lastReport >= options.reportSeconds {
                lastReport = clock.seconds
                let rate = Double(written) / max(clock.seconds - interactionsStart, 1)
                let busy = writerTimes.take()
                log(clock, "interactions \(written)/\(plan.interactionTime.count) (\(Int(rate))/s overall; since last report the main writer was busy \(String(format: "%.1f", busy.main)) s, the FTS writer \(String(format: "%.1f", busy.fts)) s)")
            }
            let rows = batch
            if options.noWrite { continue }
            let previousMain = mainQueue.last
            mainQueue.append(Task {
                try await previousMain?.value
                let t0 = clock.seconds
                defer { writerTimes.add(main: clock.seconds - t0) }
                try await db.insert("interactions", Columns.interactions, rows.interactions.values, rowsPerStatement: 250)
                try await db.insert("interaction_participants", Columns.participants, rows.participants.values)
                try await db.insert("timeline_entries", Columns.timeline, rows.timeline.values, rowsPerStatement: 300)
                try await db.insert("timeline_contacts", Columns.timelineContacts, rows.timelineContacts.values)
                try await db.insert("search_docs", Columns.docs, rows.search.docs.values, rowsPerStatement: 300)
                if commit {
                    try await db.exec("COMMIT")
                    try await db.exec("BEGIN")
                }
            })
            pendingSearch.append(contentsOf: rows.search)
            if pendingSearch.docs.count >= options.ftsChunk || range.upperBound == plan.interactionTime.count {
                let previousFTS = ftsQueue.last
                let search = pendingSearch
                pendingSearch = SearchRows()
                ftsQueue.append(Task {
                    try await previousFTS?.value
                    let t0 = clock.seconds
                    defer { writerTimes.add(fts: clock.seconds - t0) }
                    try await insertFTS(fts, search)
                })
            }
        }
        for task in mainQueue + ftsQueue { try await task.value }
        try await db.exec("COMMIT")
        try await fts.exec("COMMIT")
        let loaded = clock.seconds
        log(clock, "interactions: \(String(format: "%.1f", generateSeconds)) s generating, \(String(format: "%.1f", waitSeconds)) s waiting for the writers")
        log(clock, "interactions written (bodies average \(bodyCharacters / max(plan.interactionTime.count, 1)) characters, plain text \(plainCharacters / max(plan.interactionTime.count, 1)))")

        // 3. In parallel: the main file's indexes, and the FTS5 merge in the side file.
        async let ftsDone: Void = {
            if options.ftsOptimize {
                for table in ftsTables {
                    let t = clock.seconds
                    try await fts.exec("INSERT INTO \(table)(\(table)) VALUES('optimize')")
                    log(clock, "\(table) optimize in \(String(format: "%.1f", clock.seconds - t)) s")
                }
            }
            // Back to the defaults the server's own writes expect (FTS5 keeps these in the %_config tables).
            for table in ftsTables {
                try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('hashsize', 1048576)")
                try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('automerge', 4)")
                try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('crisismerge', 16)")
                // As migrations 025 and 042 set it: replaced entries go with the regular merges.
                try await fts.exec("INSERT INTO \(table)(\(table), rank) VALUES('deletemerge', 0)")
            }
            try await ftsConnection.close()
        }()
        for index in deferred {
            let t = clock.seconds
            try await db.exec(index.sql)
            log(clock, "rebuilt index \(index.name) in \(String(format: "%.1f", clock.seconds - t)) s")
        }
        try await ftsDone

        // The FTS5 shadow tables (%_data, %_idx, %_docsize, %_config) replace the empty ones of the migration.
        var t = clock.seconds
        try await db.exec("ATTACH DATABASE '\(ftsPath.replacingOccurrences(of: "'", with: "''"))' AS fts")
        let shadows = try await db.query(
            "SELECT name FROM fts.sqlite_master WHERE type = 'table' AND (name LIKE 'search\\_trigram\\_%' ESCAPE '\\' OR name LIKE 'search\\_bigram\\_%' ESCAPE '\\' OR name LIKE 'search\\_customer\\_names\\_%' ESCAPE '\\' OR name LIKE 'search\\_contact\\_names\\_%' ESCAPE '\\') ORDER BY name"
        ).compactMap { $0.column("name")?.string }
        let mainShadows = Set(try await db.query(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND (name LIKE 'search\\_trigram\\_%' ESCAPE '\\' OR name LIKE 'search\\_bigram\\_%' ESCAPE '\\' OR name LIKE 'search\\_customer\\_names\\_%' ESCAPE '\\' OR name LIKE 'search\\_contact\\_names\\_%' ESCAPE '\\')"
        ).compactMap { $0.column("name")?.string })
        guard Set(shadows) == mainShadows, !shadows.isEmpty else {
            throw BenchError("FTS shadow tables differ: \(shadows.sorted()) vs \(mainShadows.sorted())")
        }
        try await db.exec("BEGIN")
        for table in shadows {
            try await db.exec("DELETE FROM main.\(table)")
            try await db.exec("INSERT INTO main.\(table) SELECT * FROM fts.\(table)")
        }
        try await db.exec("COMMIT")
        try await db.exec("DETACH DATABASE fts")
        for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: ftsPath + suffix) }
        log(clock, "copied \(shadows.count) FTS5 shadow tables in \(String(format: "%.1f", clock.seconds - t)) s")

        t = clock.seconds
        try await db.exec("PRAGMA analysis_limit=\(options.analysisLimit)")
        // Statistics for the tables written here (the FTS5 shadow tables are only read by FTS5 itself).
        for table in bulkTables + ["users", "user_roles"] { try await db.exec("ANALYZE \(table)") }
        try await db.exec("PRAGMA optimize")
        log(clock, "ANALYZE (analysis_limit=\(options.analysisLimit)) + PRAGMA optimize in \(String(format: "%.1f", clock.seconds - t)) s")
        try await db.exec("PRAGMA locking_mode=NORMAL")
        try await db.exec("PRAGMA journal_mode=WAL")
        try await db.exec("PRAGMA synchronous=FULL")
        _ = try await db.query("SELECT COUNT(*) FROM users")
        let counts = try await tableCounts(db)
        try await connection.close()
        log(clock, "counts: " + counts.map { "\($0.0)=\($0.1)" }.joined(separator: " "))

        // The copied index answers through a fresh connection, as the server will open it.
        try await verifySearch(dbPath: dbPath, expectedDocs: plan.customers.count + plan.contacts.count + plan.interactionTime.count,
            integrityCheck: options.integrityCheck, clock: clock)
        let size = try fileSize(dbPath)

        // 4. Inputs for the load scripts.
        try writeTimelineIDs(plan, seed: options.seed, to: dir.appendingPathComponent("timeline-ids.txt"))
        try writeSearchQueries(plan, emails: sampleEmails, phones: samplePhones, seed: options.seed,
            to: dir.appendingPathComponent("search-queries.txt"))

        let total = clock.seconds
        let summary = """
            customers=\(plan.customers.count) contacts=\(plan.contacts.count) interactions=\(plan.interactionTime.count) seed=\(options.seed)
            load_seconds=\(String(format: "%.1f", loaded)) total_seconds=\(String(format: "%.1f", total))
            database_bytes=\(size) database_gib=\(String(format: "%.2f", Double(size) / 1_073_741_824))
            average_body_characters=\(bodyCharacters / max(plan.interactionTime.count, 1)) average_plain_characters=\(plainCharacters / max(plan.interactionTime.count, 1))
            busiest_customer_interactions=\(plan.customers.map(\.interactionCount).max() ?? 0)
            \(counts.map { "rows_\($0.0)=\($0.1)" }.joined(separator: "\n"))

            """
        try summary.write(to: dir.appendingPathComponent("generate-summary.txt"), atomically: true, encoding: .utf8)
        log(clock, "done: \(String(format: "%.1f", total)) s in total, database \(String(format: "%.2f", Double(size) / 1_073_741_824)) GiB")
    }
}
