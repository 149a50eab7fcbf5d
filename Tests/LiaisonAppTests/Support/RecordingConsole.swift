import Foundation
import Vapor

/// A console that keeps what commands print, for tests that run CLI commands in-process.
final class RecordingConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var userInfo: [AnySendableHashable: any Sendable] = [:]

    var size: (width: Int, height: Int) { (120, 40) }
    var text: String { lock.withLock { lines.joined() } }

    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) { lock.withLock { lines.append(text.description + (newLine ? "\n" : "")) } }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { lock.withLock { lines.append(error + (newLine ? "\n" : "")) } }
}

extension TestApp {
    /// Runs a `liaison` command with its options (`["--password", "…"]`) against this application and returns its output.
    func run(_ command: any AsyncCommand, _ arguments: [String]) async throws -> String {
        let console = RecordingConsole()
        var context = CommandContext(console: console, input: CommandInput(arguments: ["liaison"] + arguments))
        context.application = app
        try await command.run(using: &context)
        return console.text
    }
}
