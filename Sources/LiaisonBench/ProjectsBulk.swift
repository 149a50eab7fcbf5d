import FluentKit
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import SQLiteNIO

/// The work plans of the projects data set in bulk: every project's tasks and milestones, made again from its plan
/// (`ProjectPlan.make`, on both cores) and written with multi-row prepared INSERTs in one transaction, in the
/// order of their time-ordered ids (so the primary key is appended to), with no journal and no fsync. Columns are
/// encoded as the application writes them: ids as upper-case text, days as "2026-05-01", moments as seconds since
/// 1970, predecessors and RACI as `CompactJSONEncoder` JSON (what `JSONColumn.encode` writes).
enum ProjectsBulk {
    static let taskColumns = [
        "id", "project_id", "name", "description", "owner_id", "department_id", "start_on", "due_on", "estimate_hours",
        "predecessors", "deliverable", "acceptance_check", "status", "raci", "created_by", "version", "created_at",
        "updated_at",
    ]
    static let milestoneColumns = [
        "id", "project_id", "name", "date", "reached", "version", "created_at", "updated_at",
    ]
    /// Projects whose plans are made (on both cores) while the previous ones are written.
    static let projectsPerChunk = 50

    /// Writes every project's tasks and milestones; returns summary lines (`key=value`).
    static func write(dbPath: String, org: PlanOrganisation, projects: [ProjectsGenerator.Written], clock: Stopwatch)
        async throws -> String
    {
        let connection = try await SQLiteConnection.open(storage: .file(path: dbPath))
        let db = BulkDB(connection: connection)
        for pragma in [
            "journal_mode=OFF", "synchronous=OFF", "cache_size=-2000000", "temp_store=MEMORY", "locking_mode=EXCLUSIVE",
        ] {
            try await db.exec("PRAGMA \(pragma)")
        }
        try await checkSchema(db)
        Generator.log(
            clock, "tasks and milestones of \(projects.count) projects (\(org.tasksPerProject) tasks each) in bulk")
        let started = clock.seconds
        try await db.exec("BEGIN")
        var writing: Task<Void, any Error>?
        var tasks = 0
        var milestones = 0
        var lastReport = clock.seconds
        for start in stride(from: 0, to: projects.count, by: projectsPerChunk) {
            let slice = Array(projects[start..<min(start + projectsPerChunk, projects.count)])
            let parts = try await Generator.parallel(0..<slice.count) { range in rows(range.map { slice[$0] }, org) }
            try await writing?.value
            for part in parts {
                tasks += part.tasks.count
                milestones += part.milestones.count
            }
            writing = Task {
                for part in parts {
                    for (table, rows) in part.tables {
                        try await db.insert(table, rows.columns, rows.values, rowsPerStatement: 200)
                    }
                }
            }
            if clock.seconds - lastReport > 15 {
                lastReport = clock.seconds
                Generator.log(clock, "tasks \(tasks) (\(Int(Double(tasks) / max(clock.seconds - started, 0.001)))/s)")
            }
        }
        try await writing?.value
        try await db.exec("COMMIT")
        let loaded = clock.seconds - started
        Generator.log(
            clock, "\(tasks) tasks and \(milestones) milestones written in \(String(format: "%.1f", loaded)) s")
        let analyse = clock.seconds
        for table in ["project_tasks", "project_milestones", "projects", "requirements"] {
            try await db.exec("ANALYZE \(table)")
        }
        try await db.exec("PRAGMA optimize")
        try await db.exec("PRAGMA locking_mode=NORMAL")
        try await db.exec("PRAGMA journal_mode=WAL")
        try await db.exec("PRAGMA synchronous=FULL")
        _ = try await db.query("SELECT COUNT(*) FROM users")
        var counts: [String] = []
        for table in [
            "projects", "project_members", "charter_versions", "project_tasks", "project_milestones", "requirements",
            "requirement_transitions", "customers", "contacts", "users", "audit_entries", "search_docs",
        ] {
            let n = try await db.query("SELECT COUNT(*) AS n FROM \(table)").first?.column("n")?.integer ?? -1
            counts.append("rows_\(table)=\(n)")
        }
        try await connection.close()
        Generator.log(
            clock, "ANALYZE in \(String(format: "%.1f", clock.seconds - analyse)) s; " + counts.joined(separator: " "))
        return (["bulk_seconds=\(String(format: "%.1f", loaded))"] + counts).joined(separator: "\n")
    }

