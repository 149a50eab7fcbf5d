import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Turns the audit trail into deliveries. Every write already appends its entry in its own transaction, so the
/// dispatcher costs writers nothing: it reads the entries after its cursor (a bounded batch), decides which
/// webhooks and robots each one concerns, and then, in one write, records those deliveries, queues a job for each
/// and moves the cursor. A delivery is unique per target and entry, so a run repeated (a crash before the cursor
/// moved, two nodes at once) adds nothing twice, and a restart skips nothing.
public enum HookDispatcher {
    public struct Planned: Sendable, Equatable {
        public var id: UUID
        public var targetKind: HookTargetKind
        public var targetID: UUID
        public var event: String
        public var auditID: Int64
        public var recordID: UUID?
    }

    public struct Plan: Sendable, Equatable {
        public var deliveries: [Planned]
        /// The last entry read: the cursor moves there.
        public var cursor: Int64
    }

    /// The job that sends one delivery; its payload is the delivery's id.
    public static let jobKind = "hook.deliver"

    /// Reads what is new since the cursor (outside any write); nil when there is nothing to record.
    public static func plan(on db: any Database, limit: Int = HookLimits.entriesPerRun) async throws -> Plan? {
        let webhooks = try await WebhookModel.query(on: db).filter(\.$active == true).all()
        let robots = try await ChatRobotModel.query(on: db).filter(\.$active == true).all()
        let sinces = webhooks.map(\.sinceAuditID) + robots.map(\.sinceAuditID)
        guard let earliest = sinces.min() else { return nil }
        let cursor = try await cursor(on: db)
        // Nothing before the oldest subscriber's creation concerns anyone.
        let start = max(cursor, earliest)
        let rows = try await db.sql.raw(
            """
            SELECT id, action, record_id, changes FROM audit_entries WHERE id > \(bind: start) ORDER BY id
            LIMIT \(bind: limit)
            """
        ).all()
        guard let last = try rows.last.map({ try $0.decode(column: "id", as: Int64.self) }) else {
            return start > cursor ? Plan(deliveries: [], cursor: start) : nil
        }
        var facts = Facts()
        var planned: [Planned] = []
        for row in rows {
            let action = try row.decode(column: "action", as: String.self)
            guard HookTrigger.actions.contains(action) else { continue }
            let auditID = try row.decode(column: "id", as: Int64.self)
            let recordID = try row.decode(column: "record_id", as: String?.self).flatMap(UUID.init(uuidString:))
            guard let recordID else { continue }
            let notes = Self.notes(try row.decode(column: "changes", as: String.self))
            let trigger = HookTrigger(action: action, visibility: notes["visibility"])
            let isCustomer = action.hasPrefix("customer.")
            if let event = trigger.webhookEvent {
                for webhook in webhooks where webhook.sinceAuditID < auditID && webhook.eventList.contains(event) {
                    let classification =
                        isCustomer
                        ? try await facts.customer(recordID, on: db)
                        : try await facts.request(recordID, on: db)?.classification
                    guard let classification,
                        classification <= (Classification(rawValue: webhook.maxClassification) ?? .public)
                    else { continue }
                    planned.append(
                        Planned(
                            id: UUID.timeOrdered(), targetKind: .webhook, targetID: webhook.id!, event: event.rawValue,
                            auditID: auditID, recordID: recordID))
                }
            }
            guard !isCustomer, !robots.isEmpty else { continue }
            var fromCustomer = false
            if action == AuditAction.messageAdded.rawValue,
                let message = notes["messageId"].flatMap(UUID.init(uuidString:))
            {
                fromCustomer = try await facts.fromCustomer(message, on: db)
            }
            guard let event = trigger.robotEvent(fromCustomer: fromCustomer),
                let queue = try await facts.request(recordID, on: db)?.queue
            else { continue }
            for robot in robots
            where robot.sinceAuditID < auditID && robot.departmentID == queue && robot.eventList.contains(event) {
                planned.append(
                    Planned(
                        id: UUID.timeOrdered(), targetKind: .robot, targetID: robot.id!, event: event.rawValue,
                        auditID: auditID, recordID: recordID))
            }
        }
        return Plan(deliveries: planned, cursor: last)
    }

