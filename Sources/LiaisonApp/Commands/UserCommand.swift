import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `liaison user create --email E --name N --role admin[,sales] [--password P] [--department CODE]`.
/// Without `--password` the password is read from standard input; when that is empty, a one-time password is
/// generated and printed.
struct UserCreateCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email address (sign-in name)") var email: String?
        @Option(name: "name", help: "Full name, e.g. 张伟 or Wei Zhang") var name: String?
        @Option(name: "role", help: "Role(s), comma-separated: admin, supervisor, departmentLead, projectManager, sales, engineer, agent, employee")
        var role: String?
        @Option(name: "password", help: "Password; omit to read it from standard input") var password: String?
        @Option(name: "department", help: "Department code") var department: String?
        @Option(name: "locale", help: "zh-Hans or en") var locale: String?
    }

    var help: String { "Creates a person." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.migrateIfNeeded()
        var departmentID: String?
        if let code = signature.department {
            guard let department = try await DepartmentQueries.all(on: app.db).first(where: { $0.code == code.uppercased() })
            else { throw CommandFailure("no department with code \(code)") }
            departmentID = department.id.uuidString
        }
        let roles = (signature.role ?? "").split(separator: ",").map { $0.trimmedSpaces() }
        let input = PersonInput(
            email: signature.email, name: signature.name, departmentID: departmentID, roles: roles,
            locale: signature.locale, timeZone: app.context.config.defaultTimeZone)
        let valid: ValidPerson
        do {
            valid = try input.validated()
        } catch {
            throw CommandFailure(error.issues.map { "--\($0.field == "roles" ? "role" : $0.field): \(app.context.catalog.message(for: $0, .en))" }.joined(separator: "\n"))
        }
        var password = signature.password ?? readLine(strippingNewline: true) ?? ""
        var oneTime = false
        if password.isEmpty {
            password = app.context.effects.oneTimePassword()
            oneTime = true
        } else {
            let issues = PasswordPolicy.issues(for: password, email: valid.email.value)
            if !issues.isEmpty {
                throw CommandFailure(issues.map { "password: \(app.context.catalog.message(for: $0, .en))" }.joined(separator: "\n"))
            }
        }
        let hash = try await app.password.async.hash(password)
        let now = app.context.effects.clock.now()
        let mustChange = oneTime
        let person: Person
        do {
            person = try await app.write { tx in
                try await PeopleCommands.create(
                    valid, passwordHash: hash, mustChangePassword: mustChange, by: .system("cli"), at: now, on: tx)
            }
        } catch let failure as ValidationFailure {
            throw CommandFailure(failure.issues.map { "\($0.field): \(app.context.catalog.message(for: $0, .en))" }.joined(separator: "\n"))
        }
        context.console.print("Created \(person.email) (\(person.roles.sorted().map(\.rawValue).joined(separator: ","))) id=\(person.id)")
        if oneTime {
            context.console.print("One-time password (must be changed at first sign-in):")
            context.console.print(password)
        }
    }
}
