import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `liaison token create --user EMAIL [--name N] [--expires-days D]`: prints the new token alone on the last line.
struct TokenCreateCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "user", help: "Email of the person the token acts for") var user: String?
        @Option(name: "name", help: "What the token is for (default: cli)") var name: String?
        @Option(name: "expires-days", help: "Days until the token expires (default: never)") var expiresDays: Int?
    }

    var help: String { "Creates a personal access token and prints it once." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.migrateIfNeeded()
        guard let email = signature.user, let record = try await PeopleQueries.signInRecord(email: email, on: app.db)
        else { throw CommandFailure("no person with email \(signature.user ?? "(missing --user)")") }
        guard record.person.active else { throw CommandFailure("\(record.person.email) is deactivated") }
        let now = app.context.effects.clock.now()
        let input: TokenIssuer.Input
        do {
            input = try TokenIssuer.validate(name: signature.name ?? "cli", expiresInDays: signature.expiresDays, now: now)
        } catch {
            throw CommandFailure(error.issues.map { "\($0.field): \(app.context.catalog.message(for: $0, .en))" }.joined(separator: "\n"))
        }
        let issued = try await TokenIssuer.issue(
            for: record.person.id, input, by: .system("cli"), now: now, effects: app.context.effects,
            writer: app.context.writer, db: app.db)
        context.console.print("Token \"\(issued.info.name)\" for \(record.person.email); it is shown only now:")
        context.console.print(issued.secret)
    }
}
