import Vapor

struct UserCommands: AsyncCommandGroup {
    var help: String { "Manage people." }
    var commands: [String: any AnyAsyncCommand] { ["create": UserCreateCommand()] }
}

struct TokenCommands: AsyncCommandGroup {
    var help: String { "Manage personal access tokens." }
    var commands: [String: any AnyAsyncCommand] { ["create": TokenCreateCommand()] }
}

struct AuditCommands: AsyncCommandGroup {
    var help: String { "Inspect the audit trail." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand()] }
}

struct SLACommands: AsyncCommandGroup {
    var help: String { "Service-level clocks." }
    var commands: [String: any AnyAsyncCommand] { ["sweep": SLASweepCommand()] }
}
