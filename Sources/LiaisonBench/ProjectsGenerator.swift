import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// `liaison-bench generate-projects`: the issue-17 data set. The organisation, customers, projects (with their
/// status moves and charter drafts) and requirements are written by the application's own commands, so every
/// number, member, timeline, search and audit entry is what the server writes; the work plans' tasks and
/// milestones (2,000,000 rows at full size) are written in bulk afterwards (`ProjectsBulk`), from the same
/// per-project plans (`ProjectPlan`), checked by the application's dependency rules (`TaskGraph`).
///
/// The same seed gives the same data: names, dates, dependencies, RACI, statuses and the tasks' ids. Ids the
/// application's commands draw themselves (people, customers, projects, requirements) differ from run to run.
struct ProjectsGenerator {
    struct Options {
        var dataDir = ""
        var projects = 5_000
        var tasks = 400
        var requirements = 50_000
        /// Customers the projects and requirements belong to (two or three projects each at full size).
        var customers = 2_000
        /// Staff besides the admin, spread over the departments.
        var staff = 80
        var historyDays = 540
        var seed: UInt64 = 17
        var perTransaction = 500
        var liaison: String?
        var force = false
    }

    /// A project as written, for the bulk phase and the load scripts' lists.
    struct Written: Sendable {
        var id: UUID
        var number: Int
        var status: ProjectStatus
        var index: Int
        /// The plan's last task: what a task created in the load waits for.
        var lastTask: UUID
    }

    let options: Options

    static func run(_ options: Options) async throws {
        try await ProjectsGenerator(options: options).run()
    }

