import Foundation
import LiaisonCore
import SQLiteNIO

/// The generator's checks, staff, load inputs and small tools.
extension Generator {
    /// The fast text helpers against Foundation and LiaisonCore on fixed samples (row samples are checked as well).
    static func selfTest() {
        var r = SeededRandom(seed: 42)
        for _ in 0..<1000 {
            let uuid = r.uuid()
            precondition(FastText.uuidString(uuid) == uuid.uuidString, "uuidString differs")
        }
        let samples = ["深圳华讯科技有限公司", "Re: 合同草案 v2 修改意见（ＡＢＣ１２３）", "ZHANG.Wei@HuaXun.com.cn", "7×24 小时、《合同》【重要】“引号”—¥100·",
                       "Müller García", "ｶﾀｶﾅ 한국어 テスト", "a\u{3000}b\u{2026}", "\u{2E80}\u{3005}々〇", "emoji 😀 ok"]
        for text in samples {
            let expected = SearchText.normalise(text)
            precondition(FastText.normalise(text) == expected, "normalise differs for \(text)")
            precondition(FastText.bigramText(normalised: expected) == SearchText.bigramText(expected), "bigrams differ for \(text)")
            precondition(FastText.scalarCount(text) == text.unicodeScalars.count, "scalar count differs")
        }
    }

    /// Splits a range in two and builds both halves at once (the machine has two cores).
    static func parallel<T: Sendable>(_ range: Range<Int>, _ make: @escaping @Sendable (Range<Int>) -> T) async throws -> [T] {
        let parts = 2
        let size = (range.count + parts - 1) / parts
        return await withTaskGroup(of: (Int, T).self) { group in
            for p in 0..<parts {
                let lower = range.lowerBound + p * size
                let upper = min(lower + size, range.upperBound)
                if lower >= upper { continue }
                group.addTask { (p, make(lower..<upper)) }
            }
            var results: [(Int, T)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Both FTS5 entries under the search row's id, as `SearchIndex.upsert` writes them.
    static func insertFTS(_ fts: BulkDB, _ search: SearchRows) async throws {
        try await fts.insert("search_trigram", Columns.bigram, search.trigrams.values, rowsPerStatement: 100_000)
        try await fts.insert("search_bigram", Columns.bigram, search.bigrams.values, rowsPerStatement: 100_000)
        for (table, rows) in [("search_customer_names", search.customerNames), ("search_contact_names", search.contactNames)]
        where !rows.values.isEmpty {
            try await fts.insert(table, Columns.names, rows.values, rowsPerStatement: 100_000)
        }
    }

    /// Opens the finished file afresh and checks the FTS5 indexes answer (and, optionally, are consistent).
    static func verifySearch(dbPath: String, expectedDocs: Int, integrityCheck: Bool, clock: Stopwatch) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: dbPath))
        let db = BulkDB(connection: connection)
        let docs = try await db.query("SELECT COUNT(*) AS n FROM search_docs").first?.column("n")?.integer ?? -1
        guard docs == expectedDocs else { throw BenchError("search_docs has \(docs) rows, expected \(expectedDocs)") }
        for (table, match) in [("search_bigram", "\"合同\""), ("search_trigram", "\"合同审\""), ("search_trigram", "\"contract\"")] {
            let hits = try await db.query("SELECT COUNT(*) AS n FROM \(table) WHERE \(table) MATCH ?", [.text(match)])
                .first?.column("n")?.integer ?? -1
            let newest = try await db.query(
                "SELECT d.id, d.title FROM \(table) f JOIN search_docs d ON d.id = f.rowid WHERE \(table) MATCH ? ORDER BY f.rowid DESC LIMIT 1",
                [.text(match)]).first
            log(clock, "check: \(table) MATCH \(match): \(hits) documents, newest #\(newest?.column("id")?.integer ?? -1) \(newest?.column("title")?.string ?? "-")")
            guard hits > 0 else { throw BenchError("\(table) finds nothing for \(match)") }
        }
        for table in ["search_trigram", "search_bigram"] {
            let segments = try await db.query("SELECT COUNT(DISTINCT segid) AS n FROM \(table)_idx").first?.column("n")?.integer ?? -1
            log(clock, "\(table): \(segments) segments")
        }
        if integrityCheck {
            let t = clock.seconds
            for table in ["search_trigram", "search_bigram"] {
                try await db.exec("INSERT INTO \(table)(\(table), rank) VALUES('integrity-check', 0)")
            }
            log(clock, "FTS5 integrity-check passed in \(String(format: "%.1f", clock.seconds - t)) s")
        }
        try await connection.close()
    }

