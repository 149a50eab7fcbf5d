import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The communication-plan sweep: one pass over the rows and occurrences whose next check is due (an index on
/// `next_check_at` each, like the SLA sweep; no timer per row). A pass first creates the occurrences that come
/// into view (`advance`), then decides the open ones (`OccurrenceSweep.decide`): it reminds the owner once, the
/// reminder lead time ahead, and marks an occurrence not done by its due time `missed`, telling its owner and the
/// project's manager. Each occurrence is one row keyed by (row, due time), so a pass run twice, on two nodes or
/// after a pause creates nothing twice.
public enum CommunicationSweep {
    /// How far ahead the owner is reminded, and how far ahead occurrences are made (at least a week, so that the
    /// plan shows the next ones).
    public struct Timing: Sendable, Equatable {
        public var leadTime: TimeInterval

        public init(leadTime: TimeInterval) { self.leadTime = max(0, leadTime) }

        public var lookAhead: TimeInterval { max(leadTime, 7 * 86_400) }
    }

    public struct Result: Sendable, Equatable {
        public var rows = 0
        public var created = 0
        public var reminded = 0
        public var missed = 0
        /// Whether a batch limit was reached (the caller runs another pass).
        public var more = false

        public init() {}
    }

    /// The statuses in which a project's plan runs.
    static let running: Set<ProjectStatus> = [.planning, .active, .closing]

    /// One pass: at most `batch` rows and `batch` occurrences, in the caller's write.
    public static func run(timing: Timing, batch: Int = 500, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws -> Result
    {
        var result = Result()
        let rows = try await CommunicationPlanRowModel.query(on: tx).filter(\.$nextCheckAt <= now)
            .sort(\.$nextCheckAt).limit(batch).all()
        var projects: [UUID: Project] = [:]
        for row in rows {
            if projects[row.projectID] == nil {
                projects[row.projectID] = try await ProjectModel.find(row.projectID, on: tx)?.value
            }
            guard let project = projects[row.projectID] else { continue }
            result.created += try await advance(row, project: project, timing: timing, now: now, on: tx)
            result.rows += 1
        }
        let due = try await CommunicationOccurrenceModel.query(on: tx).filter(\.$nextCheckAt <= now)
            .sort(\.$nextCheckAt).limit(batch).all()
        var context = Notices(actor: actor, now: now)
        for occurrence in due {
            try await decide(occurrence, timing: timing, context: &context, result: &result, on: tx)
        }
        result.more = rows.count == batch || due.count == batch
        return result
    }

    /// Creates the row's occurrences that come into view by `now` and sets its next check; answers how many were
    /// created. A row of a project that is not running, or a removed row, is set aside (no next check).
    @discardableResult
    static func advance(
        _ row: CommunicationPlanRowModel, project: Project, timing: Timing, now: Date, on tx: any Database
    ) async throws -> Int {
        guard row.removedAt == nil, running.contains(project.status), let cadence = CommunicationCadence(row.cadence),
            let rowID = row.id
        else {
            if row.nextCheckAt != nil {
                row.nextCheckAt = nil
                try await row.update(on: tx)
            }
            return 0
        }
        let milestones = cadence.followsMilestones ? try await milestoneDays(row.projectID, on: tx) : []
        let limit = 100
        let dues = OccurrenceSweep.dueToCreate(
            cadence: cadence, after: row.lastDueAt ?? row.startsAt, now: now, lookAhead: timing.lookAhead,
            milestones: milestones, limit: limit)
        for due in dues {
            let decision = OccurrenceSweep.decide(
                due: due, state: .scheduled, reminded: false, leadTime: timing.leadTime, now: now)
            // A reminder or a miss already due is left to the occurrence step of a pass, which tells people.
            let check = decision.remind || decision.markMissed ? now : decision.nextCheck
            try await tx.sql.raw(
                """
                INSERT INTO communication_occurrences (id, row_id, project_id, owner_id, due_at, state, next_check_at,
                    version, created_at)
                VALUES (\(bind: UUID.timeOrdered(at: now)), \(bind: rowID), \(bind: row.projectID), \(bind: row.ownerID),
                    \(bind: due), \(bind: OccurrenceState.scheduled.rawValue), \(bind: check), 1, \(bind: now))
                ON CONFLICT (row_id, due_at) DO NOTHING
                """
            ).run()
        }
        if let last = dues.last { row.lastDueAt = last }
        row.nextCheckAt =
            dues.count == limit
            ? now
            : OccurrenceSweep.nextRowCheck(
                cadence: cadence, after: row.lastDueAt ?? row.startsAt, lookAhead: timing.lookAhead,
                milestones: milestones)
        try await row.update(on: tx)
        return dues.count
    }

    /// What one pass needs to tell people, loaded once per project.
    struct Notices {
        var actor: AuditActor
        var now: Date
        var projects: [UUID: Project?] = [:]
        var rows: [UUID: CommunicationPlanRowModel?] = [:]
    }

    static func decide(
        _ occurrence: CommunicationOccurrenceModel, timing: Timing, context: inout Notices, result: inout Result,
        on tx: any Database
    ) async throws {
        let now = context.now
        let decision = OccurrenceSweep.decide(
            due: occurrence.dueAt, state: occurrence.stateValue, reminded: occurrence.remindedAt != nil,
            leadTime: timing.leadTime, now: now)
        if context.projects[occurrence.projectID] == nil {
            context.projects[occurrence.projectID] = try await ProjectModel.find(occurrence.projectID, on: tx)?.value
        }
        if context.rows[occurrence.rowID] == nil {
            context.rows[occurrence.rowID] = try await CommunicationPlanRowModel.find(occurrence.rowID, on: tx)
        }
        let project = context.projects[occurrence.projectID] ?? nil
        let row = context.rows[occurrence.rowID] ?? nil
        guard let project, let row, let id = occurrence.id else { return }
        let values = [
            project.numberText + " " + project.name, row.content, row.topic ?? "",
            dueText(occurrence.dueAt, cadence: row.cadence),
        ]
        if decision.remind {
            try await NotificationStore.add(
                to: occurrence.ownerID, kind: .communicationDue, textKey: "notify.communicationDue", values: values,
                subject: .communicationPlan(project: project.id), about: project.customerID,
                dedupeKey: "communicationDue.\(id.idText)", at: now, on: tx)
            occurrence.remindedAt = now
            result.reminded += 1
        }
        if decision.markMissed {
            occurrence.state = OccurrenceState.missed.rawValue
            occurrence.missedAt = now
            var told = Set<UUID>()
            for person in [occurrence.ownerID, project.managerID].compactMap({ $0 }) where told.insert(person).inserted {
                try await NotificationStore.add(
                    to: person, kind: .communicationMissed, textKey: "notify.communicationMissed", values: values,
                    subject: .communicationPlan(project: project.id), about: project.customerID,
                    dedupeKey: "communicationMissed.\(id.idText)", at: now, on: tx)
            }
            var changes = AuditChanges()
            changes.field("state", from: OccurrenceState.scheduled.rawValue, to: OccurrenceState.missed.rawValue)
            changes.note("dueAt", DateText.rfc3339(occurrence.dueAt))
            changes.note("projectId", project.id.idText)
            try await AuditLog.append(
                .communicationMissed, recordType: .communicationPlan, recordID: occurrence.rowID.idText,
                changes: changes, by: context.actor, at: now, on: tx)
            result.missed += 1
        }
        occurrence.nextCheckAt = decision.nextCheck
        occurrence.version += 1
        try await occurrence.update(on: tx)
    }

    /// The due time as the row's own clock reads it: "2026-12-08 09:30 (Asia/Shanghai)".
    static func dueText(_ due: Date, cadence text: String) -> String {
        let zoneName = CommunicationCadence(text)?.timeZone ?? "UTC"
        let zone = TimeZone(identifier: zoneName) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: due)
        let day = LocalDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        return "\(day) \(time) (\(zoneName))"
    }

    /// The days of the project's milestones, earliest first.
    static func milestoneDays(_ projectID: UUID, on tx: any Database) async throws -> [LocalDate] {
        try await ProjectMilestoneModel.query(on: tx).filter(\.$projectID == projectID).sort(\.$date).all()
            .compactMap { LocalDate($0.date) }
    }
}
