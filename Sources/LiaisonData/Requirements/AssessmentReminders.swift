import FluentKit
import Foundation
import LiaisonCore

/// Tells a department's leads about requirements handed to it that wait longer than the assessment period. Each
/// hand-off is told once: `requirements.reminded_at` is set with the notices, and the notices' dedupe key (the
/// requirement and the moment of its hand-off) makes a rerun, another node or a catch-up harmless. A requirement
/// handed off again starts a new period and may be told again.
public enum AssessmentReminders {
    public struct Result: Sendable, Equatable {
        public var examined = 0
        public var reminded = 0
        public var notices = 0

        public init() {}
    }

    /// One pass, in one write: every requirement under review, handed to a department and not yet reminded, whose
    /// period of `days` business days on `calendar` is over at `now`. A department without an active lead is
    /// looked at again on the next pass (a lead named later is told then).
    public static func run(
        days: Int, calendar: BusinessCalendar, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Result {
        var result = Result()
        let waiting = try await RequirementModel.query(on: tx)
            .filter(\.$status == RequirementStatus.inReview.rawValue)
            .filter(\.$remindedAt == nil)
            .filter(\.$handedOffAt != nil)
            .filter(\.$departmentID != nil)
            .sort(\.$handedOffAt).all()
        var leads: [UUID: [UUID]] = [:]
        for model in waiting {
            result.examined += 1
            guard let handedOff = model.handedOffAt, let department = model.departmentID, let id = model.id,
                AssessmentDeadline.isOverdue(handedOffAt: handedOff, days: days, calendar: calendar, at: now)
            else { continue }
            if leads[department] == nil { leads[department] = try await self.leads(of: department, on: tx) }
            let recipients = leads[department] ?? []
            guard !recipients.isEmpty else { continue }
            var told = 0
            for person in recipients {
                if try await NotificationStore.add(
                    to: person, kind: .assessmentDue, textKey: "notify.assessmentDue",
                    values: [model.title, String(days)], subject: .requirement(id), about: model.customerID,
                    dedupeKey: "assessmentDue.\(id.idText).\(Int(handedOff.timeIntervalSince1970))", at: now, on: tx)
                {
                    told += 1
                }
            }
            model.remindedAt = now
            try await model.update(on: tx)
            var changes = AuditChanges()
            changes.note("departmentId", department.idText)
            changes.note("notified", String(told))
            if told < recipients.count { changes.note("withheld", String(recipients.count - told)) }
            try await AuditLog.append(
                .requirementReminded, recordType: .requirement, recordID: id.idText, changes: changes, by: actor,
                at: now, on: tx)
            result.reminded += 1
            result.notices += told
        }
        return result
    }

    /// The active department leads who belong to the department.
    static func leads(of department: UUID, on tx: any Database) async throws -> [UUID] {
        try await UserModel.query(on: tx).filter(\.$active == true).filter(\.$department.$id == department)
            .join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
            .filter(UserRoleModel.self, \.$role == Role.departmentLead.rawValue).all().compactMap(\.id)
            .sorted { $0.idText < $1.idText }
    }
}