    func run() async throws {
        let clock = Stopwatch()
        let dir = URL(fileURLWithPath: options.dataDir).standardizedFileURL
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dbPath = dir.appendingPathComponent("liaison.sqlite").path
        if FileManager.default.fileExists(atPath: dbPath) {
            guard options.force else { throw BenchError("\(dbPath) exists; pass --force to replace it") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
        }
        let liaison =
            options.liaison
            ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("liaison").path
        Generator.log(clock, "migrating and creating \(Generator.adminEmail) with \(liaison)")
        _ = try Generator.runLiaison(
            liaison, dir: dir.path,
            [
                "user", "create", "--email", Generator.adminEmail, "--name", Generator.adminName, "--role", "admin",
                "--password", Generator.adminPassword,
            ])
        let tokenOutput = try Generator.runLiaison(
            liaison, dir: dir.path, ["token", "create", "--user", Generator.adminEmail, "--name", "bench"])
        guard let token = tokenOutput.split(separator: "\n").last.map({ $0.trimmingCharacters(in: .whitespaces) }),
            !token.isEmpty
        else { throw BenchError("no token in output: \(tokenOutput)") }
        try (token + "\n").write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)

        let calendar = TimeZone(identifier: "UTC")!
        let todayStart = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        let (org, written) = try await withDatabase(dbPath) { db in
            try await self.writeThroughCommands(
                db, todayStart: todayStart, today: LocalDate.of(todayStart, in: calendar), clock: clock)
        }
        let bulk = try await ProjectsBulk.write(dbPath: dbPath, org: org, projects: written, clock: clock)
        let checked = try await withDatabase(dbPath) { db in
            try await ProjectsBulk.verify(written, org: org, on: db)
        }
        Generator.log(clock, "checked through the application's queries: \(checked)")

        let open = written.filter { $0.status != .closed }
        try
            (written.map { "\($0.id.idText)\t\($0.number)\t\($0.status.rawValue)\t\(options.tasks)" }.joined(
                separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("projects.txt"), atomically: true, encoding: .utf8)
        try (open.map { "\($0.id.idText)\t\($0.lastTask.idText)" }.joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("open-projects.txt"), atomically: true, encoding: .utf8)
        try (org.people.flatMap { $0 }.map(\.idText).joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("staff.txt"), atomically: true, encoding: .utf8)
        try ISO8601DateFormatter().string(from: todayStart)
            .write(to: dir.appendingPathComponent("now"), atomically: true, encoding: .utf8)
        let size = (try? FileManager.default.attributesOfItem(atPath: dbPath)[.size] as? Int) ?? 0
        let summary = """
            projects=\(written.count) open_projects=\(open.count) tasks_per_project=\(options.tasks) requirements=\(options.requirements)
            customers=\(options.customers) staff=\(options.staff) seed=\(options.seed)
            \(bulk)
            database_bytes=\(size) total_seconds=\(String(format: "%.1f", clock.seconds))

            """
        try summary.write(to: dir.appendingPathComponent("generate-summary.txt"), atomically: true, encoding: .utf8)
        Generator.log(
            clock, "done: \(String(format: "%.2f", Double(size) / 1_073_741_824)) GiB, \(open.count) open projects")
    }

    /// Departments, staff, customers, projects and requirements, through the application's commands.
    func writeThroughCommands(_ db: any Database, todayStart: Date, today: LocalDate, clock: Stopwatch) async throws
        -> (PlanOrganisation, [Written])
    {
        for pragma in ["journal_mode=OFF", "synchronous=OFF", "cache_size=-2000000"] {
            try await db.sql.raw("PRAGMA \(unsafeRaw: pragma)").run()
        }
        guard
            let admin = try await db.sql.raw(
                "SELECT id, password_hash FROM users WHERE email = \(bind: Generator.adminEmail)"
            )
            .first(decoding: AdminRow.self)
        else { throw BenchError("the admin was not created") }
        let system = AuditActor.system("bench")
        let viewer = CustomerViewer(userID: admin.id, roles: [.admin])
        let setUpAt = todayStart.addingTimeInterval(-Double(options.historyDays + 30) * 86_400)
        var r = SeededRandom(seed: options.seed, stream: 5)

        Generator.log(clock, "\(WorkPlanVocabulary.departments.count) departments and \(options.staff) staff")
        let staffCount = max(options.staff, WorkPlanVocabulary.departments.count * 2)
        let (departments, people) = try await transaction(db) { tx in
            var departments: [UUID] = []
            for d in WorkPlanVocabulary.departments {
                departments.append(
                    try await DepartmentCommands.create(
                        try DepartmentInput(name: d.zh, nameEn: d.en, code: d.code).validated(), by: system,
                        at: setUpAt, on: tx
                    ).id)
            }
            var people = [[UUID]](repeating: [], count: departments.count)
            var random = SeededRandom(seed: self.options.seed, stream: 6)
            for i in 0..<staffCount {
                let department = i % departments.count
                let first = i < departments.count
                let roles =
                    department == 0 ? ["projectManager"] : first ? ["departmentLead", "engineer"] : ["engineer"]
                let name = random.chance(0.85) ? Names.chinese(&random) : Names.english(&random)
                let person = try PersonInput(
                    email: String(format: "staff%03d@bench.test", i), name: name,
                    title: first ? "部门负责人" : department == 0 ? "项目经理" : "工程师",
                    departmentID: departments[department].idText,
                    roles: roles + (i % 10 == 9 ? ["sales"] : []), locale: "zh-Hans", timeZone: "Asia/Shanghai"
                ).validated()
                people[department].append(
                    try await PeopleCommands.create(
                        person, passwordHash: admin.passwordHash, mustChangePassword: false, by: system, at: setUpAt,
                        on: tx
                    ).id)
            }
            return (departments, people)
        }
        let org = PlanOrganisation(
            departments: departments, people: people, today: today, todayStart: todayStart, seed: options.seed,
            tasksPerProject: options.tasks, projects: options.projects, historyDays: options.historyDays)

        Generator.log(clock, "\(options.customers) customers with two contacts each")
        var customers: [(UUID, [UUID])] = []
        for start in stride(from: 0, to: options.customers, by: options.perTransaction) {
            let end = min(start + options.perTransaction, options.customers)
            var names: [(String, String, String)] = []
            for _ in start..<end {
                let city = Vocabulary.cities[r.int(Vocabulary.cities.count)].name
                let brand = String([
                    Vocabulary.brandFirst[r.int(Vocabulary.brandFirst.count)],
                    Vocabulary.brandSecond[r.int(Vocabulary.brandSecond.count)],
                ])
                let kind = ["科技", "制造", "物流", "电子", "精密机械", "医药", "新能源", "食品"][r.int(8)]
                names.append((city + brand + kind + "有限公司", Names.chinese(&r), Names.chinese(&r)))
            }
            let made = names
            customers += try await transaction(db) { tx in
                var list: [(UUID, [UUID])] = []
                for (offset, name) in made.enumerated() {
                    let index = start + offset
                    let context = WriteContext(actor: system, now: setUpAt)
                    let customer = try await CustomerCommands.create(
                        try CustomerInput(name: name.0, tier: ["strategic", "key", "standard", "small"][index % 4])
                            .validated(),
                        in: context, on: tx)
                    var contacts: [UUID] = []
                    for (n, person) in [name.1, name.2].enumerated() {
                        contacts.append(
                            try await ContactCommands.create(
                                try ContactInput(
                                    customerID: customer.id.idText, name: person,
                                    emails: ["p\(index)-\(n)@customer\(index).example"]
                                )
                                .validated(), in: context, on: tx
                            ).id)
                    }
                    list.append((customer.id, contacts))
                }
                return list
            }
        }

        Generator.log(clock, "\(options.projects) projects (status moves, charter drafts) through ProjectCommands")
        var written: [Written] = []
        var lastReport = clock.seconds
        for start in stride(from: 0, to: options.projects, by: max(options.perTransaction / 5, 1)) {
            let end = min(start + max(options.perTransaction / 5, 1), options.projects)
            let plans = try await Generator.parallel(start..<end) { range in range.map { ProjectPlan.make($0, org) } }
                .flatMap { $0 }
            for plan in plans {
                let problems = plan.graphProblems()
                guard problems.isEmpty else {
                    throw BenchError("project \(plan.index): the plan has problems \(problems.prefix(3))")
                }
            }
            let customerList = customers
            written += try await transaction(db) { tx in
                var list: [Written] = []
                for plan in plans {
                    let customer = customerList[(plan.index * 7919) % customerList.count].0
                    list.append(
                        try await self.writeProject(plan, customer: customer, viewer: viewer, today: today, on: tx))
                }
                return list
            }
            if clock.seconds - lastReport > 15 {
                lastReport = clock.seconds
                Generator.log(clock, "projects \(end)/\(options.projects)")
            }
        }

        Generator.log(clock, "\(options.requirements) requirements through RequirementCommands (a third handed to R&D)")
        let capabilities = Set(Capability.allCases)
        let salesPeople = people.flatMap { $0 }
        for start in stride(from: 0, to: options.requirements, by: options.perTransaction) {
            let end = min(start + options.perTransaction, options.requirements)
            var inputs: [(ValidRequirement, Date, Bool, UUID)] = []
            for index in start..<end {
                let customer = customers[r.int(customers.count)]
                let meeting = r.chance(0.3)
                let need = WorkPlanVocabulary.requirementNeeds[r.int(WorkPlanVocabulary.requirementNeeds.count)]
                let object = WorkPlanVocabulary.objects[r.int(WorkPlanVocabulary.objects.count)]
                let at = todayStart.addingTimeInterval(
                    -Double(options.historyDays) * 86_400 * (1 - Double(index) / Double(max(options.requirements, 1))))
                let input = try RequirementInput(
                    customerID: customer.0.idText, contactID: r.chance(0.6) ? customer.1[r.int(2)].idText : nil,
                    title: "\(object.zh)：\(need)",
                    description: "客户在\(meeting ? "会议" : "日常沟通")中提出：\(need)。涉及\(object.zh)，请评估可行性与工作量。",
                    businessValue: r.chance(0.5)
                        ? WorkPlanVocabulary.requirementValues[r.int(WorkPlanVocabulary.requirementValues.count)] : nil,
                    desiredDate: r.chance(0.4)
                        ? LocalDate.of(at, in: calendarUTC).adding(days: r.int(30, 180)).description : nil,
                    priority: ["low", "normal", "normal", "high", "urgent"][r.int(5)],
                    sourceKind: meeting ? "meeting" : "typed",
                    sourceReference: meeting
                        ? WorkPlanVocabulary.meetings[r.int(WorkPlanVocabulary.meetings.count)] : nil,
                    ownerID: salesPeople[r.int(salesPeople.count)].idText
                ).validated()
                inputs.append((input, at, r.chance(0.35), salesPeople[r.int(salesPeople.count)]))
            }
            let batch = inputs
            guard
                let handOffMove = try RequirementMoveInput(status: "inReview", departmentID: departments[2].idText)
                    .validated()
            else { throw BenchError("the hand-off move did not validate") }
            try await transaction(db) { tx in
                for (input, at, handOff, author) in batch {
                    let actor = AuditActor(userID: author, label: "bench", address: nil)
                    let requirement = try await RequirementCommands.create(
                        input, in: WriteContext(actor: actor, now: at), on: tx)
                    if handOff {
                        _ = try await RequirementCommands.move(
                            requirement.id, handOffMove,
                            capabilities: capabilities, expectedVersion: nil,
                            in: WriteContext(actor: actor, now: at.addingTimeInterval(3_600)), on: tx)
                    }
                }
            }
        }
        try await db.sql.raw("ANALYZE").run()
        return (org, written)
    }

    private var calendarUTC: TimeZone { TimeZone(identifier: "UTC")! }

    /// One project through the application's commands: created by its manager on its day, its charter drafted,
    /// and moved through its statuses on the days its plan says.
    func writeProject(
        _ plan: ProjectPlan, customer: UUID, viewer: CustomerViewer, today: LocalDate, on tx: any Database
    )
        async throws -> Written
    {
        let actor = AuditActor(userID: plan.manager, label: "bench", address: nil)
        let project = try await ProjectCommands.create(
            try ProjectInput(
                customerID: customer.idText, name: plan.name, description: plan.description,
                managerID: plan.manager.idText,
                startOn: plan.start.description, endOn: plan.end.description
            ).validated(), for: viewer, in: WriteContext(actor: actor, now: plan.createdAt), on: tx)
        if plan.withCharter {
            let milestones = [plan.milestones[1], plan.milestones[plan.milestones.count - 1]].map {
                CharterInput.Milestone(name: $0.name, date: $0.date.description)
            }
            _ = try await CharterCommands.saveDraft(
                projectID: project.id,
                input: CharterInput(
                    goals: WorkPlanVocabulary.charterGoals[plan.index % WorkPlanVocabulary.charterGoals.count],
                    scopeIn: "本期范围：\(plan.name)涉及的全部业务流程与接口。", scopeOut: "硬件采购与网络改造不在本期范围内。",
                    milestones: milestones, deliveryStandards: "按合同附件三的交付标准执行。",
                    acceptanceCriteria: "关键业务流程连续运行 30 天无 A 类缺陷。", assumptions: "客户按时提供测试数据与关键用户。",
                    stakeholders: "客户信息中心、财务部、各工厂关键用户"),
                expectedVersion: nil, for: viewer,
                in: WriteContext(actor: actor, now: plan.createdAt.addingTimeInterval(3_600)),
                on: tx)
        }
        var at = plan.createdAt.addingTimeInterval(7_200)
        for (step, status) in plan.moves.enumerated() {
            at = at.addingTimeInterval(Double(step + 1) * 86_400)
            _ = try await ProjectCommands.move(
                id: project.id, to: status, reason: "生成的数据", expectedVersion: nil, for: viewer, in: WriteContext(actor: actor, now: at),
                on: tx)
        }
        return Written(
            id: project.id, number: project.number, status: plan.finalStatus, index: plan.index,
            lastTask: plan.tasks[plan.tasks.count - 1].id)
    }

    struct AdminRow: Decodable {
        var id: UUID
        var passwordHash: String

        enum CodingKeys: String, CodingKey {
            case id
            case passwordHash = "password_hash"
        }
    }

    /// Liaison's own SQLite driver on one connection, as the requests generator uses it.
    func withDatabase<T: Sendable>(_ path: String, _ body: @escaping @Sendable (any Database) async throws -> T)
        async throws -> T
    {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(.liaisonSQLite(path: path), as: .sqlite)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pool = databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
        do {
            let result = try await pool.withConnection { try await body($0) }
            await databases.shutdownAsync()
            try await threadPool.shutdownGracefully()
            return result
        } catch {
            await databases.shutdownAsync()
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    /// One transaction around `body`.
    @discardableResult
    func transaction<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T)
        async throws -> T
    {
        try await db.withConnection { connection in
            try await connection.sql.raw("BEGIN").run()
            do {
                let result = try await body(connection)
                try await connection.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
