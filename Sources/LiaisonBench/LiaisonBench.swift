import Foundation
import SQLiteNIO

/// `liaison-bench generate --data-dir DIR [--customers N --contacts N --interactions N --seed N]`
@main
struct LiaisonBench {
    static let usage = """
        usage: liaison-bench generate --data-dir DIR [options]
          --customers N        customers to create (default 100000)
          --contacts N         contacts (default 300000; each customer gets at least one)
          --interactions N     interactions (default 5000000), skewed over customers, chronological
          --seed N             random seed (default 1); the same seed gives the same data
          --staff N            generated staff users besides the bench admin (default 50)
          --liaison PATH       the server binary (default: `liaison` beside this binary)
          --force              replace an existing database in DIR
          --batch N            interactions per generated batch (default 10000)
          --commit-every N     interactions per transaction (default 0: one transaction for the whole load)
          --main-depth N       batches queued for the main writer (default 2)
          --fts-depth N        chunks queued for the FTS writer (default 2)
          --fts-chunk N        search documents per FTS5 INSERT statement (= per segment; default 60000)
          --random-ids         fully random ids for interaction rows too (default: time-ordered v4 ids)
          --cache-mb N         SQLite page cache during the load (default 6000)
          --journal MODE       journal mode during the load: off (default) or wal; the file ends in WAL
          --keep-indexes       keep secondary indexes during the load instead of rebuilding them after
          --no-fts-optimize    skip merging the FTS5 indexes into one segment each
          --fts-hash-mb N      FTS5 in-memory hash size during the load (default 1024)
          --fts-cache-mb N     page cache of the connection building the FTS5 indexes (default 2000)
          --analysis-limit N   PRAGMA analysis_limit for the final ANALYZE (default 2000; 0 = exact)
          --integrity-check    run FTS5 'integrity-check' on both indexes at the end (slow at full size)

        usage: liaison-bench generate-requests --data-dir DIR [--requests N --messages N --open-share F --customers N
                                               --agents N --open-days D --seed N --per-transaction N --liaison PATH --force]
          the issue-4 data set (default 1,000,000 requests, 5 messages each, 30% open, 20,000 customers, 50 agents),
          written through the application's own commands; also writes tokens.txt, customers.txt, open-requests.txt, now

        usage: liaison-bench generate-projects --data-dir DIR [--projects N --tasks N --requirements N --customers N
                                               --staff N --history-days D --seed N --per-transaction N --liaison PATH --force]
          the issue-17 data set (default 5,000 projects of 400 tasks each, 50,000 requirements, 2,000 customers, 80
          staff): projects and requirements through the application's commands, tasks and milestones in bulk; also
          writes token, projects.txt, open-projects.txt, now

        usage: liaison-bench check-workplan-json --data-dir DIR
          reads every task's predecessors and RACI parts with WorkPlanJSON and with JSONDecoder and compares them

        usage: liaison-bench profile --data-dir DIR [--only timeline|search] [--variant current|proposed] [--repeat N]
                                     [--cache-kb N] [--mmap-mb N]
          runs the timeline and search SQL exactly as the server does (as an admin) and prints plans and timings;
          --variant proposed runs the recommended search SQL instead

        usage: liaison-bench sweep-communication --data-dir DIR [--rows-per-project N] [--seed N]
          gives every project of a projects data set a communication plan (N rows, default 4; earlier plan rows are
          deleted) and times the communication-plan sweep: all rows coming into view, nothing due, all missed

        usage: liaison-bench draft-reports --data-dir DIR [--samples N]
          times drafting a progress report's facts (ProgressReportQueries.draftFacts) for N random projects

        usage: liaison-bench sweep-alerts --data-dir DIR
          times the project-alert sweep: the first pass over everything overdue, nothing new, one day on

        usage: liaison-bench message-check [--samples N]
          times MessageCheck.run (issue 19) on a 5,000-character message with a 2,000-entry lexicon, 20 internal
          notes and 10,000 other parties; prints p50 and p99 (default 2,000 samples)

        usage: liaison-bench profile-app --data-dir DIR [--rounds N]
          times TimelineQueries.forCustomer, CustomerQueries.find and SearchQueries.search (the app's own code,
          through Fluent) one call at a time, next to the proposed plain-Decodable timeline read
        """

    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "sql", arguments.count >= 4, arguments[1] == "--data-dir" {
            // liaison-bench sql --data-dir DIR "SQL" …: ad-hoc statements through the package's SQLite.
            do {
                let path = URL(fileURLWithPath: arguments[2]).appendingPathComponent("liaison.sqlite").path
                let connection = try await SQLiteConnection.open(storage: .file(path: path))
                for sql in arguments.dropFirst(3) {
                    let start = Date()
                    let rows = try await connection.query(sql, [])
                    for row in rows {
                        print(row.columns.map { $0.data.description }.joined(separator: "\t"))
                    }
                    FileHandle.standardError.write(Data(String(format: "-- %d rows in %.2f ms\n", rows.count, Date().timeIntervalSince(start) * 1000).utf8))
                }
                try await connection.close()
            } catch {
                FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "profile-app", arguments.count >= 3, arguments[1] == "--data-dir" {
            do {
                try await AppProfiler.run(dataDir: arguments[2], rounds: arguments.count >= 5 ? Int(arguments[4]) ?? 3 : 3)
            } catch {
                FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "draft-reports" || arguments.first == "sweep-alerts" {
            do {
                if arguments.first == "draft-reports" {
                    try await ProjectExecutionBench.draftReports(Array(arguments.dropFirst()))
                } else {
                    try await ProjectExecutionBench.sweepAlerts(Array(arguments.dropFirst()))
                }
            } catch {
                FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "message-check" {
            do {
                try MessageCheckBench.run(Array(arguments.dropFirst()))
            } catch {
                FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "sweep-communication" {
            do {
                try await CommunicationSweepBench.run(Array(arguments.dropFirst()))
            } catch {
                FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "generate-requests" {
            await generateRequests(Array(arguments.dropFirst()))
            return
        }
        if arguments.first == "check-workplan-json", arguments.count >= 3, arguments[1] == "--data-dir" {
            do {
                try await ProjectsBulk.checkJSON(dataDir: arguments[2])
            } catch {
                FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if arguments.first == "generate-projects" {
            await generateProjects(Array(arguments.dropFirst()))
            return
        }
        if arguments.first == "profile" {
            await profile(Array(arguments.dropFirst()))
            return
        }
        guard arguments.first == "generate" else {
            print(usage)
            exit(arguments.isEmpty || arguments.first == "--help" ? 0 : 2)
        }
        arguments.removeFirst()
        var options = GenerateOptions()
        do {
            var reader = ArgumentReader(arguments)
            while let option = reader.next() {
                switch option {
                case "--data-dir": options.dataDir = try reader.value()
                case "--customers": options.customers = try reader.number()
                case "--contacts": options.contacts = try reader.number()
                case "--interactions": options.interactions = try reader.number()
                case "--seed": options.seed = UInt64(try reader.number())
                case "--staff": options.staff = try reader.number()
                case "--liaison": options.liaison = try reader.value()
                case "--force": options.force = true
                case "--batch": options.batch = max(try reader.number(), 100)
                case "--commit-every": options.commitEvery = try reader.number()
                case "--main-depth": options.mainDepth = max(try reader.number(), 1)
                case "--fts-depth": options.ftsDepth = max(try reader.number(), 1)
                case "--fts-chunk": options.ftsChunk = min(max(try reader.number(), 100), 100_000)
                case "--random-ids": options.orderedIDs = false
                case "--cache-mb": options.cacheMB = try reader.number()
                case "--journal": options.journal = try reader.value()
                case "--keep-indexes": options.deferIndexes = false
                case "--defer-indexes": options.deferIndexes = true
                case "--fts-optimize": options.ftsOptimize = true
                case "--no-write": options.noWrite = true
                case "--fts-cache-mb": options.ftsCacheMB = try reader.number()
                case "--analysis-limit": options.analysisLimit = try reader.number()
                case "--integrity-check": options.integrityCheck = true
                case "--report-seconds": options.reportSeconds = Double(try reader.number())
                case "--no-fts-optimize": options.ftsOptimize = false
                case "--fts-hash-mb": options.hashSizeMB = max(try reader.number(), 1)
                case "--help", "-h":
                    print(usage)
                    exit(0)
                default: throw BenchError("unknown option \(option)")
                }
            }
            guard !options.dataDir.isEmpty else { throw BenchError("--data-dir is required") }
            guard options.customers > 0 else { throw BenchError("--customers must be at least 1") }
            guard ["off", "wal", "memory", "delete", "truncate"].contains(options.journal.lowercased()) else {
                throw BenchError("--journal must be off or wal")
            }
            try await Generator.run(options)
        } catch {
            FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func profile(_ arguments: [String]) async {
        var options = Profiler.Options()
        do {
            var reader = ArgumentReader(arguments)
            while let option = reader.next() {
                switch option {
                case "--data-dir": options.dataDir = try reader.value()
                case "--only": options.only = try reader.value()
                case "--variant": options.variant = try reader.value()
                case "--repeat": options.repeats = max(Int(try reader.value()) ?? 5, 1)
                case "--cache-kb": options.cacheKB = Int(try reader.value())
                case "--mmap-mb": options.mmapMB = Int(try reader.value())
                case "--timeline-sample": options.timelineSample = max(Int(try reader.value()) ?? 200, 1)
                default: throw BenchError("unknown option \(option)")
                }
            }
            guard !options.dataDir.isEmpty else { throw BenchError("--data-dir is required") }
            try await Profiler.run(options)
        } catch {
            FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func generateRequests(_ arguments: [String]) async {
        var options = RequestsGenerator.Options()
        do {
            var reader = ArgumentReader(arguments)
            while let option = reader.next() {
                switch option {
                case "--data-dir": options.dataDir = try reader.value()
                case "--requests": options.requests = try reader.number()
                case "--messages": options.messages = max(try reader.number(), 1)
                case "--open-share": options.openShare = min(max(Double(try reader.value()) ?? 0.3, 0), 1)
                case "--customers": options.customers = max(try reader.number(), 1)
                case "--agents": options.agents = max(try reader.number(), 1)
                case "--open-days": options.openDays = Double(max(try reader.number(), 1))
                case "--seed": options.seed = UInt64(try reader.number())
                case "--per-transaction": options.perTransaction = max(try reader.number(), 1)
                case "--liaison": options.liaison = try reader.value()
                case "--force": options.force = true
                default: throw BenchError("unknown option \(option)")
                }
            }
            guard !options.dataDir.isEmpty else { throw BenchError("--data-dir is required") }
            try await RequestsGenerator.run(options)
        } catch {
            FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}

extension LiaisonBench {
    static func generateProjects(_ arguments: [String]) async {
        var options = ProjectsGenerator.Options()
        do {
            var reader = ArgumentReader(arguments)
            while let option = reader.next() {
                switch option {
                case "--data-dir": options.dataDir = try reader.value()
                case "--projects": options.projects = max(try reader.number(), 1)
                case "--tasks": options.tasks = max(try reader.number(), WorkPlanVocabulary.phases.count)
                case "--requirements": options.requirements = try reader.number()
                case "--customers": options.customers = max(try reader.number(), 1)
                case "--staff": options.staff = try reader.number()
                case "--history-days": options.historyDays = max(try reader.number(), 30)
                case "--seed": options.seed = UInt64(try reader.number())
                case "--per-transaction": options.perTransaction = max(try reader.number(), 1)
                case "--liaison": options.liaison = try reader.value()
                case "--force": options.force = true
                default: throw BenchError("unknown option \(option)")
                }
            }
            guard !options.dataDir.isEmpty else { throw BenchError("--data-dir is required") }
            try await ProjectsGenerator.run(options)
        } catch {
            FileHandle.standardError.write(Data("liaison-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}

/// Reads `--option [value]` arguments in order.
struct ArgumentReader {
    private let arguments: [String]
    private var index = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    /// The next option, or nil at the end.
    mutating func next() -> String? {
        guard index < arguments.count else { return nil }
        defer { index += 1 }
        return arguments[index]
    }

    /// The value after the option just read.
    mutating func value() throws -> String {
        guard index < arguments.count else { throw BenchError("\(arguments[index - 1]) needs a value") }
        defer { index += 1 }
        return arguments[index]
    }

    /// A whole number after the option just read (`1_000_000` allowed).
    mutating func number() throws -> Int {
        let text = try value()
        guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n >= 0 else {
            throw BenchError("\(arguments[index - 2]): \(text) is not a number")
        }
        return n
    }
}
