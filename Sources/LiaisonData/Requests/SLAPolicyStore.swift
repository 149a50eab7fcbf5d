import FluentKit
import Foundation
import LiaisonCore

final class SLAPolicyModel: Model, @unchecked Sendable {
    static let schema = "sla_policies"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "calendar_id") var calendarID: UUID
    @Field(key: "rules") var rules: String
    @Field(key: "fallback") var fallback: String
    @Field(key: "is_default") var isDefault: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The policy; stored JSON that does not decode is thrown (`JSONColumn.Undecodable`): requests must not be
    /// given made-up targets.
    var record: SLAPolicyRecord {
        get throws {
            SLAPolicyRecord(
                id: id!, name: name, calendarID: calendarID,
                policy: SLAPolicy(
                    rules: try JSONColumn.decode([SLARule].self, rules, column: "sla_policies.rules", row: id),
                    fallback: try JSONColumn.decode(
                        SLATargets.self, fallback, column: "sla_policies.fallback", row: id)),
                isDefault: isDefault, version: version, createdAt: createdAt, updatedAt: updatedAt)
        }
    }
}

public struct SLAPolicyRecord: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var calendarID: UUID
    public var policy: SLAPolicy
    public var isDefault: Bool
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
}

public enum SLAPolicyStore {
    public static func all(on db: any Database) async throws -> [SLAPolicyRecord] {
        try await SLAPolicyModel.query(on: db).sort(\.$name).all().map { try $0.record }
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> SLAPolicyRecord? {
        try await SLAPolicyModel.find(id, on: db)?.record
    }

    /// The default policy, created with the standard targets on the default calendar when there is none.
    public static func defaultPolicy(by actor: AuditActor, at now: Date, on tx: any Database) async throws
        -> SLAPolicyRecord
    {
        if let model = try await SLAPolicyModel.query(on: tx).filter(\.$isDefault == true).first() {
            return try model.record
        }
        let calendar = try await CalendarStore.defaultCalendar(by: actor, at: now, on: tx)
        return try await create(
            name: "标准服务时限 / Standard", calendarID: calendar.id, policy: .standard, isDefault: true, by: actor,
            at: now, on: tx)
    }

    public static func create(
        name: String, calendarID: UUID, policy: SLAPolicy, isDefault: Bool, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> SLAPolicyRecord {
        guard try await CalendarModel.find(calendarID, on: tx) != nil else {
            throw ValidationFailure([ValidationIssue("calendarId", "invalidReference")])
        }
        if isDefault {
            try await SLAPolicyModel.query(on: tx).filter(\.$isDefault == true).set(\.$isDefault, to: false).update()
        }
        let model = SLAPolicyModel()
        model.id = UUID()
        model.name = name
        model.calendarID = calendarID
        model.rules = JSONColumn.encode(policy.rules)
        model.fallback = JSONColumn.encode(policy.fallback)
        model.isDefault = isDefault
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("name", name)
        changes.set("rules", model.rules)
        changes.set("fallback", model.fallback)
        try await AuditLog.append(
            .slaPolicyCreated, recordType: .slaPolicy, recordID: model.id!.uuidString, changes: changes, by: actor,
            at: now, on: tx)
        return try model.record
    }

    public static func update(
        _ id: UUID, name: String, calendarID: UUID, policy: SLAPolicy, isDefault: Bool, expectedVersion: Int?,
        by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> SLAPolicyRecord {
        guard let model = try await SLAPolicyModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        guard try await CalendarModel.find(calendarID, on: tx) != nil else {
            throw ValidationFailure([ValidationIssue("calendarId", "invalidReference")])
        }
        if model.isDefault, !isDefault { throw DataError.conflict(reason: "keepOneDefaultPolicy") }
        if isDefault, !model.isDefault {
            try await SLAPolicyModel.query(on: tx).filter(\.$isDefault == true).set(\.$isDefault, to: false).update()
        }
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: name)
        changes.field("calendarId", from: model.calendarID.uuidString, to: calendarID.uuidString)
        changes.field("rules", from: model.rules, to: JSONColumn.encode(policy.rules))
        changes.field("fallback", from: model.fallback, to: JSONColumn.encode(policy.fallback))
        model.name = name
        model.calendarID = calendarID
        model.rules = JSONColumn.encode(policy.rules)
        model.fallback = JSONColumn.encode(policy.fallback)
        model.isDefault = isDefault
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await AuditLog.append(
            .slaPolicyUpdated, recordType: .slaPolicy, recordID: id.uuidString, changes: changes, by: actor, at: now,
            on: tx)
        return try model.record
    }
}
