import FluentKit
import FluentSQLiteDriver
import Foundation
import LiaisonCore
import LiaisonData
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// `liaison-bench generate-requests`: the issue-4 data set, written by the application's own commands (so every
/// SLA field, timeline entry, search entry and audit entry is exactly what the server writes), in large
/// transactions without fsync during the load.
///
/// Open requests (by default 30%) came in over the last `openDays` days and are spread over the agents; the rest
/// came in earlier and were resolved or closed. Every request has `messages` messages: the customer's first one,
/// then staff replies and customer answers in turn. The SLA sweep runs as the load goes, as the server's job would,
/// so the data set ends in the steady state of a running system.
struct RequestsGenerator {
    struct Options {
        var dataDir = ""
        var requests = 1_000_000
        var messages = 5
        var openShare = 0.3
        var customers = 20_000
        var agents = 50
        var openDays = 10.0
        var historyDays = 365.0
        var seed: UInt64 = 4
        var perTransaction = 2_000
        var liaison: String?
        var force = false
    }

    static let subjects = [
        "无法登录客户门户", "发票金额与合同不符", "报表导出 Excel 后中文乱码", "数据同步延迟超过一小时", "请协助开通新员工账号",
        "打印机驱动安装失败", "API timeout when uploading attachments", "合同附件无法下载", "月度报表数字不一致",
        "系统升级后页面变慢", "Password reset email never arrives", "移动端扫码签到失败", "希望增加批量导入功能",
        "对上次上门服务不满意", "Invoice needs our new tax number", "质检数据丢失", "VPN 连接频繁断开", "培训课程时间咨询",
        "SSO with Azure AD", "退款申请进度查询",
    ]
    static let customerTexts = [
        "今天上午 {T} 起问题一直存在，影响到 {N} 位同事的工作，请尽快处理。", "附件是截图，错误代码 E{N}，麻烦看一下。",
        "We tried again after clearing the cache, still failing (ticket ref {N}).", "问题还在，能否安排工程师远程协助？",
        "谢谢，已经恢复正常了。", "请问预计什么时候能修复？我们周{W}要给领导汇报。",
    ]
    static let staffTexts = [
        "您好，我们已收到，正在排查，{T} 前给您答复。", "请提供出现问题的时间和操作步骤，谢谢。",
        "We have reproduced it and a fix is scheduled for build {N}.", "已为您重置，请再试一次，如仍有问题请回复本消息。",
        "补丁已发布（版本 2.{W}.{N}），升级后请确认。", "@{A} 请帮忙看一下这个客户的日志。",
    ]

    let options: Options

    static func run(_ options: Options) async throws {
        try await RequestsGenerator(options: options).run()
    }