    static func makeStaff(adminID: String, count: Int, seed: UInt64) -> [Staff] {
        var r = SeededRandom(seed: seed, stream: 7)
        var staff = [Staff(id: adminID, name: adminName, email: adminEmail, phone: Phones.mobile(&r))]
        var emails: Set<String> = [adminEmail]
        while staff.count < count + 1 {
            let chinese = r.chance(0.85)
            let name = chinese ? Names.chinese(&r) : Names.english(&r)
            let local = Names.syllables(name).joined(separator: ".")
            var email = "\(local)@bench.test"
            if emails.contains(email) { email = "\(local).\(staff.count)@bench.test" }
            emails.insert(email)
            staff.append(Staff(id: r.uuidString(), name: name, email: email, phone: Phones.mobile(&r)))
        }
        return staff
    }

    static func insertStaff(_ db: BulkDB, staff: [Staff], passwordHash: String, now: Double) async throws {
        var users = Rows(["id", "email", "name", "sort_key", "title", "phone", "locale", "time_zone", "password_hash", "must_change_password", "active", "failed_sign_ins", "version", "created_at", "updated_at"])
        var roles = Rows(["id", "user_id", "role"])
        var r = SeededRandom(seed: 99)
        let created = now - 4 * 365 * Plan.day
        for person in staff.dropFirst() {
            users.append(
                .text(person.id), .text(person.email), .text(person.name), .text(SortKey.make(person.name)),
                .text(r.pick(Vocabulary.staffTitles)), .text(person.phone), .text("zh-Hans"), .text("Asia/Shanghai"),
                .text(passwordHash), .integer(1), .integer(1), .integer(0), .integer(1), .float(created), .float(created))
            roles.append(.text(r.uuidString()), .text(person.id), .text("sales"))
        }
        try await db.insert("users", users.columns, users.values)
        try await db.insert("user_roles", roles.columns, roles.values)
    }

    /// Every NOT NULL column without a default must be written; every written column must exist.
    static func checkSchema(_ db: BulkDB) async throws {
        let written: [String: [String]] = [
            "customers": Columns.customers, "customer_team": Columns.team, "contacts": Columns.contacts,
            "contact_identities": Columns.identities, "interactions": Columns.interactions,
            "interaction_participants": Columns.participants, "timeline_entries": Columns.timeline,
            "timeline_contacts": Columns.timelineContacts, "search_docs": Columns.docs,
        ]
        var problems: [String] = []
        for (table, columns) in written {
            let actual = try await db.columns(of: table)
            if actual.isEmpty { problems.append("table \(table) is missing") }
            let names = Set(actual.map(\.name))
            for column in columns where !names.contains(column) { problems.append("\(table).\(column) does not exist") }
            for column in actual where column.notNull && !column.hasDefault && !columns.contains(column.name) {
                problems.append("\(table).\(column.name) is NOT NULL but not generated")
            }
        }
        if !problems.isEmpty { throw BenchError("schema changed:\n" + problems.sorted().joined(separator: "\n")) }
    }

    static func tableCounts(_ db: BulkDB) async throws -> [(String, Int)] {
        var counts: [(String, Int)] = []
        for table in bulkTables + ["users"] {
            let row = try await db.query("SELECT COUNT(*) AS n FROM \(table)").first
            counts.append((table, row?.column("n")?.integer ?? -1))
        }
        return counts
    }

