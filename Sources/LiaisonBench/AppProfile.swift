import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit

/// `liaison-bench profile-app --data-dir DIR`: times the app's own data-layer calls that the timeline and search
/// endpoints make (`TimelineQueries.forCustomer`, `SearchQueries.search`) through Fluent, exactly as the server
/// calls them, next to the proposed replacements (plain `Decodable` rows instead of Fluent models; FTS-driven
/// search). One caller at a time, so the numbers are CPU cost per call, without HTTP, JSON or queueing.
enum AppProfiler {
    static func run(dataDir: String, rounds: Int) async throws {
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("liaison.sqlite").path
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        databases.use(.sqlite(.file(path)), as: .sqlite)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        guard let db = databases.database(logger: logger, on: group.any()) else { throw BenchError("no database") }
        defer { Task { await databases.shutdownAsync() } }
        let sql = db.sql

        struct IDRow: Decodable { var id: UUID }
        guard let admin = try await sql.raw("SELECT id FROM users WHERE email = \(bind: Generator.adminEmail)")
            .first(decoding: IDRow.self)?.id
        else { throw BenchError("no bench admin") }
        let viewer = CustomerViewer(userID: admin, roles: [.admin])

        let ids = try String(contentsOf: URL(fileURLWithPath: dataDir).appendingPathComponent("timeline-ids.txt"), encoding: .utf8)
            .split(separator: "\n").compactMap { UUID(uuidString: String($0.split(separator: "\t").first ?? "")) }
        let sample = Array(ids.prefix(300))
        print("## Timeline, \(sample.count) customers × \(rounds) rounds, one caller")
        for round in 0..<rounds {
            var current: [Double] = []
            var proposed: [Double] = []
            var access: [Double] = []
            for id in sample {
                var t = DispatchTime.now().uptimeNanoseconds
                let page = try await TimelineQueries.forCustomer(id, filter: TimelineFilter(), page: PageQuery(), on: db)
                current.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                t = DispatchTime.now().uptimeNanoseconds
                let rows = try await proposedTimeline(id, limit: PageQuery.defaultLimit, on: sql)
                proposed.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                precondition(rows.map(\.id) == page.items.map(\.id), "proposed timeline differs")
                t = DispatchTime.now().uptimeNanoseconds
                _ = try await CustomerQueries.find(id, for: viewer, on: db)
                access.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            Profiler.report("round \(round + 1): TimelineQueries.forCustomer (Fluent models)   ", current)
            Profiler.report("round \(round + 1): same SQL, plain Decodable rows (proposed)     ", proposed)
            Profiler.report("round \(round + 1): CustomerQueries.find (visibleCustomer)        ", access)
        }

        let queries = try String(contentsOf: URL(fileURLWithPath: dataDir).appendingPathComponent("search-queries.txt"), encoding: .utf8)
            .split(separator: "\n").compactMap { $0.split(separator: "\t", maxSplits: 1).last.map(String.init) }
        print("\n## Search, \(queries.count) queries × \(rounds) rounds, one caller")
        for round in 0..<rounds {
            var current: [Double] = []
            for query in queries {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try await SearchQueries.search(query, for: viewer, on: db)
                current.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            Profiler.report("round \(round + 1): SearchQueries.search (current)", current)
        }
    }

    struct TimelineRow: Decodable {
        var id: UUID
        var customer_id: UUID
        var kind: String
        var ref_id: UUID
        var occurred_at: Date
        var channel: String?
        var direction: String?
        var title: String
        var excerpt: String
        var actor_label: String

        var value: TimelineEntry {
            TimelineEntry(
                id: id, customerID: customer_id, kind: TimelineEntry.Kind(rawValue: kind) ?? .interaction,
                refID: ref_id, occurredAt: occurred_at, channel: channel.flatMap(Channel.init(rawValue:)),
                direction: direction.flatMap(Direction.init(rawValue:)), title: title, excerpt: excerpt,
                actorLabel: actor_label)
        }
    }

    /// The recommended `TimelineQueries.read`: the same statement, rows decoded as a plain `Decodable` struct.
    static func proposedTimeline(_ customerID: UUID, limit: Int, on sql: any SQLDatabase) async throws -> [TimelineEntry] {
        let rows = try await sql.raw(
            """
            SELECT e.* FROM timeline_entries e  WHERE (e.customer_id = \(bind: customerID))
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT \(literal: limit + 1)
            """
        ).all(decoding: TimelineRow.self)
        return rows.prefix(limit).map(\.value)
    }
}