    /// The rows of some projects' plans, table by table. Another table per project (the communication plan's
    /// rows, say) is one more `Rows` here, filled from `ProjectPlan`, and one more entry in `tables`.
    struct PlanRows: Sendable {
        var tasks = Rows(taskColumns)
        var milestones = Rows(milestoneColumns)

        /// Every table and its rows, in the order they are written.
        var tables: [(String, Rows)] { [("project_tasks", tasks), ("project_milestones", milestones)] }
    }

    /// The rows of some projects' plans.
    static func rows(_ projects: [ProjectsGenerator.Written], _ org: PlanOrganisation) -> PlanRows {
        var result = PlanRows()
        let encoder = CompactJSONEncoder()
        for project in projects {
            let plan = ProjectPlan.make(project.index, org)
            let projectID = SQLiteData.text(project.id.idText)
            let manager = SQLiteData.text(plan.manager.idText)
            for task in plan.tasks {
                let predecessors = task.predecessors.map { plan.tasks[$0].id.idText }
                let changed = task.status != .notStarted
                // A task that moved on was changed once since: on its due day, or today if that is later.
                let updated =
                    changed
                    ? min(
                        max(task.createdAt.timeIntervalSince1970, dayStart(task.due)),
                        org.todayStart.timeIntervalSince1970)
                    : task.createdAt.timeIntervalSince1970
                result.tasks.append(
                    .text(task.id.idText), projectID, .text(task.name), .optionalText(task.description),
                    .optionalText(task.owner?.idText), .optionalText(task.department?.idText),
                    .text(task.start.description),
                    .text(task.due.description), task.estimateHours.map { SQLiteData.float($0) } ?? SQLiteData.null,
                    .text(predecessors.isEmpty ? "[]" : json(predecessors, encoder)), .optionalText(task.deliverable),
                    .optionalText(task.acceptanceCheck), .text(task.status.rawValue), .text(json(task.raci, encoder)),
                    manager,
                    .integer(changed ? 2 : 1), .float(task.createdAt.timeIntervalSince1970), .float(updated))
            }
            for milestone in plan.milestones {
                let created = plan.createdAt.addingTimeInterval(30).timeIntervalSince1970
                let updated = milestone.reached ? max(created, dayStart(milestone.date)) : created
                result.milestones.append(
                    .text(milestone.id.idText), projectID, .text(milestone.name), .text(milestone.date.description),
                    .integer(milestone.reached ? 1 : 0), .integer(milestone.reached ? 2 : 1), .float(created),
                    .float(updated))
            }
        }
        return result
    }