    func run() async throws {
        let started = Date()
        let dir = URL(fileURLWithPath: options.dataDir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dbPath = dir.appendingPathComponent("liaison.sqlite").path
        if FileManager.default.fileExists(atPath: dbPath) {
            guard options.force else { throw BenchError("\(dbPath) exists; pass --force to replace it") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
        }
        let liaison = options.liaison ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("liaison").path
        say(started, "schema, admin and \(options.agents) agents with tokens through \(liaison)")
        _ = try Generator.runLiaison(liaison, dir: dir.path, [
            "user", "create", "--email", "bench-admin@bench.liaison.local", "--name", "压测管理员", "--role", "admin",
            "--password", "Bench-Passw0rd!",
        ])

        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        // Liaison's own SQLite driver, as the server uses; all the work below holds one of its connections.
        databases.use(.liaisonSQLite(path: dbPath), as: .sqlite)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pool = databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
        defer {
            Task { await databases.shutdownAsync(); try? await threadPool.shutdownGracefully() }
        }
        try await pool.withConnection { db in
            let actor = AuditActor.system("bench")
            let now = Date()
            let queue = try await transaction(db) { tx in
                try await DepartmentCommands.create(
                    try DepartmentInput(name: "客户服务部", nameEn: "Customer Support", code: "SUP").validated(), by: actor, at: now, on: tx).id
            }
            var tokens: [String] = []
            var agents: [UUID] = []
            for index in 0..<options.agents {
                let email = String(format: "agent%03d@bench.liaison.local", index)
                _ = try Generator.runLiaison(liaison, dir: dir.path, [
                    "user", "create", "--email", email, "--name", "坐席\(index)", "--role", "agent", "--department", "SUP",
                    "--password", "Bench-Passw0rd!",
                ])
                let output = try Generator.runLiaison(liaison, dir: dir.path, ["token", "create", "--user", email, "--name", "bench"])
                tokens.append(output.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            }
            agents = try await db.sql.raw(
                "SELECT id FROM users WHERE email LIKE 'agent%@bench.liaison.local' ORDER BY email"
            ).all(decoding: IDRow.self).map(\.id)
            try (tokens.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("tokens.txt"), atomically: true, encoding: .utf8)

            try await fast(db)
            say(started, "\(options.customers) customers with a contact each")
            var random = SeededRandom(seed: options.seed)
            var customers: [(UUID, UUID)] = []
            for start in stride(from: 0, to: options.customers, by: options.perTransaction) {
                let end = min(start + options.perTransaction, options.customers)
                let batch = try await transaction(db) { tx in
                    var made: [(UUID, UUID)] = []
                    for index in start..<end {
                        let customer = try await CustomerCommands.create(
                            try CustomerInput(name: "压测客户\(index)号有限公司", tier: ["strategic", "key", "standard", "small"][index % 4])
                                .validated(), in: WriteContext(actor: actor, now: now), on: tx)
                        let contact = try await ContactCommands.create(
                            try ContactInput(customerID: customer.id.uuidString, name: "联系人\(index)", emails: ["c\(index)@bench.example"])
                                .validated(), in: WriteContext(actor: actor, now: now), on: tx)
                        made.append((customer.id, contact.id))
                    }
                    return made
                }
                customers += batch
            }
            try (customers.map { "\($0.0.uuidString)\t\($0.1.uuidString)" }.joined(separator: "\n") + "\n")
                .write(to: dir.appendingPathComponent("customers.txt"), atomically: true, encoding: .utf8)

            say(started, "\(options.requests) requests with \(options.messages) messages each (\(Int(options.openShare * 100))% open)")
            let settings = RequestSettings()
            let openCount = Int(Double(options.requests) * options.openShare)
            let closedCount = options.requests - openCount
            var openIDs: [UUID] = []
            var made = 0
            var lastReport = Date()
            // Closed history first (oldest first), then the open backlog (the last `openDays` days), so numbers rise with time.
            while made < options.requests {
                let count = min(options.perTransaction, options.requests - made)
                let plans: [Plan] = (made..<(made + count)).map { index in
                    let isOpen = index >= closedCount
                    let span = isOpen ? options.openDays * 86_400 : (options.historyDays - options.openDays) * 86_400
                    let position = isOpen ? Double(index - closedCount) / Double(max(openCount, 1)) : Double(index) / Double(max(closedCount, 1))
                    let base = isOpen ? now.addingTimeInterval(-options.openDays * 86_400) : now.addingTimeInterval(-options.historyDays * 86_400)
                    let opened = base.addingTimeInterval(position * span + Double(random.int(600)))
                    let pair = customers[random.int(customers.count)]
                    return Plan(
                        customer: pair.0, contact: pair.1, agent: agents[random.int(agents.count)], opened: opened, isOpen: isOpen,
                        kind: [RequestKind.inquiry, .issue, .issue, .complaint, .feedback][random.int(5)],
                        priority: [Priority.low, .normal, .normal, .normal, .high, .urgent][random.int(6)],
                        subject: Self.subjects[random.int(Self.subjects.count)], texts: (0..<options.messages).map { turn in
                            Self.fill(turn % 2 == 0 ? Self.customerTexts : Self.staffTexts, &random)
                        }, gap: Double(random.int(600, 4 * 3600)), finalOpen: [RequestStatus.new, .open, .open, .waitingOnCustomer][random.int(4)])
                }
                let ids = try await transaction(db) { tx in
                    var open: [UUID] = []
                    for plan in plans {
                        if let id = try await self.write(plan, queue: queue, settings: settings, now: now, on: tx) { open.append(id) }
                    }
                    return open
                }
                openIDs += ids
                made += count
                if Date().timeIntervalSince(lastReport) > 15 {
                    say(started, "requests \(made)/\(options.requests)")
                    lastReport = Date()
                }
            }
            try (openIDs.map(\.uuidString).joined(separator: "\n") + "\n")
                .write(to: dir.appendingPathComponent("open-requests.txt"), atomically: true, encoding: .utf8)

            say(started, "SLA sweep up to now, as the running server's job would have done")
            var swept = SLASweep.Result()
            while true {
                let result = try await transaction(db) { tx in
                    try await SLASweep.run(settings: settings, by: .system("sla"), at: now, batch: 5_000, on: tx)
                }
                swept.examined += result.examined
                swept.warnings += result.warnings
                swept.breaches += result.breaches
                if result.examined < 5_000 { break }
            }
            say(started, "swept \(swept.examined): \(swept.warnings) warnings, \(swept.breaches) breaches; ANALYZE and WAL")
            let sql = db.sql
            try await sql.raw("ANALYZE").run()
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try ISO8601DateFormatter().string(from: now).write(to: dir.appendingPathComponent("now"), atomically: true, encoding: .utf8)
            let size = (try? FileManager.default.attributesOfItem(atPath: dbPath)[.size] as? Int) ?? 0
            say(started, String(format: "done: %.1f GB, %d open requests", Double(size) / 1e9, openIDs.count))
    
        }
}

    struct IDRow: Decodable { var id: UUID }

    struct Plan {
        var customer: UUID
        var contact: UUID
        var agent: UUID
        var opened: Date
        var isOpen: Bool
        var kind: RequestKind
        var priority: Priority
        var subject: String
        var texts: [String]
        var gap: Double
        var finalOpen: RequestStatus
    }

    /// One request's life through the application's commands; returns its id when it stays open.
    func write(_ plan: Plan, queue: UUID, settings: RequestSettings, now: Date, on tx: any Database) async throws -> UUID? {
        let agent = AuditActor(userID: plan.agent, label: "bench", address: nil)
        let input = try RequestInput(
            customerID: plan.customer.uuidString, contactID: plan.contact.uuidString, kind: plan.kind.rawValue,
            priority: plan.priority.rawValue, channel: "email", subject: plan.subject, body: plan.texts[0],
            queueID: queue.uuidString, assigneeID: plan.agent.uuidString
        ).validated()
        let request = try await RequestCommands.create(
            input, in: WriteContext(actor: agent, now: plan.opened, settings: settings), on: tx)
        var at = plan.opened
        for (turn, text) in plan.texts.enumerated().dropFirst() {
            at = at.addingTimeInterval(plan.gap)
            if plan.isOpen, at > now { break }
            let fromCustomer = turn % 2 == 0
            _ = try await RequestConversation.add(
                .init(visibility: .public, channel: .email, body: text, contactID: fromCustomer ? plan.contact : nil),
                to: request.id,
                in: WriteContext(actor: fromCustomer ? .system("email") : agent, now: at, settings: settings), on: tx)
        }
        let path: [RequestStatus] = plan.isOpen
            ? (plan.finalOpen == .waitingOnCustomer ? [.waitingOnCustomer] : [])
            : [.resolved, .closed]
        for status in path {
            at = at.addingTimeInterval(600)
            _ = try await RequestCommands.changeStatus(
                request.id, to: status, expectedVersion: nil, in: WriteContext(actor: agent, now: at, settings: settings), on: tx)
        }
        return plan.isOpen ? request.id : nil
    }

    static func fill(_ templates: [String], _ random: inout SeededRandom) -> String {
        templates[random.int(templates.count)]
            .replacingOccurrences(of: "{T}", with: String(format: "%02d:%02d", random.int(8, 18), random.int(60)))
            .replacingOccurrences(of: "{N}", with: String(random.int(100, 99_999)))
            .replacingOccurrences(of: "{W}", with: String(random.int(1, 5)))
            .replacingOccurrences(of: "{A}", with: "坐席\(random.int(50)) ")
    }

    /// No fsync and no journal while loading: a failed load is simply run again.
    func fast(_ db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("PRAGMA journal_mode=OFF").run()
        try await sql.raw("PRAGMA synchronous=OFF").run()
        try await sql.raw("PRAGMA cache_size=-2000000").run()
    }

    func transaction<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await db.withConnection { connection in
            let sql = connection.sql
            try await sql.raw("BEGIN").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func say(_ started: Date, _ message: String) {
        FileHandle.standardOutput.write(Data((String(format: "[%8.1fs] ", Date().timeIntervalSince(started)) + message + "\n").utf8))
    }
}
