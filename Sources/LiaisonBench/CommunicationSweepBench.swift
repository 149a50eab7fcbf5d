import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit

/// `liaison-bench sweep-communication --data-dir DIR [--rows-per-project N] [--seed N]`: gives every project of a
/// generated data set a communication plan (N rows: weekly, fortnightly and monthly cadences on various days and
/// times, owned by the bench admin; earlier plan rows are deleted first) and times the communication-plan sweep
/// (`CommunicationSweep.run`, the job's own code, in batches of 500 through the app's SQLite engine and writer):
///
/// 1. every row comes into view at once (each row makes its first occurrences, owners inside the reminder lead
///    time are told): the worst pass there is;
/// 2. the same moment again: nothing due, the pass reads its two indexes and stops;
/// 3. eight days later: every occurrence made in pass 1 is past due and marked missed (audited, owner told), and
///    each row makes its next ones.
enum CommunicationSweepBench {
    static func run(_ arguments: [String]) async throws {
        var dataDir = ""
        var rowsPerProject = 4
        var seed: UInt64 = 1
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--data-dir": dataDir = value
            case "--rows-per-project": rowsPerProject = Int(value) ?? rowsPerProject
            case "--seed": seed = UInt64(value) ?? seed
            default: throw BenchError("unknown option \(arguments[index])")
            }
            index += 2
        }
        guard !dataDir.isEmpty else { throw BenchError("--data-dir is required") }
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("liaison.sqlite").path
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        databases.use(.liaisonSQLite(path: path), as: .sqlite)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        guard let db = databases.database(logger: logger, on: group.any()) else { throw BenchError("no database") }
        defer { Task { await databases.shutdownAsync() } }
        let writer = Writer()

        struct IDRow: Decodable { var id: UUID }
        guard let admin = try await db.sql.raw("SELECT id FROM users WHERE email = \(bind: Generator.adminEmail)")
            .first(decoding: IDRow.self)?.id
        else { throw BenchError("no bench admin") }
        struct ProjectRow: Decodable {
            var id: UUID
            var status: String
        }
        let projects = try await db.sql.raw("SELECT id, status FROM projects ORDER BY id").all(decoding: ProjectRow.self)
        let running = projects.filter { ["planning", "active", "closing"].contains($0.status) }.count
        print("projects: \(projects.count) (\(running) planning, active or closing: their plans run)")

        let now = Date()
        var random = SeededRandom(seed: seed)
        var made = 0
        try await writer.write(on: db) { tx in
            try await tx.sql.raw("DELETE FROM communication_occurrences").run()
            try await tx.sql.raw("DELETE FROM communication_plan_rows").run()
        }
        for chunk in stride(from: 0, to: projects.count, by: 500) {
            let slice = projects[chunk..<min(chunk + 500, projects.count)]
            let rows: [(UUID, Int, String)] = slice.flatMap { project in
                (1...rowsPerProject).map { position in
                    (project.id, position, Self.cadence(&random))
                }
            }
            try await writer.write(on: db) { tx in
                for (project, position, cadence) in rows {
                    try await tx.sql.raw(
                        """
                        INSERT INTO communication_plan_rows (id, project_id, position, audiences, content, channel,
                            cadence, owner_id, starts_at, next_check_at, version, created_at, updated_at)
                        VALUES (\(bind: UUID()), \(bind: project), \(bind: position),
                            '["customer:technical","team:projectManager"]', 'progressReport', 'email', \(bind: cadence),
                            \(bind: admin), \(bind: now), \(bind: now), 1, \(bind: now), \(bind: now))
                        """
                    ).run()
                }
            }
            made += rows.count
        }
        print("plan rows: \(made) (\(rowsPerProject) per project)")
        let timing = CommunicationSweep.Timing(leadTime: 24 * 3_600)
        for (label, moment) in [
            ("1. every row comes into view", now), ("2. nothing due (same moment)", now),
            ("3. eight days on: all missed, next ones made", now.addingTimeInterval(8 * 86_400)),
        ] {
            var total = CommunicationSweep.Result()
            var batches = 0
            let started = DispatchTime.now().uptimeNanoseconds
            while true {
                let result = try await writer.write(on: db) { tx in
                    try await CommunicationSweep.run(timing: timing, by: .system("bench"), at: moment, on: tx)
                }
                batches += 1
                total.rows += result.rows
                total.created += result.created
                total.reminded += result.reminded
                total.missed += result.missed
                if !result.more { break }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            print(
                String(
                    format: "%@: %.3f s in %d writes; rows advanced %d, occurrences made %d, reminded %d, missed %d",
                    label, seconds, batches, total.rows, total.created, total.reminded, total.missed))
        }
    }

    /// A cadence as plans have them: mostly weekly, some every two weeks or monthly, at office hours.
    static func cadence(_ random: inout SeededRandom) -> String {
        let weekdays = CommunicationCadence.weekdayNames
        let time = String(format: "%02d:%02d", 9 + Int(random.next() % 8), [0, 30][Int(random.next() % 2)])
        let weekday = weekdays[Int(random.next() % 5)]
        switch random.next() % 10 {
        case 0..<6: return "weekly \(weekday) \(time) Asia/Shanghai"
        case 6..<8: return "fortnightly \(weekday) 2026-01-05 \(time) Asia/Shanghai"
        default: return "monthly \(1 + Int(random.next() % 28)) \(time) Asia/Shanghai"
        }
    }
}
