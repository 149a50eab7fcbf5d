import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The commitment sweep: one pass over the open commitments that need a look (`next_check_at` come, or due within
/// the reminder lead time and not yet reminded, for a lead time changed since they were written). It reminds the
/// owner once before the due time (`commitmentDue`) and, once the due time has passed, records the breach and tells
/// the owner, the department leads (of the request's queue, else of the owner's department) and, for a complaint,
/// the supervisors (`commitmentBreached`), as an SLA breach is escalated. Each once per commitment and due time
/// (the notification store's dedupe key); need-to-know is the store's.
public enum CommitmentSweep {
    public struct Result: Sendable, Equatable {
        public var checked = 0
        public var reminded = 0
        public var breached = 0
        /// Whether the batch was full (the caller runs another pass).
        public var more = false
        public init() {}
    }

    public static func run(
        batch: Int = 500, leadHours: Int, zone: TimeZone, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Result {
        var result = Result()
        let horizon = now.addingTimeInterval(Double(leadHours) * 3_600)
        let ids = try await tx.sql.raw(
            """
            SELECT m.id FROM commitments m
            WHERE m.status = 'open' AND ((m.next_check_at IS NOT NULL AND m.next_check_at <= \(bind: now))
                OR (m.due_at <= \(bind: horizon) AND m.reminded_at IS NULL AND m.breached_at IS NULL))
            ORDER BY m.due_at LIMIT \(literal: batch)
            """
        ).all().map { try $0.uuid("id") }
        let models = ids.isEmpty ? [] : try await CommitmentModel.query(on: tx).filter(\.$id ~~ ids).all()
        for model in models.sorted(by: { $0.dueAt < $1.dueAt }) {
            guard let id = model.id else { continue }
            result.checked += 1
            let decision = CommitmentReminder.decide(
                status: model.statusValue, dueAt: model.dueAt, leadHours: leadHours,
                reminded: model.remindedAt != nil, breached: model.breachedAt != nil, now: now)
            let due = DueText.format(model.dueAt, in: zone)
            let dueKey = DateText.rfc3339(model.dueAt)
            switch decision.notice {
            case .dueSoon:
                model.remindedAt = now
                result.reminded += 1
                try await NotificationStore.add(
                    to: model.ownerID, kind: .commitmentDue, textKey: "notify.commitmentDue",
                    values: [model.text, due], subject: .commitment(id), about: model.customerID,
                    dedupeKey: "commitmentDue.\(id.idText).\(dueKey)", at: now, on: tx)
                var changes = AuditChanges()
                changes.note("ownerId", model.ownerID.idText)
                changes.note("dueAt", dueKey)
                try await AuditLog.append(
                    .commitmentReminded, recordType: .commitment, recordID: id.idText, changes: changes, by: actor,
                    at: now, on: tx)
            case .breached:
                model.breachedAt = now
                result.breached += 1
                try await breach(model, due: due, dueKey: dueKey, by: actor, at: now, on: tx)
            case nil:
                break
            }
            model.schedule(leadHours: leadHours, now: now)
            // A notice just sent is not due again: the next check is the one after it.
            if model.nextCheckAt == now { model.nextCheckAt = nil }
            try await model.update(on: tx)
        }
        result.more = ids.count == batch
        return result
    }

    private static func breach(
        _ model: CommitmentModel, due: String, dueKey: String, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        guard let id = model.id else { return }
        let recipients = try await escalation(model, on: tx)
        let ownerName = try await UserModel.find(model.ownerID, on: tx)?.name ?? ""
        var notified = 0
        for person in recipients {
            let told = try await NotificationStore.add(
                to: person, kind: .commitmentBreached,
                textKey: person == model.ownerID ? "notify.commitmentBreached" : "notify.commitmentBreachedLead",
                values: [model.text, due, ownerName], subject: .commitment(id), about: model.customerID,
                dedupeKey: "commitmentBreached.\(id.idText).\(dueKey)", at: now, on: tx)
            if told { notified += 1 }
        }
        var changes = AuditChanges()
        changes.note("ownerId", model.ownerID.idText)
        changes.note("dueAt", dueKey)
        changes.note("notified", String(notified))
        if notified < recipients.count { changes.note("withheld", String(recipients.count - notified)) }
        try await AuditLog.append(
            .commitmentBreached, recordType: .commitment, recordID: id.idText, changes: changes, by: actor, at: now,
            on: tx)
    }

    /// Who hears of a breach: the owner; the department leads of the request's queue, else of the owner's
    /// department; the supervisors when the request is a complaint. The owner first, then by id.
    static func escalation(_ model: CommitmentModel, on tx: any Database) async throws -> [UUID] {
        var department: UUID?
        var complaint = false
        if let requestID = model.requestID,
            let row = try await tx.sql.raw("SELECT queue_id, kind FROM requests WHERE id = \(bind: requestID)").first()
        {
            department = try row.optionalUUID("queue_id")
            complaint = try row.decode(column: "kind", as: String.self) == RequestKind.complaint.rawValue
        }
        if department == nil {
            department = try await UserModel.find(model.ownerID, on: tx)?.$department.id
        }
        var others = Set<UUID>()
        if let department {
            others.formUnion(try await people(with: .departmentLead, department: department, on: tx))
        }
        if complaint { others.formUnion(try await people(with: .supervisor, department: nil, on: tx)) }
        others.remove(model.ownerID)
        return [model.ownerID] + others.sorted { $0.idText < $1.idText }
    }

    private static func people(with role: Role, department: UUID?, on tx: any Database) async throws -> [UUID] {
        var query = UserModel.query(on: tx).filter(\.$active == true)
            .join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
            .filter(UserRoleModel.self, \.$role == role.rawValue)
        if let department { query = query.filter(\.$department.$id == department) }
        return try await query.all().compactMap(\.id)
    }
}

/// A due time as notifications show it: the day and the time on the organisation's clock ("2026-06-01 10:00").
public enum DueText {
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
