import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The facts of a closure review, read from the project's records in plain SQL (one statement per kind of record,
/// each through the project's or the customer's index) and classified by `ClosureReviewFacts`.
public enum ProjectReviewFacts {
    /// The project's period: from its start day (or, without one, its creation) to now, or to its last change once
    /// it is closed.
    public static func period(of project: Project, now: Date, in zone: TimeZone) -> (start: Date, end: Date) {
        let start = project.startOn.map { ImprovementReminder.start(of: $0, in: zone) } ?? project.createdAt
        let end = project.status == .closed ? min(project.updatedAt, now) : now
        return (min(start, end), end)
    }

    /// The facts of `project` as they stand at `now`; days are told apart on `zone`'s clock.
    public static func facts(of project: Project, now: Date, in zone: TimeZone, on db: any Database) async throws
        -> ClosureReviewFacts
    {
        let (start, end) = period(of: project, now: now, in: zone)
        var facts = ClosureReviewFacts(periodStart: start, periodEnd: end, computedAt: now)
        let today = LocalDate.of(now, in: zone)
        let sql = db.sql
        let id = project.id

        for row in try await sql.raw(
            "SELECT status, due_on, done_at FROM project_tasks WHERE project_id = \(bind: id)"
        ).all() {
            let status = TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .notStarted
            let doneAt = try row.optional("done_at", Date.self)
            facts.addTask(
                status: status, due: try row.optional("due_on", String.self).flatMap(LocalDate.init),
                doneOn: doneAt.map { LocalDate.of($0, in: zone) }, today: today)
        }

        for row in try await sql.raw(
            "SELECT date, reached, reached_at FROM project_milestones WHERE project_id = \(bind: id)"
        ).all() {
            guard let date = LocalDate(try row.decode(column: "date", as: String.self)) else { continue }
            facts.addMilestone(
                date: date, reached: try row.decode(column: "reached", as: Bool.self),
                reachedOn: try row.optional("reached_at", Date.self).map { LocalDate.of($0, in: zone) }, today: today)
        }

        for row in try await sql.raw(
            """
            SELECT o.state, o.due_at, o.done_at, r.content FROM communication_occurrences o
            JOIN communication_plan_rows r ON r.id = o.row_id
            WHERE o.project_id = \(bind: id) AND o.due_at <= \(bind: now)
            """
        ).all() {
            facts.addOccurrence(
                state: OccurrenceState(rawValue: try row.decode(column: "state", as: String.self)) ?? .scheduled,
                due: try row.decode(column: "due_at", as: Date.self), doneAt: try row.optional("done_at", Date.self),
                isReport: try row.decode(column: "content", as: String.self)
                    == CommunicationContent.progressReport.rawValue)
        }

        // Change requests: raised (all but those withdrawn), approved and rejected by the customer.
        let changes = try await ChangeRequestQueries.summary(projectId: id, on: db)
        facts.changeRequests = .init(
            raised: changes.total - changes.count(.withdrawn), approved: changes.count(.approved),
            rejected: changes.count(.rejected))

        // Progress reports sent, and those that delivered the plan's occurrence by its due time.
        if let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n, SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time FROM project_reports
            WHERE project_id = \(bind: id) AND status = 'sent'
            """
        ).first() {
            facts.reports = .init(
                sent: try row.decode(column: "n", as: Int.self), sentOnTime: try row.optional("on_time", Int.self) ?? 0)
        }

        for row in try await sql.raw(
            """
            SELECT status, breaches FROM requests
            WHERE customer_id = \(bind: project.customerID) AND created_at >= \(bind: start)
                AND created_at <= \(bind: end) AND merged_into_id IS NULL
            """
        ).all() {
            let status = RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open
            let breached = try row.decode(column: "breaches", as: String.self) != "[]"
            facts.sla.requests += 1
            if breached {
                facts.sla.breached += 1
            } else if status.isOpen {
                facts.sla.open += 1
            } else {
                facts.sla.met += 1
            }
        }

        let ratings = try await sql.raw(
            """
            SELECT csat_score FROM requests
            WHERE customer_id = \(bind: project.customerID) AND csat_score IS NOT NULL
                AND csat_at >= \(bind: start) AND csat_at <= \(bind: end)
            """
        ).all().map { try $0.decode(column: "csat_score", as: Int.self) }
        facts.satisfaction.csatCount = ratings.count
        if !ratings.isEmpty {
            let average = Double(ratings.reduce(0, +)) / Double(ratings.count)
            facts.satisfaction.csatAverage = (average * 100).rounded() / 100
        }
        let answers = try await sql.raw(
            """
            SELECT score FROM nps_invitations
            WHERE customer_id = \(bind: project.customerID) AND score IS NOT NULL
                AND answered_at >= \(bind: start) AND answered_at <= \(bind: end)
            """
        ).all().map { try $0.decode(column: "score", as: Int.self) }
        let nps = NPSSummary(answers)
        facts.satisfaction.npsCount = nps.count
        facts.satisfaction.nps = nps.score

        for row in try await sql.raw("SELECT status FROM project_risks WHERE project_id = \(bind: id)").all() {
            facts.risks.risks += 1
            if try row.decode(column: "status", as: String.self) == RiskStatus.occurred.rawValue {
                facts.risks.occurred += 1
            }
        }
        for row in try await sql.raw("SELECT status FROM project_issues WHERE project_id = \(bind: id)").all() {
            let status = ProjectIssueStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open
            facts.risks.issues += 1
            if status.isOpen { facts.risks.issuesOpen += 1 } else { facts.risks.issuesResolved += 1 }
        }
        return facts
    }
}
