import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The project dashboard's reads, for a project the caller already found through `ProjectQueries.find`
/// (need-to-know): the plan (tasks and milestones, read once), risks and issues, the communication plan's coming and
/// missed occurrences, the meetings to come, the reports sent, and the customer's satisfaction and open requests.
public enum ProjectDashboardQueries {
    public static func read(
        project: Project, today: LocalDate, zone: TimeZone, now: Date, on db: any Database
    ) async throws -> ProjectDashboard {
        let sql = db.sql
        let tasks = try await sql.raw(
            """
            SELECT t.id, t.name, t.due_on, t.status, t.done_at, u.name AS owner_name
            FROM project_tasks t LEFT JOIN users u ON u.id = t.owner_id
            WHERE t.project_id = \(bind: project.id)
            """
        ).all().map { row in
            ProgressReportDraft.TaskRecord(
                id: try row.uuid("id"), name: try row.decode(column: "name", as: String.self),
                ownerName: try row.optional("owner_name", String.self),
                dueOn: try row.optional("due_on", String.self).flatMap(LocalDate.init),
                status: TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .notStarted,
                doneAt: try row.optional("done_at", Date.self))
        }
        let milestones = try await sql.raw(
            "SELECT name, date, reached FROM project_milestones WHERE project_id = \(bind: project.id)"
        ).all().compactMap { row -> ProgressReportDraft.MilestoneRecord? in
            guard let date = LocalDate(try row.decode(column: "date", as: String.self)) else { return nil }
            return .init(
                name: try row.decode(column: "name", as: String.self), date: date,
                reached: try row.decode(column: "reached", as: Bool.self))
        }
        var board = ProjectDashboard.plan(
            tasks: tasks, milestones: milestones, today: today, zone: zone, start: project.startOn, end: project.endOn)
        for row in try await sql.raw(
            """
            SELECT probability, impact FROM project_risks
            WHERE project_id = \(bind: project.id) AND status IN ('open', 'mitigating')
            """
        ).all() {
            let score = RiskScore(
                probability: try row.decode(column: "probability", as: Int.self),
                impact: try row.decode(column: "impact", as: Int.self))
            board.risksByLevel[score.level.rawValue, default: 0] += 1
        }
        board.openIssues = try await count(
            sql, "SELECT COUNT(*) AS n FROM project_issues WHERE project_id = \(bind: project.id) AND status IN ('open', 'inProgress')")
        let horizon = now.addingTimeInterval(TimeInterval(ProjectDashboard.upcomingDays) * 86_400)
        board.upcoming = try await sql.raw(
            """
            SELECT o.id, o.due_at, r.content, r.topic, r.channel, u.name AS owner_name
            FROM communication_occurrences o JOIN communication_plan_rows r ON r.id = o.row_id
                LEFT JOIN users u ON u.id = o.owner_id
            WHERE o.project_id = \(bind: project.id) AND o.state = 'scheduled' AND o.due_at <= \(bind: horizon)
            ORDER BY o.due_at LIMIT \(literal: ProjectDashboard.maxLines)
            """
        ).all().map { row in
            ProjectDashboard.Upcoming(
                occurrenceId: try row.uuid("id"), dueAt: try row.decode(column: "due_at", as: Date.self),
                content: CommunicationContent(rawValue: try row.decode(column: "content", as: String.self)) ?? .other,
                topic: try row.optional("topic", String.self),
                channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .email,
                ownerName: try row.optional("owner_name", String.self))
        }
        board.meetings = try await sql.raw(
            """
            SELECT id, title, kind, starts_at FROM meetings
            WHERE project_id = \(bind: project.id) AND deleted_at IS NULL AND status = 'scheduled'
                AND starts_at >= \(bind: now) AND starts_at <= \(bind: horizon)
            ORDER BY starts_at LIMIT \(literal: ProjectDashboard.maxLines)
            """
        ).all().map { row in
            ProjectDashboard.MeetingLine(
                id: try row.uuid("id"), title: try row.decode(column: "title", as: String.self),
                kind: try row.decode(column: "kind", as: String.self),
                startsAt: try row.decode(column: "starts_at", as: Date.self))
        }
        board.communicationMissed = try await count(
            sql, "SELECT COUNT(*) AS n FROM communication_occurrences WHERE project_id = \(bind: project.id) AND state = 'missed'")
        if let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n, SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time, MAX(sent_at) AS last_sent
            FROM project_reports WHERE project_id = \(bind: project.id) AND status = 'sent'
            """
        ).first() {
            board.reportsSent = try row.decode(column: "n", as: Int.self)
            board.reportsOnTime = try row.optional("on_time", Int.self) ?? 0
            board.lastReportSentAt = try row.optional("last_sent", Date.self)
        }
        let since = now.addingTimeInterval(-90 * 86_400)
        if let row = try await sql.raw(
            """
            SELECT COUNT(csat_score) AS n, AVG(CAST(csat_score AS DOUBLE PRECISION)) AS average FROM requests
            WHERE customer_id = \(bind: project.customerID) AND csat_at >= \(bind: since)
            """
        ).first() {
            board.customer.csatCount = try row.decode(column: "n", as: Int.self)
            board.customer.csatAverage = board.customer.csatCount == 0 ? nil : try row.optional("average", Double.self)
        }
        if let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n, SUM(CASE WHEN breaches <> '[]' THEN 1 ELSE 0 END) AS breached FROM requests
            WHERE customer_id = \(bind: project.customerID) AND status IN ('new', 'open', 'waitingOnCustomer')
            """
        ).first() {
            board.customer.openRequests = try row.decode(column: "n", as: Int.self)
            board.customer.breachedRequests = try row.optional("breached", Int.self) ?? 0
        }
        return board
    }

    static func count(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Int {
        try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