    /// ~1000 customers for the timeline load: the 50 busiest and a random sample of the rest.
    static func writeTimelineIDs(_ plan: Plan, seed: UInt64, to url: URL) throws {
        let busiest = plan.customers.indices.sorted { plan.customers[$0].interactionCount > plan.customers[$1].interactionCount }
            .prefix(50)
        var chosen = Set(busiest)
        var r = SeededRandom(seed: seed, stream: 11)
        while chosen.count < min(1000, plan.customers.count) { chosen.insert(r.int(plan.customers.count)) }
        let lines = chosen.sorted().map { "\(plan.customers[$0].id)\t\(plan.customers[$0].interactionCount)\t\(plan.customers[$0].classification)" }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Realistic search queries: 2-character Chinese words (brands, 合同, 退款 …), longer phrases, English words,
    /// company names, e-mail and phone fragments. One per line, with its category, raw (the Lua script encodes).
    static func writeSearchQueries(_ plan: Plan, emails: [String], phones: [String], seed: UInt64, to url: URL) throws {
        var r = SeededRandom(seed: seed, stream: 12)
        var lines: [String] = []
        for word in ["合同", "退款", "发票", "交付", "报价", "验收", "付款", "投诉", "培训", "续约", "深圳", "上海"] {
            lines.append("zh2\t\(word)")
        }
        var brandCounts: [String: Int] = [:]
        for customer in plan.customers where customer.kind == "organization" { brandCounts[customer.brand, default: 0] += 1 }
        let brands = brandCounts.keys.sorted()
        for _ in 0..<12 { lines.append("brand\t\(brands[r.int(brands.count)])") }
        for phrase in ["合同条款", "退款申请", "交付延期", "增值税专用发票", "年度框架合同", "验收报告", "质保金", "技术支持", "会议纪要", "现场安装调试", "付款方式"] {
            lines.append("zh-phrase\t\(phrase)")
        }
        for _ in 0..<6 {
            let c = plan.customers[r.int(plan.customers.count)]
            lines.append("company\t\(c.kind == "organization" ? Vocabulary.cities[c.city].name + c.shortName : c.name)")
        }
        for word in ["contract", "refund", "delivery", "invoice", "quotation", "meeting", "payment", "renewal", "firmware", "warranty", "shipment"] {
            lines.append("en\t\(word)")
        }
        for _ in 0..<5 {
            if let nameEn = plan.customers[r.int(plan.customers.count)].nameEn {
                lines.append("en-company\t\(nameEn.split(separator: " ").prefix(2).joined(separator: " "))")
            }
        }
        for _ in 0..<5 {
            let c = plan.customers[r.int(plan.customers.count)]
            lines.append("en-company\t\(c.brandPinyin)")
        }
        for email in emails.prefix(8) { lines.append("email\t\(email)") }
        for email in emails.dropFirst(8).prefix(6) {
            lines.append("email-fragment\t\(email.split(separator: "@").first.map(String.init) ?? email)")
        }
        for email in emails.dropFirst(14).prefix(4) {
            lines.append("email-fragment\t@\(email.split(separator: "@").last.map(String.init) ?? email)")
        }
        for phone in phones.prefix(6) { lines.append("phone\t\(phone)") }
        for phone in phones.dropFirst(6).prefix(8) { lines.append("phone-fragment\t\(phone.dropFirst(3).prefix(7))") }
        for pair in ["合同 delivery", "退款 invoice", "深圳 交付", "会议纪要 QBR"] { lines.append("mixed\t\(pair)") }
        lines.append("mixed\t报价 \(brands[r.int(brands.count)])")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    static func runLiaison(_ binary: String, dir: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LIAISON_DATA_DIR"] = dir
        environment["LIAISON_LOG_LEVEL"] = "warning"
        environment["LIAISON_JOBS"] = "off"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchError("liaison \(arguments.prefix(2).joined(separator: " ")) failed (\(process.terminationStatus)):\n\(text)")
        }
        return text
    }

    static func fileSize(_ path: String) throws -> Int {
        var total = 0
        for suffix in ["", "-wal"] {
            if let size = try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int { total += size }
        }
        return total
    }

    static func log(_ clock: Stopwatch, _ message: String) {
        FileHandle.standardOutput.write(Data((String(format: "[%7.1fs] ", clock.seconds) + message + "\n").utf8))
    }
}

/// Busy time of the two writers between progress reports.
final class WriterTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var main = 0.0
    private var fts = 0.0

    func add(main seconds: Double) { lock.withLock { main += seconds } }
    func add(fts seconds: Double) { lock.withLock { fts += seconds } }

    func take() -> (main: Double, fts: Double) {
        lock.withLock {
            defer { (main, fts) = (0, 0) }
            return (main, fts)
        }
    }
}

struct Stopwatch: Sendable {
    let start = Date()
    var seconds: Double { Date().timeIntervalSince(start) }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
