import Foundation
import Vapor

/// A command of the `liaison` program. A `CommandFailure` it throws is printed plainly to standard error and sets
/// the exit code, rather than surfacing as a logged error.
protocol LiaisonCommand: AsyncCommand {
    func execute(using context: CommandContext, signature: Signature) async throws
}

extension LiaisonCommand {
    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            try await execute(using: context, signature: signature)
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty {
                FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            }
            context.application.exitCode = failure.exitCode
        }
    }
}

/// A command that failed for a reason the person at the terminal can act on.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

extension Application {
    private struct ExitCodeKey: StorageKey {
        typealias Value = Int32
    }

    /// The exit status the program ends with once the command has run.
    var exitCode: Int32 {
        get { storage[ExitCodeKey.self] ?? 0 }
        set { storage[ExitCodeKey.self] = newValue }
    }
}