    /// Inside a write: records the plan's deliveries that are not recorded yet, queues a job for each, and moves
    /// the cursor forward (never back). Returns how many deliveries were added.
    @discardableResult
    public static func record(_ plan: Plan, at now: Date, on tx: any Database) async throws -> Int {
        var added = 0
        for delivery in plan.deliveries {
            let inserted = try await tx.sql.insert(into: HookDeliveryModel.schema)
                .columns(
                    "id", "target_kind", "target_id", "event", "audit_id", "record_id", "status", "attempts",
                    "created_at", "updated_at"
                )
                .values(
                    SQLBind(delivery.id), SQLBind(delivery.targetKind.rawValue), SQLBind(delivery.targetID),
                    SQLBind(delivery.event), SQLBind(delivery.auditID), SQLBind(delivery.recordID),
                    SQLBind(HookDelivery.Status.pending.rawValue), SQLBind(0), SQLBind(now), SQLBind(now)
                )
                .ignoringConflicts(with: ["target_id", "audit_id"])
                .returning("id")
                .all()
            guard !inserted.isEmpty else { continue }
            try await JobQueue.enqueue(
                kind: jobKind, payload: delivery.id.idText, runAt: now, uniqueKey: delivery.id.idText,
                maxAttempts: HookLimits.attempts, now: now, on: tx)
            added += 1
        }
        try await tx.sql.raw(
            "UPDATE hook_cursor SET last_audit_id = \(bind: plan.cursor) WHERE id = 1 AND last_audit_id < \(bind: plan.cursor)"
        ).run()
        return added
    }

    /// The last audit entry the dispatcher has read.
    public static func cursor(on db: any Database) async throws -> Int64 {
        try await db.sql.raw("SELECT last_audit_id FROM hook_cursor WHERE id = 1").first()
            .map { try $0.decode(column: "last_audit_id", as: Int64.self) } ?? 0
    }

    /// An entry's notes (`{"notes": {"visibility": "public", …}}`); empty when it has none or does not decode.
    static func notes(_ changes: String) -> [String: String] {
        struct Body: Decodable { var notes: [String: String]? }
        return (try? JSONDecoder().decode(Body.self, from: Data(changes.utf8)))?.notes ?? [:]
    }

    /// What the entries of one run are about, each read once.
    private struct Facts {
        var requests: [UUID: (queue: UUID?, classification: Classification)?] = [:]
        var customers: [UUID: Classification?] = [:]
        var messages: [UUID: Bool] = [:]

        mutating func request(_ id: UUID, on db: any Database) async throws -> (
            queue: UUID?, classification: Classification
        )? {
            if let known = requests[id] { return known }
            let row = try await db.sql.raw(
                """
                SELECT r.queue_id, c.classification FROM requests r JOIN customers c ON c.id = r.customer_id
                WHERE r.id = \(bind: id) AND c.deleted_at IS NULL
                """
            ).first()
            let found = try row.map {
                (
                    queue: try $0.optionalUUID("queue_id"),
                    classification: Classification(rawValue: try $0.decode(column: "classification", as: String.self))
                        ?? .secret
                )
            }
            requests[id] = .some(found)
            return found
        }

        mutating func customer(_ id: UUID, on db: any Database) async throws -> Classification? {
            if let known = customers[id] { return known }
            let found = try await CustomerRow.classification(of: id, on: db)
            customers[id] = .some(found)
            return found
        }

        mutating func fromCustomer(_ message: UUID, on db: any Database) async throws -> Bool {
            if let known = messages[message] { return known }
            let row = try await db.sql.raw("SELECT contact_id FROM request_messages WHERE id = \(bind: message)")
                .first()
            let found = try row?.optionalUUID("contact_id") != nil
            messages[message] = found
            return found
        }
    }
}