    static func json<T: Encodable>(_ value: T, _ encoder: CompactJSONEncoder) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Array("null".utf8), as: UTF8.self)
    }

    static func dayStart(_ day: LocalDate) -> Double {
        let parts = DateComponents(
            timeZone: TimeZone(identifier: "UTC"), year: day.year, month: day.month, day: day.day)
        return Calendar(identifier: .gregorian).date(from: parts)?.timeIntervalSince1970 ?? 0
    }

    /// Every NOT NULL column without a default is written, and every written column exists.
    static func checkSchema(_ db: BulkDB) async throws {
        var problems: [String] = []
        for (table, rows) in PlanRows().tables {
            let columns = rows.columns
            let actual = try await db.columns(of: table)
            let names = Set(actual.map(\.name))
            for column in columns where !names.contains(column) { problems.append("\(table).\(column) does not exist") }
            for column in actual where column.notNull && !column.hasDefault && !columns.contains(column.name) {
                problems.append("\(table).\(column.name) is NOT NULL but not generated")
            }
        }
        if !problems.isEmpty { throw BenchError("schema changed:\n" + problems.joined(separator: "\n")) }
    }

    /// Reads a few projects back through the application's queries and compares them with their plans; then, for
    /// an open one, creates a task through `TaskCommands.create` (the write the load measures) and rolls it back,
    /// so a plan the write path would refuse fails here rather than in the load.
    static func verify(_ projects: [ProjectsGenerator.Written], org: PlanOrganisation, on db: any Database) async throws
        -> String
    {
        guard
            let admin = try await db.sql.raw("SELECT id FROM users WHERE email = \(bind: Generator.adminEmail)")
                .first(decoding: IDRow.self)?.id
        else { throw BenchError("no admin") }
        let viewer = CustomerViewer(userID: admin, roles: [.admin])
        var sample = [projects.first, projects.last, projects[projects.count / 2]].compactMap { $0 }
        if let open = projects.last(where: { $0.status == .active }) { sample.append(open) }
        for project in sample {
            let plan = ProjectPlan.make(project.index, org)
            guard try await ProjectQueries.find(project.id, for: viewer, on: db) != nil else {
                throw BenchError("project \(project.number) is not found")
            }
            let tasks = try await TaskQueries.all(projectID: project.id, on: db)
            guard tasks.map(\.task.id) == plan.tasks.map(\.id), tasks.map(\.task.name) == plan.tasks.map(\.name),
                tasks.map(\.task.raci) == plan.tasks.map(\.raci),
                tasks.map(\.task.predecessors) == plan.tasks.map({ t in t.predecessors.map { plan.tasks[$0].id } }),
                tasks.map(\.task.status) == plan.tasks.map(\.status)
            else { throw BenchError("project \(project.number): the tasks read back differ from the plan") }
            let graph = try await TaskQueries.graph(projectID: project.id, on: db)
            guard TaskGraph(graph.nodes).problems().isEmpty else {
                throw BenchError("project \(project.number): graph problems")
            }
            let milestones = try await MilestoneQueries.all(projectID: project.id, on: db)
            guard milestones.count == plan.milestones.count else {
                throw BenchError("project \(project.number): milestones")
            }
        }
        guard let open = sample.last, open.status == .active else { return "\(sample.count) projects read back" }
        let plan = ProjectPlan.make(open.index, org)
        let input = try TaskInput(
            name: "压测检查任务", startOn: plan.end.adding(days: -2).description, dueOn: plan.end.description,
            predecessors: [plan.tasks[plan.tasks.count - 1].id.idText]
        ).validated()
        try await db.sql.raw("BEGIN").run()
        let created = try await TaskCommands.create(
            projectID: open.id, input, for: viewer,
            in: WriteContext(actor: AuditActor(userID: admin, label: "bench", address: nil), now: Date()), on: db)
        try await db.sql.raw("ROLLBACK").run()
        return
            "\(sample.count) projects read back; a task created in P-\(open.number) through TaskCommands (\(created.name)) and rolled back"
    }

    struct IDRow: Decodable { var id: UUID }

    /// Every task's predecessors and RACI parts read both ways, `WorkPlanJSON` (the application's shortcut) and
    /// `JSONDecoder`: the same values, or a mismatch is reported.
    static func checkJSON(dataDir: String) async throws {
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("liaison.sqlite").path
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let decoder = JSONDecoder()
        var rows = 0
        var shortcut = 0
        var mismatches = 0
        let start = Date()
        var after = 0
        while true {
            let page = try await connection.query(
                "SELECT rowid AS n, predecessors, raci FROM project_tasks WHERE rowid > ? ORDER BY rowid LIMIT 50000",
                [.integer(after)])
            guard let last = page.last?.column("n")?.integer else { break }
            after = last
            for row in page {
                rows += 1
                let predecessors = row.column("predecessors")?.string ?? ""
                let raci = row.column("raci")?.string ?? ""
                let decodedIDs = try? decoder.decode([UUID].self, from: Data(predecessors.utf8))
                let decodedRACI = try? decoder.decode([RACIAssignment].self, from: Data(raci.utf8))
                let fastIDs = WorkPlanJSON.ids(predecessors)
                let fastRACI = WorkPlanJSON.raci(raci)
                if fastIDs != nil, fastRACI != nil { shortcut += 1 }
                if (fastIDs != nil && fastIDs != decodedIDs) || (fastRACI != nil && fastRACI != decodedRACI) {
                    mismatches += 1
                    if mismatches <= 5 { print("mismatch: \(predecessors) \(raci)") }
                }
            }
        }
        try await connection.close()
        print(
            String(
                format: "%d tasks in %.1f s: %d read by the shortcut, %d mismatches", rows,
                Date().timeIntervalSince(start), shortcut, mismatches))
        if mismatches > 0 { throw BenchError("\(mismatches) mismatches") }
    }
}
