import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `liaison demo [--password P]`: loads a bilingual demo company so a newcomer sees a living system.
/// Loading twice adds nothing the second time.
struct DemoCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "password", help: "Password for every demo person (default: generated and printed)")
        var password: String?
    }

    var help: String {
        "Loads a demo company: departments, staff of every role, customers with contacts and history, and a service desk."
    }

    static let departments: [(code: String, name: String, nameEn: String)] = [
        ("MGT", "企业管理部", "Management Department"),
        ("SAL", "销售部", "Sales"),
        ("RND", "研发中心", "R&D Center"),
        ("PMO", "项目管理办公室", "Project Management Office"),
        ("SUP", "客户服务部", "Customer Support"),
        ("IT", "信息技术部", "IT"),
    ]

    static let people: [(name: String, email: String, roles: [Role], department: String, title: String, locale: AppLocale)] = [
        ("周敏", "zhou.min", [.supervisor], "MGT", "企业管理部经理", .zhHans),
        ("陈静", "chen.jing", [.supervisor], "MGT", "质量与合规专员", .zhHans),
        ("何雪", "he.xue", [.employee], "MGT", "行政助理", .zhHans),
        ("王磊", "wang.lei", [.departmentLead, .sales], "SAL", "销售总监", .zhHans),
        ("李娜", "li.na", [.sales], "SAL", "客户经理", .zhHans),
        ("Emily Carter", "emily.carter", [.sales], "SAL", "International Account Manager", .en),
        ("张伟", "zhang.wei", [.departmentLead, .engineer], "RND", "研发总监", .zhHans),
        ("刘洋", "liu.yang", [.engineer], "RND", "高级工程师", .zhHans),
        ("赵芳", "zhao.fang", [.engineer], "RND", "产品经理", .zhHans),
        ("孙浩", "sun.hao", [.departmentLead, .projectManager], "PMO", "项目管理办公室主任", .zhHans),
        ("杨帆", "yang.fan", [.projectManager], "PMO", "项目经理", .zhHans),
        ("黄丽", "huang.li", [.departmentLead, .agent], "SUP", "客服主管", .zhHans),
        ("吴昊", "wu.hao", [.agent], "SUP", "技术支持工程师", .zhHans),
        ("徐晨", "xu.chen", [.agent], "SUP", "客服专员", .zhHans),
        ("郭强", "guo.qiang", [.admin], "IT", "系统管理员", .zhHans),
    ]

    static let emailDomain = "demo.liaison.local"

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Bootstrap.prepareDatabase(app)
        let password = signature.password ?? app.context.effects.oneTimePassword()
        let issues = PasswordPolicy.issues(for: password)
        if !issues.isEmpty {
            throw CommandFailure(issues.map { app.context.catalog.message(for: $0, .en) }.joined(separator: "\n"))
        }
        // The demo company is loaded whole or not at all: never a few of its records beside ones already there.
        switch try await Self.presence(on: app.db) {
        case .absent: break
        case .loaded:
            context.console.print("The demo company is already loaded; nothing added.")
            return
        case .partly(let reason):
            throw CommandFailure(
                "Nothing loaded: \(reason). The demo company is loaded whole or not at all; load it into an empty "
                    + "data folder (LIAISON_DATA_DIR=… liaison demo) to explore it apart from your records.")
        }
        let hash = try await app.password.async.hash(password)
        let now = app.context.effects.clock.now()
        let actor = AuditActor.system("demo")
        let created = try await app.write { tx in
            var codes: [String: UUID] = [:]
            for department in try await DepartmentQueries.all(on: tx) {
                if let code = department.code { codes[code] = department.id }
            }
            for entry in Self.departments where codes[entry.code] == nil {
                let valid = try DepartmentInput(name: entry.name, nameEn: entry.nameEn, code: entry.code).validated()
                codes[entry.code] = try await DepartmentCommands.create(valid, by: actor, at: now, on: tx).id
            }
            var created = 0
            var ids: [String: UUID] = [:]
            for entry in Self.people {
                let email = "\(entry.email)@\(Self.emailDomain)"
                if let existing = try await PeopleQueries.signInRecord(email: email, on: tx) {
                    ids[entry.email] = existing.person.id
                    continue
                }
                let valid = try PersonInput(
                    email: email, name: entry.name, title: entry.title, phone: nil,
                    departmentID: codes[entry.department]?.uuidString, roles: entry.roles.map(\.rawValue),
                    locale: entry.locale.rawValue, timeZone: "Asia/Shanghai"
                ).validated()
                ids[entry.email] = try await PeopleCommands.create(
                    valid, passwordHash: hash, mustChangePassword: false, by: actor, at: now, on: tx
                ).id
                created += 1
            }
            let customers = try await DemoCustomers.load(people: ids, by: actor, at: now, on: tx)
            let requests = try await DemoRequests.load(people: ids, departments: codes, by: actor, at: now, on: tx)
            if created + customers + requests > 0 {
                var changes = AuditChanges()
                changes.note("people", String(created))
                changes.note("customers", String(customers))
                changes.note("requests", String(requests))
                try await AuditLog.append(
                    .demoLoaded, recordType: .system, recordID: nil, changes: changes, by: actor, at: now, on: tx)
            }
            return (created, customers, requests)
        }
        context.console.print(
            "Demo company loaded: \(Self.departments.count) departments, \(created.0) people, \(created.1) customers, \(created.2) requests.")
        context.console.print("Sign in as any of them, for example:")
        for entry in Self.people.prefix(15) {
            context.console.print("  \(entry.email)@\(Self.emailDomain)  \(entry.name)  \(entry.roles.map(\.rawValue).joined(separator: ","))")
        }
        context.console.print("Password for every demo person:")
        context.console.print(password)
    }

    enum Presence: Equatable {
        case absent
        case loaded
        case partly(String)
    }

    /// Whether the demo company is there: all of its people and customers, none of them, or some (or a record of
    /// the same name the demo would mix with).
    static func presence(on db: any Database) async throws -> Presence {
        let viewer = CustomerViewer(userID: UUID(), roles: [.admin])
        var people = 0
        for entry in Self.people where try await PeopleQueries.signInRecord(email: "\(entry.email)@\(emailDomain)", on: db) != nil {
            people += 1
        }
        var customers: [String] = []
        for name in DemoCustomers.names where try await CustomerQueries.findByName(name, for: viewer, on: db) != nil {
            customers.append(name)
        }
        if people == Self.people.count, customers.count == DemoCustomers.names.count { return .loaded }
        if people > 0 { return .partly("\(people) of the \(Self.people.count) demo people are already here") }
        if let name = customers.first { return .partly("a customer named \(name) already exists") }
        return .absent
    }
}
