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

    /// One pass: at most `batch` rows and `batch` occurrences, in the caller's write. Rows are read and written
    /// as plain rows (no model per row), their projects and milestones read once for the batch, and the
    /// occurrences made inserted several to a statement: a pass over tens of thousands of rows stays short.
    public static func run(timing: Timing, batch: Int = 500, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws -> Result
    {
        var result = Result()
        let rows = try await tx.sql.raw(
            """
            SELECT id, project_id, owner_id, cadence, starts_at, last_due_at, removed_at FROM communication_plan_rows
            WHERE next_check_at <= \(bind: now) ORDER BY next_check_at LIMIT \(literal: batch)
            """
        ).all().map(RowState.init)
        if !rows.isEmpty {
            let statuses = try await projectStatuses(Array(Set(rows.map(\.projectID))), on: tx)
            let milestoneProjects = Set(rows.filter { $0.cadence?.followsMilestones == true }.map(\.projectID))
            let milestones = try await milestoneDays(Array(milestoneProjects), on: tx)
            var made: [NewOccurrence] = []
            for row in rows {
                let runs = statuses[row.projectID].map(running.contains) ?? false
                let step = plan(row, running: runs, milestones: milestones[row.projectID] ?? [], timing: timing, now: now)
                made += step.dues.map {
                    NewOccurrence(rowID: row.id, projectID: row.projectID, ownerID: row.ownerID, due: $0.due, check: $0.check)
                }
                try await tx.sql.raw(
                    """
                    UPDATE communication_plan_rows SET last_due_at = \(bind: step.lastDue),
                        next_check_at = \(bind: step.nextCheck)
                    WHERE id = \(bind: row.id)
                    """
                ).run()
            }
            try await insert(made, at: now, on: tx)
            result.rows = rows.count
            result.created = made.count
        }
        let due = try await dueOccurrences(at: now, limit: batch, on: tx)
        for occurrence in due {
            try await decide(occurrence, timing: timing, actor: actor, now: now, result: &result, on: tx)
        }
        result.more = rows.count == batch || due.count == batch
        return result
    }

    /// A row as the sweep reads it.
    struct RowState {
        var id: UUID
        var projectID: UUID
        var ownerID: UUID
        /// nil when the stored text no longer reads as a cadence (the row is then set aside).
        var cadence: CommunicationCadence?
        var startsAt: Date
        var lastDueAt: Date?
        var removedAt: Date?

        init(_ row: any SQLRow) throws {
            id = try row.uuid("id")
            projectID = try row.uuid("project_id")
            ownerID = try row.uuid("owner_id")
            cadence = CommunicationCadence(try row.decode(column: "cadence", as: String.self))
            startsAt = try row.decode(column: "starts_at", as: Date.self)
            lastDueAt = try row.optional("last_due_at", Date.self)
            removedAt = try row.optional("removed_at", Date.self)
        }

        init(_ model: CommunicationPlanRowModel) {
            id = model.id ?? UUID()
            projectID = model.projectID
            ownerID = model.ownerID
            cadence = CommunicationCadence(model.cadence)
            startsAt = model.startsAt
            lastDueAt = model.lastDueAt
            removedAt = model.removedAt
        }
    }

    /// What a row's step does: the occurrences it makes (each with its first check), and where the row then stands.
    struct Step {
        var dues: [(due: Date, check: Date?)]
        var lastDue: Date?
        var nextCheck: Date?
    }

    /// The most occurrences one step makes for a row; the next pass carries on.
    static let perRowLimit = 100

    /// A row's step: the occurrences that come into view by `now` and its next check. A row of a project that is
    /// not running, a removed row, or one whose cadence no longer reads, is set aside (no next check).
    static func plan(_ row: RowState, running: Bool, milestones: [LocalDate], timing: Timing, now: Date) -> Step {
        guard row.removedAt == nil, running, let cadence = row.cadence else {
            return Step(dues: [], lastDue: row.lastDueAt, nextCheck: nil)
        }
        let dues = OccurrenceSweep.dueToCreate(
            cadence: cadence, after: row.lastDueAt ?? row.startsAt, now: now, lookAhead: timing.lookAhead,
            milestones: milestones, limit: perRowLimit)
        let made = dues.map { due -> (due: Date, check: Date?) in
            let decision = OccurrenceSweep.decide(
                due: due, state: .scheduled, reminded: false, leadTime: timing.leadTime, now: now)
            // A reminder or a miss already due is left to the occurrence step of a pass, which tells people.
            return (due, decision.remind || decision.markMissed ? now : decision.nextCheck)
        }
        let last = dues.last ?? row.lastDueAt
        let next =
            dues.count == perRowLimit
            ? now
            : OccurrenceSweep.nextRowCheck(
                cadence: cadence, after: last ?? row.startsAt, lookAhead: timing.lookAhead, milestones: milestones)
        return Step(dues: made, lastDue: last, nextCheck: next)
    }

    /// Brings one row's occurrences up to date in a write of its own (a row added or changed), as a pass would.
    @discardableResult
    static func advance(
        _ row: CommunicationPlanRowModel, project: Project, timing: Timing, now: Date, on tx: any Database
    ) async throws -> Int {
        let state = RowState(row)
        let milestones =
            state.cadence?.followsMilestones == true
            ? try await milestoneDays([row.projectID], on: tx)[row.projectID] ?? [] : []
        let step = plan(
            state, running: running.contains(project.status), milestones: milestones, timing: timing, now: now)
        try await insert(
            step.dues.map {
                NewOccurrence(rowID: state.id, projectID: row.projectID, ownerID: row.ownerID, due: $0.due, check: $0.check)
            }, at: now, on: tx)
        row.lastDueAt = step.lastDue
        row.nextCheckAt = step.nextCheck
        try await row.update(on: tx)
        return step.dues.count
    }

    struct NewOccurrence {
        var rowID: UUID
        var projectID: UUID
        var ownerID: UUID
        var due: Date
        var check: Date?
    }

    /// Inserts occurrences, fifty to a statement; one that exists already (same row and due time) is skipped.
    static func insert(_ occurrences: [NewOccurrence], at now: Date, on tx: any Database) async throws {
        for start in stride(from: 0, to: occurrences.count, by: 50) {
            let chunk = occurrences[start..<min(start + 50, occurrences.count)]
            let values: [SQLQueryString] = chunk.map {
                """
                (\(bind: UUID.timeOrdered(at: now)), \(bind: $0.rowID), \(bind: $0.projectID), \(bind: $0.ownerID),
                \(bind: $0.due), \(bind: OccurrenceState.scheduled.rawValue), \(bind: $0.check), 1, \(bind: now))
                """
            }
            try await tx.sql.raw(
                """
                INSERT INTO communication_occurrences (id, row_id, project_id, owner_id, due_at, state, next_check_at,
                    version, created_at)
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT (row_id, due_at) DO NOTHING
                """
            ).run()
        }
    }

    /// The statuses of these projects.
    static func projectStatuses(_ ids: [UUID], on tx: any Database) async throws -> [UUID: ProjectStatus] {
        var statuses: [UUID: ProjectStatus] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await tx.sql.raw("SELECT id, status FROM projects WHERE id IN (\(binds: chunk))").all() {
                statuses[try row.uuid("id")] = ProjectStatus(rawValue: try row.decode(column: "status", as: String.self))
            }
        }
        return statuses
    }

    /// An open occurrence as the sweep reads it, with what its notices say (one joined read per pass).
    struct DueOccurrence {
        var id: UUID
        var rowID: UUID
        var projectID: UUID
        var ownerID: UUID
        var dueAt: Date
        var state: OccurrenceState
        var remindedAt: Date?
        var content: String
        var topic: String?
        var cadence: String
        var projectLabel: String
        var customerID: UUID
        var managerID: UUID?

        init(_ row: any SQLRow) throws {
            id = try row.uuid("id")
            rowID = try row.uuid("row_id")
            projectID = try row.uuid("project_id")
            ownerID = try row.uuid("owner_id")
            dueAt = try row.decode(column: "due_at", as: Date.self)
            state = OccurrenceState(rawValue: try row.decode(column: "state", as: String.self)) ?? .scheduled
            remindedAt = try row.optional("reminded_at", Date.self)
            content = try row.decode(column: "content", as: String.self)
            topic = try row.optional("topic", String.self)
            cadence = try row.decode(column: "cadence", as: String.self)
            projectLabel =
                ProjectNumber.format(try row.decode(column: "number", as: Int.self)) + " "
                + (try row.decode(column: "name", as: String.self))
            customerID = try row.uuid("customer_id")
            managerID = try row.optionalUUID("manager_id")
        }
    }

    /// The open occurrences whose next check has come, at most `limit`.
    static func dueOccurrences(at now: Date, limit: Int, on tx: any Database) async throws -> [DueOccurrence] {
        try await tx.sql.raw(
            """
            SELECT o.id, o.row_id, o.project_id, o.owner_id, o.due_at, o.state, o.reminded_at, r.content, r.topic,
                r.cadence, p.number, p.name, p.customer_id, p.manager_id
            FROM communication_occurrences o JOIN communication_plan_rows r ON r.id = o.row_id
                JOIN projects p ON p.id = o.project_id
            WHERE o.next_check_at <= \(bind: now) ORDER BY o.next_check_at LIMIT \(literal: limit)
            """
        ).all().map(DueOccurrence.init)
    }

    /// Reminds, marks missed, and sets the occurrence's next check.
    static func decide(
        _ occurrence: DueOccurrence, timing: Timing, actor: AuditActor, now: Date, result: inout Result,
        on tx: any Database
    ) async throws {
        let decision = OccurrenceSweep.decide(
            due: occurrence.dueAt, state: occurrence.state, reminded: occurrence.remindedAt != nil,
            leadTime: timing.leadTime, now: now)
        let values = [
            occurrence.projectLabel, occurrence.content, occurrence.topic ?? "",
            dueText(occurrence.dueAt, cadence: occurrence.cadence),
        ]
        let id = occurrence.id
        if decision.remind {
            try await NotificationStore.add(
                to: occurrence.ownerID, kind: .communicationDue, textKey: "notify.communicationDue", values: values,
                subject: .communicationPlan(project: occurrence.projectID), about: occurrence.customerID,
                dedupeKey: "communicationDue.\(id.idText)", at: now, on: tx)
            result.reminded += 1
        }
        if decision.markMissed {
            var told = Set<UUID>()
            for person in [occurrence.ownerID, occurrence.managerID].compactMap({ $0 }) where told.insert(person).inserted {
                try await NotificationStore.add(
                    to: person, kind: .communicationMissed, textKey: "notify.communicationMissed", values: values,
                    subject: .communicationPlan(project: occurrence.projectID), about: occurrence.customerID,
                    dedupeKey: "communicationMissed.\(id.idText)", at: now, on: tx)
            }
            var changes = AuditChanges()
            changes.field("state", from: OccurrenceState.scheduled.rawValue, to: OccurrenceState.missed.rawValue)
            changes.note("dueAt", DateText.rfc3339(occurrence.dueAt))
            changes.note("projectId", occurrence.projectID.idText)
            try await AuditLog.append(
                .communicationMissed, recordType: .communicationPlan, recordID: occurrence.rowID.idText,
                changes: changes, by: actor, at: now, on: tx)
            result.missed += 1
        }
        let state = decision.markMissed ? OccurrenceState.missed.rawValue : occurrence.state.rawValue
        let reminded = decision.remind ? now : occurrence.remindedAt
        let missed: Date? = decision.markMissed ? now : nil
        try await tx.sql.raw(
            """
            UPDATE communication_occurrences SET state = \(bind: state), reminded_at = \(bind: reminded),
                missed_at = COALESCE(missed_at, \(bind: missed)), next_check_at = \(bind: decision.nextCheck),
                version = version + \(literal: decision.remind || decision.markMissed ? 1 : 0)
            WHERE id = \(bind: id)
            """
        ).run()
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

    /// The days of these projects' milestones, earliest first.
    static func milestoneDays(_ projectIDs: [UUID], on tx: any Database) async throws -> [UUID: [LocalDate]] {
        var days: [UUID: [LocalDate]] = [:]
        for start in stride(from: 0, to: projectIDs.count, by: 500) {
            let chunk = Array(projectIDs[start..<min(start + 500, projectIDs.count)])
            let rows = try await tx.sql.raw(
                "SELECT project_id, date FROM project_milestones WHERE project_id IN (\(binds: chunk)) ORDER BY date"
            ).all()
            for row in rows {
                guard let day = LocalDate(try row.decode(column: "date", as: String.self)) else { continue }
                days[try row.uuid("project_id"), default: []].append(day)
            }
        }
        return days
    }
}
