import FluentKit
import Foundation
import LiaisonCore
import NIOConcurrencyHelpers
import SQLKit

/// The SLA policy and business calendar a request's clocks run on, as every request command needs them.
///
/// Calendars (with their holidays) and policies change rarely but are read on every write to a request, so they
/// are kept in memory and checked with one small query each time: the cached copy is used only while the stored
/// policy and calendar still carry the same versions, so a change made by another server is seen at once.
struct SLAContext: Sendable {
    var policyID: UUID
    var policy: SLAPolicy
    var calendar: BusinessCalendar

    private struct Key: Hashable, Sendable {
        var policyID: UUID
        var policyVersion: Int
        var calendarID: UUID
        var calendarVersion: Int
    }

    private struct Stamp {
        var policy_id: UUID
        var policy_version: Int
        var calendar_id: UUID
        var calendar_version: Int

        init(row: any SQLRow) throws {
            policy_id = try row.uuid("policy_id")
            policy_version = try row.decode(column: "policy_version", as: Int.self)
            calendar_id = try row.uuid("calendar_id")
            calendar_version = try row.decode(column: "calendar_version", as: Int.self)
        }
    }

    private static let cache = NIOLockedValueBox<[Key: SLAContext]>([:])

    /// The policy with this id, or the default one (created with the default calendar when there is none and
    /// `creatingDefault`; that creation writes, audited, so only a write's transaction may ask for it: read outside
    /// one, a missing default policy is `DataError.notFound`).
    static func load(
        policyID: UUID?, by actor: AuditActor, at now: Date, on db: any Database, creatingDefault: Bool = true
    ) async throws -> SLAContext {
        let condition: SQLQueryString = policyID.map { "p.id = \(bind: $0)" } ?? "p.is_default = \(bind: true)"
        let stamp = try await db.sql.raw(
            """
            SELECT p.id AS policy_id, p.version AS policy_version, c.id AS calendar_id, c.version AS calendar_version
            FROM sla_policies p JOIN calendars c ON c.id = p.calendar_id WHERE \(condition) LIMIT 1
            """
        ).first().map(Stamp.init(row:))
        guard let stamp else {
            if policyID != nil {
                return try await load(policyID: nil, by: actor, at: now, on: db, creatingDefault: creatingDefault)
            }
            guard creatingDefault else { throw DataError.notFound }
            let policy = try await SLAPolicyStore.defaultPolicy(by: actor, at: now, on: db)
            return try await fresh(policy, on: db)
        }
        let key = Key(
            policyID: stamp.policy_id, policyVersion: stamp.policy_version, calendarID: stamp.calendar_id,
            calendarVersion: stamp.calendar_version)
        if let cached = cache.withLockedValue({ $0[key] }) { return cached }
        guard let policy = try await SLAPolicyStore.find(stamp.policy_id, on: db) else { throw DataError.notFound }
        let context = try await fresh(policy, on: db)
        cache.withLockedValue { entries in
            // Old versions are never asked for again; a handful of live policies is all there is to keep.
            if entries.count > 64 { entries.removeAll() }
            entries[key] = context
        }
        return context
    }

    private static func fresh(_ policy: SLAPolicyRecord, on db: any Database) async throws -> SLAContext {
        guard let calendar = try await CalendarStore.find(policy.calendarID, on: db) else { throw DataError.notFound }
        return SLAContext(policyID: policy.id, policy: policy.policy, calendar: calendar.business)
    }
}
