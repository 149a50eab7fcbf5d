import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct MailCommands: AsyncCommandGroup {
    var help: String { "Mail: take in a message." }
    var commands: [String: any AnyAsyncCommand] { ["ingest": MailIngestCommand()] }
}

/// `liaison mail ingest [--mailbox ADDRESS]`: reads one message (RFC 5322) on standard input, for a mail server's
/// pipe (an alias such as `support: "|/usr/local/bin/liaison mail ingest --mailbox support@example.com"`), and
/// prints what became of it. It works while the server runs (the same database, the same writer rules). It exits
/// 0 whenever the message is stored, on a request or in quarantine, and non-zero only when it could not even be
/// stored, so that the mail server keeps it and tries again.
struct MailIngestCommand: LiaisonCommand {
    struct Signature: CommandSignature {
        @Option(name: "mailbox", help: "The mailbox (address or id) the message came in for; default: its recipients")
        var mailbox: String?
    }

    var help: String { "Takes in one message from standard input (RFC 5322, as received)." }

    func execute(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.migrateIfNeeded()
        let bytes = FileHandle.standardInput.readDataToEndOfFile()
        guard !bytes.isEmpty else { throw CommandFailure("no message on standard input", exitCode: 65) }
        let target: MailIngest.Target = signature.mailbox.map { .mailbox($0) } ?? .recipients
        let taken: MailIngest.Taken
        do {
            taken = try await MailIngest.take(Array(bytes), for: target, by: .system("mail ingest"), app: app)
        } catch {
            // EX_TEMPFAIL: the mail server keeps the message and tries again later.
            throw CommandFailure("the message could not be stored: \(error)", exitCode: 75)
        }
        var line = "\(taken.outcome.outcome)"
        if let request = taken.outcome.requestID { line += " request \(request.uuidString)" }
        if case .quarantined(let id, let reason) = taken.outcome { line += " quarantine \(id.uuidString) (\(reason.rawValue))" }
        context.console.print(line)
    }
}
