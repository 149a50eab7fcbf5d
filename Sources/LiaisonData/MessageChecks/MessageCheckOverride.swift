import FluentKit
import Foundation
import LiaisonCore

/// A send that went ahead although the message check warned: who sent it (the write's actor), which findings they
/// overrode and why. Recorded in the audit trail in the transaction of the send itself.
public struct MessageCheckOverride: Sendable, Equatable {
    public struct Overridden: Sendable, Equatable {
        public var code: String
        public var excerpt: String

        public init(code: String, excerpt: String) {
            self.code = code
            self.excerpt = excerpt
        }
    }

    public var findings: [Overridden]
    public var reason: String

    public init(findings: [Overridden], reason: String) {
        self.findings = findings
        self.reason = reason
    }

    /// The findings listed in the entry, at most.
    static let listed = 20

    /// Appends the override to the audit trail, on the record the message was sent on.
    public func record(
        on recordType: AuditRecordType, id recordID: String, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        var changes = AuditChanges()
        changes.note("reason", reason)
        let shown = findings.prefix(Self.listed).map { "\($0.code): \($0.excerpt.prefix(80))" }
        changes.note("findings", shown.joined(separator: " | "))
        try await AuditLog.append(
            .messageCheckOverridden, recordType: recordType, recordID: recordID, changes: changes, by: actor, at: now,
            on: tx)
    }
}
