import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Reads of progress reports, for a project the caller already found through `ProjectQueries.find` (need-to-know),
/// and the live data a draft is made from. A project sends one report a week or so: lists are read whole, newest
/// first, at most `limit`.
public enum ProgressReportQueries {
    public static let limit = 500

    public static func list(projectID: UUID, status: ProgressReportStatus? = nil, on db: any Database) async throws
        -> [ProgressReport]
    {
        var query = ProgressReportModel.query(on: db).filter(\.$projectID == projectID)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await query.sort(\.$number, .descending).limit(limit).all().map(\.value)
    }

    public static func report(_ id: UUID, projectID: UUID, on db: any Database) async throws -> ProgressReport? {
        try await ProgressReportModel.query(on: db).filter(\.$id == id).filter(\.$projectID == projectID).first()?
            .value
    }

    /// A sent report as a customer contact sees it in the portal: one of the contact's own customer's projects,
    /// sent to this contact, or to anyone of the customer when the contact sees the whole organisation.
    public static func forPortal(
        contactID: UUID, customerID: UUID, organisation: Bool, on db: any Database
    ) async throws -> [PortalReport] {
        let rows = try await db.sql.raw(
            """
            SELECT r.id, r.project_id, p.number AS project_number, p.name AS project_name
            FROM project_reports r JOIN projects p ON p.id = r.project_id
            WHERE p.customer_id = \(bind: customerID) AND r.status = \(bind: ProgressReportStatus.sent.rawValue)
            ORDER BY r.sent_at DESC LIMIT \(literal: limit)
            """
        ).all()
        var reports: [PortalReport] = []
        for row in rows {
            guard let model = try await ProgressReportModel.find(try row.uuid("id"), on: db) else { continue }
            let report = model.value
            guard organisation || report.recipients.contains(where: { $0.contactID == contactID }) else { continue }
            reports.append(
                PortalReport(
                    report: report, projectNumber: try row.decode(column: "project_number", as: Int.self),
                    projectName: try row.decode(column: "project_name", as: String.self)))
        }
        return reports
    }

    /// What the project teams told a contact's organisation of a risk or an issue (the latest word on each), for
    /// the portal: sent to this contact, or to anyone there when the contact sees the whole organisation.
    public static func portalMessages(
        contactID: UUID, customerID: UUID, organisation: Bool, on db: any Database
    ) async throws -> [PortalMessage] {
        let mine: SQLQueryString =
            organisation
            ? ""
            : """
             AND EXISTS (SELECT 1 FROM interaction_participants ip WHERE ip.interaction_id = x.id
                AND ip.contact_id = \(bind: contactID))
            """
        return try await db.sql.raw(
            """
            SELECT x.subject, x.body, x.occurred_at, p.number, p.name FROM interactions x
            JOIN (SELECT told_interaction_id AS interaction_id, project_id FROM project_risks
                    WHERE told_interaction_id IS NOT NULL
                  UNION SELECT told_interaction_id, project_id FROM project_issues
                    WHERE told_interaction_id IS NOT NULL) t ON t.interaction_id = x.id
            JOIN projects p ON p.id = t.project_id
            WHERE p.customer_id = \(bind: customerID)\(mine)
            ORDER BY x.occurred_at DESC LIMIT \(literal: limit)
            """
        ).all().map { row in
            PortalMessage(
                subject: try row.decode(column: "subject", as: String.self),
                body: try row.decode(column: "body", as: String.self),
                at: try row.decode(column: "occurred_at", as: Date.self),
                projectNumber: try row.decode(column: "number", as: Int.self),
                projectName: try row.decode(column: "name", as: String.self))
        }
    }

    /// Word of a risk or an issue as the portal shows it.
    public struct PortalMessage: Sendable, Equatable {
        public var subject: String
        public var body: String
        public var at: Date
        public var projectNumber: Int
        public var projectName: String
    }

    /// A sent report and the project it belongs to, for the portal.
    public struct PortalReport: Sendable, Equatable {
        public var report: ProgressReport
        public var projectNumber: Int
        public var projectName: String
    }

    /// The facts of `period` for a draft, read live: the project's tasks and milestones, its risks and issues, and
    /// the requests of its customer opened up to the period's end and not closed before its start.
    public static func draftFacts(
        projectID: UUID, customerID: UUID, period: ReportPeriod, zone: TimeZone, on db: any Database
    ) async throws -> ProgressReportFacts {
        let sql = db.sql
        let tasks = try await sql.raw(
            """
            SELECT t.id, t.name, t.due_on, t.status, t.done_at, u.name AS owner_name
            FROM project_tasks t LEFT JOIN users u ON u.id = t.owner_id
            WHERE t.project_id = \(bind: projectID)
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
            """
            SELECT name, date, reached FROM project_milestones WHERE project_id = \(bind: projectID)
            """
        ).all().compactMap { row -> ProgressReportDraft.MilestoneRecord? in
            guard let date = LocalDate(try row.decode(column: "date", as: String.self)) else { return nil }
            return .init(
                name: try row.decode(column: "name", as: String.self), date: date,
                reached: try row.decode(column: "reached", as: Bool.self))
        }
        let risks = try await RiskQueries.risks(projectID: projectID, on: db)
        let issues = try await RiskQueries.issues(projectID: projectID, on: db)
        let owners = Set(risks.compactMap(\.ownerID))
        var ownerNames: [UUID: String] = [:]
        if !owners.isEmpty {
            for row in try await sql.raw(
                "SELECT id, name FROM users WHERE id IN (\(binds: Array(owners)))"
            ).all() {
                ownerNames[try row.uuid("id")] = try row.decode(column: "name", as: String.self)
            }
        }
        let startInstant = period.start.start(in: zone)
        let endInstant = period.end.adding(days: 1).start(in: zone)
        let requests = try await sql.raw(
            """
            SELECT id, number, subject, status, created_at, resolved_at, breaches FROM requests
            WHERE customer_id = \(bind: customerID) AND created_at < \(bind: endInstant)
                AND merged_into_id IS NULL
                AND (status IN ('new', 'open', 'waitingOnCustomer') OR resolved_at IS NULL
                    OR resolved_at >= \(bind: startInstant))
            """
        ).all().map { row in
            ProgressReportDraft.RequestRecord(
                id: try row.uuid("id"), number: try row.decode(column: "number", as: Int64.self),
                subject: try row.decode(column: "subject", as: String.self),
                status: RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                createdAt: try row.decode(column: "created_at", as: Date.self),
                resolvedAt: try row.optional("resolved_at", Date.self),
                breached: (try row.decode(column: "breaches", as: String.self)) != "[]")
        }
        return ProgressReportDraft.facts(
            period: period, zone: zone, tasks: tasks, milestones: milestones, risks: risks, issues: issues,
            requests: requests, ownerNames: ownerNames)
    }
}
