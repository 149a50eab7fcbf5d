import FluentKit
import Foundation
import LiaisonCore

/// The message check's settings: which kinds of finding block a send, which warn and which are off
/// (`MessageCheckPolicy`), stored as one value beside the organisation's settings with its own version, every change
/// audited.
public enum MessageCheckSettingsStore {
    static let policyKey = "messageCheck.policy"
    static let versionKey = "messageCheck.version"

    public struct Stored: Sendable, Equatable {
        public var policy: MessageCheckPolicy
        public var version: Int
        public var updatedAt: Date?
    }

    public static func read(on db: any Database) async throws -> Stored {
        let rows = try await SettingModel.query(on: db).filter(\.$id ~~ [policyKey, versionKey]).all()
        let values = Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        let policy =
            values[policyKey].flatMap { try? JSONDecoder().decode(MessageCheckPolicy.self, from: Data($0.value.utf8)) }
            ?? .standard
        return Stored(
            policy: policy, version: Int(values[versionKey]?.value ?? "") ?? 0, updatedAt: values[versionKey]?.updatedAt)
    }

    /// Stores `policy`; refused when the settings' version is no longer `expectedVersion`. Returns what is stored.
    public static func update(
        to policy: MessageCheckPolicy, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Stored {
        let current = try await read(on: tx)
        if let expectedVersion, expectedVersion != current.version {
            throw DataError.staleVersion(current: current.version)
        }
        guard policy != current.policy else { return current }
        var changes = AuditChanges()
        for kind in MessageFindingKind.allCases {
            let before = describe(kind, in: current.policy)
            let after = describe(kind, in: policy)
            if before != after { changes.field(kind.rawValue, from: before, to: after) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await SettingsStore.store(policyKey, String(decoding: try encoder.encode(policy), as: UTF8.self), at: now, on: tx)
        let version = current.version + 1
        try await SettingsStore.store(versionKey, String(version), at: now, on: tx)
        try await AuditLog.append(
            .messageCheckSettingsUpdated, recordType: .settings, recordID: "messageCheck.policy", changes: changes,
            by: actor, at: now, on: tx)
        return Stored(policy: policy, version: version, updatedAt: now)
    }

    /// "block", "warn" or "off": how a kind is treated.
    public static func describe(_ kind: MessageFindingKind, in policy: MessageCheckPolicy) -> String {
        if policy.disabled.contains(kind) { return "off" }
        return (policy.severities[kind] ?? .warn).rawValue
    }
}
