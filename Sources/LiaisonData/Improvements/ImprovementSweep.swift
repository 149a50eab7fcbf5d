import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The improvement reminder sweep: one pass over the open actions whose `next_check_at` has come (an index), like
/// the communication sweep. It tells the owner once the day before the due day and once when the action is
/// overdue (`ImprovementReminder`), each notification deduplicated by the action and the notice, and sets the
/// next check; need-to-know is the notification store's (an owner who may no longer know the customer is not told).
public enum ImprovementSweep {
    public struct Result: Sendable, Equatable {
        public var checked = 0
        public var dueSoon = 0
        public var overdue = 0
        /// Whether the batch was full (the caller runs another pass).
        public var more = false
        public init() {}
    }

    public static func run(batch: Int = 500, zone: TimeZone, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws -> Result
    {
        var result = Result()
        let models = try await ImprovementActionModel.query(on: tx).filter(\.$nextCheckAt <= now)
            .sort(\.$nextCheckAt).limit(batch).all()
        for model in models {
            guard let id = model.id else { continue }
            result.checked += 1
            let decision = ImprovementReminder.decide(
                status: model.statusValue, dueOn: model.dueDay, remindedDueSoon: model.remindedAt != nil,
                remindedOverdue: model.overdueAt != nil, now: now, in: zone)
            if let notice = decision.notice {
                let values = [ImprovementNumber.format(model.number), model.title, model.dueOn]
                let kind: NotificationKind = notice == .dueSoon ? .improvementDue : .improvementOverdue
                try await NotificationStore.add(
                    to: model.ownerID, kind: kind, textKey: "notify.\(kind.rawValue)", values: values,
                    subject: .improvement(id), about: model.customerID,
                    dedupeKey: "\(kind.rawValue).\(id.idText).\(model.dueOn)", at: now, on: tx)
                if notice == .dueSoon {
                    model.remindedAt = now
                    result.dueSoon += 1
                } else {
                    model.overdueAt = now
                    result.overdue += 1
                }
                var changes = AuditChanges()
                changes.set("notice", notice.rawValue)
                changes.note("ownerId", model.ownerID.idText)
                changes.note("dueOn", model.dueOn)
                try await AuditLog.append(
                    .improvementReminded, recordType: .improvement, recordID: id.idText, changes: changes, by: actor,
                    at: now, on: tx)
            }
            ImprovementCommands.schedule(model, now: now, zone: zone)
            // A notice just sent is not due again: the next check is the one after it.
            if model.nextCheckAt == now { model.nextCheckAt = nil }
            try await model.update(on: tx)
        }
        result.more = models.count == batch
        return result
    }
}
