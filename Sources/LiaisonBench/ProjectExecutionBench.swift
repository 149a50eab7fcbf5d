import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit

/// Benchmarks of running projects (issue 18) on a generated projects data set (migrated to the current schema
/// first, e.g. by `liaison migrate`):
///
/// `liaison-bench draft-reports --data-dir DIR [--samples N]`: times `ProgressReportQueries.draftFacts` (the read and
/// the sorting a new draft does, the application's own code) for N random projects of 400 tasks, one at a time, for
/// the last week up to the data set's `now`; prints the median, p90, p99 and the slowest.
///
/// `liaison-bench sweep-alerts --data-dir DIR`: times the project-alert sweep (`ProjectAlerts.run`, the job's own
/// code, batches of 500 through the app's writer): every item armed again first, then
/// 1. the first pass: every task and milestone already overdue is alerted (the worst there is, once);
/// 2. the same moment again: nothing new, the pass reads its two partial indexes and stops (every pass after);
/// 3. one day on: only what fell due that day.
enum ProjectExecutionBench {
    struct Options {
        var dataDir = ""
        var samples = 200
    }

    static func options(_ arguments: [String]) throws -> Options {
        var options = Options()
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--data-dir": options.dataDir = value
            case "--samples": options.samples = Int(value) ?? options.samples
            default: throw BenchError("unknown option \(arguments[index])")
            }
            index += 2
        }
        guard !options.dataDir.isEmpty else { throw BenchError("--data-dir is required") }
        return options
    }

    static func open(_ dataDir: String) throws -> (Databases, any Database) {
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("liaison.sqlite").path
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        databases.use(.liaisonSQLite(path: path), as: .sqlite)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        guard let db = databases.database(logger: logger, on: group.any()) else { throw BenchError("no database") }
        return (databases, db)
    }

    /// The data set's "now" (written by the generator), else the clock.
    static func now(_ dataDir: String) -> Date {
        let file = URL(fileURLWithPath: dataDir).appendingPathComponent("now")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let date = try? DateText.moment(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return Date() }
        return date
    }

    static func draftReports(_ arguments: [String]) async throws {
        let options = try options(arguments)
        let (databases, db) = try open(options.dataDir)
        defer { Task { await databases.shutdownAsync() } }
        struct ProjectRow: Decodable {
            var id: UUID
            var customer_id: UUID
        }
        let projects = try await db.sql.raw("SELECT id, customer_id FROM projects ORDER BY id").all(decoding: ProjectRow.self)
        guard !projects.isEmpty else { throw BenchError("no projects") }
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let today = LocalDate.of(now(options.dataDir), in: zone)
        let period = ReportPeriod(start: today.adding(days: -6), end: today)
        var random = SeededRandom(seed: 18)
        var times: [Double] = []
        var lines = 0
        for _ in 0..<options.samples {
            let project = projects[Int(random.next() % UInt64(projects.count))]
            let started = DispatchTime.now().uptimeNanoseconds
            let facts = try await ProgressReportQueries.draftFacts(
                projectID: project.id, customerID: project.customer_id, period: period, zone: zone, on: db)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            lines += facts.tasksTotal
        }
        times.sort()
        func at(_ share: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * share))] }
        print(
            String(
                format: "draft facts of %d projects (%.0f tasks each on average), period %@..%@: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
                times.count, Double(lines) / Double(times.count), period.start.description, period.end.description,
                at(0.5), at(0.9), at(0.99), times.last ?? 0))
    }

    static func sweepAlerts(_ arguments: [String]) async throws {
        let options = try options(arguments)
        let (databases, db) = try open(options.dataDir)
        defer { Task { await databases.shutdownAsync() } }
        let writer = Writer()
        struct Count: Decodable { var n: Int }
        let tasks = try await db.sql.raw("SELECT COUNT(*) AS n FROM project_tasks").first(decoding: Count.self)?.n ?? 0
        let now = now(options.dataDir)
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        try await writer.write(on: db) { tx in
            try await tx.sql.raw("UPDATE project_tasks SET alerted_at = NULL WHERE alerted_at IS NOT NULL").run()
            try await tx.sql.raw("UPDATE project_milestones SET alerted_at = NULL WHERE alerted_at IS NOT NULL").run()
        }
        print("tasks: \(tasks); now \(DateText.rfc3339(now))")
        for (label, moment) in [
            ("1. first pass: everything overdue alerted", now), ("2. same moment: nothing new", now),
            ("3. one day on: what fell due that day", now.addingTimeInterval(86_400)),
        ] {
            var total = ProjectAlerts.Result()
            var batches = 0
            let today = LocalDate.of(moment, in: zone)
            let started = DispatchTime.now().uptimeNanoseconds
            while true {
                let result = try await writer.write(on: db) { tx in
                    try await ProjectAlerts.run(today: today, now: moment, on: tx)
                }
                batches += 1
                total.tasks += result.tasks
                total.milestones += result.milestones
                if !result.more { break }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            print(
                String(
                    format: "%@: %.3f s in %d writes; tasks alerted %d, milestones alerted %d",
                    label, seconds, batches, total.tasks, total.milestones))
        }
    }
}
