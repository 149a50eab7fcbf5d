import FluentKit
import Foundation
import LiaisonCore

/// Departments' chat robots, set up by administrators. Address and secret are sealed before they are stored and
/// never written to the audit trail (the entry names the address's host only).
public enum RobotCommands {
    public static func create(
        _ input: ValidRobot, secrets: SecretBox, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> ChatRobot {
        try await checkDepartment(input.departmentID, on: tx)
        guard let url = input.url else { throw ValidationFailure([ValidationIssue("url", "required")]) }
        let model = ChatRobotModel()
        model.id = UUID()
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        model.consecutiveFailures = 0
        model.active = input.active
        model.sinceAuditID = try await HookModels.trailEnd(on: tx)
        var changes = AuditChanges()
        apply(input, to: model, isNew: true, changes: &changes)
        model.url = try secrets.seal(url)
        model.urlHint = HookURL.hint(url)
        changes.set("url", model.urlHint)
        model.secret = try secret(input.secret, stored: nil, secrets: secrets, &changes)
        try await model.create(on: tx)
        try await AuditLog.append(
            .robotCreated, recordType: .robot, recordID: model.id!.idText, changes: changes, by: actor, at: now, on: tx)
        return model.robot
    }

    public static func update(
        id: UUID, with input: ValidRobot, expectedVersion: Int?, secrets: SecretBox, by actor: AuditActor,
        at now: Date, on tx: any Database
    ) async throws -> ChatRobot {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        if input.departmentID != model.departmentID { try await checkDepartment(input.departmentID, on: tx) }
        var changes = AuditChanges()
        let wasActive = model.active
        apply(input, to: model, isNew: false, changes: &changes)
        if let url = input.url {
            model.url = try secrets.seal(url)
            changes.field("url", from: model.urlHint, to: HookURL.hint(url) + " (changed)")
            model.urlHint = HookURL.hint(url)
        }
        model.secret = try secret(input.secret, stored: model.secret, secrets: secrets, &changes)
        if input.active != wasActive {
            changes.field("active", from: String(wasActive), to: String(input.active))
            if input.active {
                try await reenable(model, on: tx)
            } else {
                disable(model, reason: "byAdministrator", at: now)
            }
        }
        if !changes.isEmpty {
            model.version += 1
            model.updatedAt = now
            try await model.update(on: tx)
            try await AuditLog.append(
                .robotUpdated, recordType: .robot, recordID: id.idText, changes: changes, by: actor, at: now, on: tx)
        }
        return model.robot
    }

    public static func delete(id: UUID, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws
    {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        try await HookDeliveryModel.query(on: tx).filter(\.$targetID == id).delete()
        try await model.delete(on: tx)
        try await AuditLog.append(
            .robotDeleted, recordType: .robot, recordID: id.idText, changes: changes, by: actor, at: now, on: tx)
    }

    /// Switches a robot on (its failure count starts again from zero) or off.
    public static func setActive(
        id: UUID, _ active: Bool, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> ChatRobot {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        guard model.active != active else { return model.robot }
        var changes = AuditChanges()
        changes.field("active", from: String(model.active), to: String(active))
        if active { try await reenable(model, on: tx) } else { disable(model, reason: "byAdministrator", at: now) }
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await AuditLog.append(
            active ? .robotEnabled : .robotDisabled, recordType: .robot, recordID: id.idText, changes: changes,
            by: actor, at: now, on: tx)
        return model.robot
    }

    /// Switched on again: failures count afresh, and what happened while it was off is not sent.
    static func reenable(_ model: ChatRobotModel, on tx: any Database) async throws {
        model.sinceAuditID = try await HookModels.trailEnd(on: tx)
        model.active = true
        model.consecutiveFailures = 0
        model.disabledAt = nil
        model.disabledReason = nil
    }

    static func disable(_ model: ChatRobotModel, reason: String, at now: Date) {
        model.active = false
        model.disabledAt = now
        model.disabledReason = reason
    }

    static func find(_ id: UUID, expectedVersion: Int?, on tx: any Database) async throws -> ChatRobotModel {
        guard let model = try await ChatRobotModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    private static func apply(_ input: ValidRobot, to model: ChatRobotModel, isNew: Bool, changes: inout AuditChanges) {
        func field(_ name: String, _ old: String?, _ new: String) {
            if isNew { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        let events = HookModels.store(input.events)
        field("name", model.$name.value, input.name)
        field("departmentId", model.$departmentID.value?.idText, input.departmentID.idText)
        field("kind", model.$kind.value, input.kind.rawValue)
        field("events", model.$events.value, events)
        field("language", model.$language.value, input.language.rawValue)
        field("includeSubject", model.$includeSubject.value.map { String($0) }, String(input.includeSubject))
        if isNew { changes.set("active", String(input.active)) }
        model.name = input.name
        model.departmentID = input.departmentID
        model.kind = input.kind.rawValue
        model.events = events
        model.language = input.language.rawValue
        model.includeSubject = input.includeSubject
    }

    private static func secret(
        _ change: SecretChange, stored: String?, secrets: SecretBox, _ changes: inout AuditChanges
    ) throws -> String? {
        switch change {
        case .keep:
            return stored
        case .clear:
            if stored != nil { changes.set("secret", "removed") }
            return nil
        case .set(let text):
            changes.set("secret", stored == nil ? "set" : "changed")
            return try secrets.seal(text)
        }
    }

    private static func checkDepartment(_ id: UUID, on tx: any Database) async throws {
        guard try await DepartmentModel.find(id, on: tx) != nil else {
            throw ValidationFailure([ValidationIssue("departmentId", "invalidReference")])
        }
    }
}
