import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Finds what calls for proactive contact, from live data: quiet customers (by their owner), requests waiting on
/// us past their response target (by their assignee), commitments due within a day (by their owner), and
/// communication-plan items due within two days (by their owner). The home page asks for one person's; the sweep
/// for everyone's, leaving out what was already sent in the period.
public enum NudgeFinder {
    /// How far ahead a commitment counts as due tomorrow, and a communication-plan item as coming due.
    public static let commitmentWindow: TimeInterval = 86_400
    public static let planWindow: TimeInterval = 2 * 86_400

    public static func find(
        for recipient: UUID?, settings: FollowUpSettings, now: Date, unsentOnly: Bool = false, limit: Int = 500,
        on db: any Database
    ) async throws -> [Nudge] {
        var found = try await quietCustomers(for: recipient, settings, now, unsentOnly, limit, on: db)
        found += try await waitingRequests(for: recipient, now, unsentOnly, limit, on: db)
        found += try await commitmentsDue(for: recipient, now, unsentOnly, limit, on: db)
        found += try await planItemsDue(for: recipient, now, unsentOnly, limit, on: db)
        return found
    }

    /// The period of a quiet customer: which span of `days` since the last contact it is in, so the owner is
    /// nudged again each further span the customer stays quiet.
    static func quietPeriod(lastContact: Date, days: Int, now: Date) -> String {
        let spans = Int(now.timeIntervalSince(lastContact) / (Double(days) * 86_400))
        return DateText.rfc3339(lastContact) + "/" + String(max(spans, 1))
    }

    private static func quietCustomers(
        for recipient: UUID?, _ settings: FollowUpSettings, _ now: Date, _ unsentOnly: Bool, _ limit: Int,
        on db: any Database
    ) async throws -> [Nudge] {
        let since: SQLQueryString = """
            CASE c.tier WHEN 'strategic' THEN \(bind: settings.quietSince(.strategic, now: now)) \
            WHEN 'key' THEN \(bind: settings.quietSince(.key, now: now)) \
            WHEN 'small' THEN \(bind: settings.quietSince(.small, now: now)) \
            ELSE \(bind: settings.quietSince(.standard, now: now)) END
            """
        var conditions: [SQLQueryString] = [
            "c.deleted_at IS NULL", "c.owner_id IS NOT NULL", "c.status IN ('prospect', 'active')",
            "c.created_at < \(since)",
            "NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND i.occurred_at >= \(since))",
            """
            NOT EXISTS (SELECT 1 FROM request_messages rm WHERE rm.customer_id = c.id \
            AND rm.visibility = 'public' AND rm.created_at >= \(since))
            """,
        ]
        if let recipient { conditions.append("c.owner_id = \(bind: recipient)") }
        if unsentOnly {
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM nudges n WHERE n.kind = 'customerQuiet' AND n.subject_id = c.id \
                AND n.created_at >= \(since))
                """)
        }
        let rows = try await db.sql.raw(
            """
            SELECT c.id, c.name, c.owner_id, c.tier, c.created_at,
                (SELECT MAX(i.occurred_at) FROM interactions i WHERE i.customer_id = c.id) AS last_interaction,
                (SELECT MAX(rm.created_at) FROM request_messages rm WHERE rm.customer_id = c.id
                    AND rm.visibility = 'public') AS last_message
            FROM customers c JOIN users u ON u.id = c.owner_id AND u.active = \(bind: true)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY c.last_activity_at, c.id LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            let id = try row.uuid("id")
            let tier = CustomerTier(rawValue: try row.decode(column: "tier", as: String.self)) ?? .standard
            let last =
                [
                    try row.optional("last_interaction", Date.self), try row.optional("last_message", Date.self),
                    try row.decode(column: "created_at", as: Date.self),
                ].compactMap { $0 }.max() ?? now
            return Nudge(
                kind: .customerQuiet, subjectID: id,
                periodKey: quietPeriod(lastContact: last, days: settings.days(for: tier), now: now),
                recipientID: try row.uuid("owner_id"), customerID: id,
                title: try row.decode(column: "name", as: String.self), since: last)
        }
    }

    private static func waitingRequests(
        for recipient: UUID?, _ now: Date, _ unsentOnly: Bool, _ limit: Int, on db: any Database
    ) async throws -> [Nudge] {
        let target: SQLQueryString =
            "CASE WHEN r.first_responded_at IS NULL THEN r.first_response_due_at ELSE r.next_response_due_at END"
        var conditions: [SQLQueryString] = [
            "r.status IN ('new', 'open')", "r.assignee_id IS NOT NULL", "r.merged_into_id IS NULL",
            "\(target) < \(bind: now)",
        ]
        if let recipient { conditions.append("r.assignee_id = \(bind: recipient)") }
        if unsentOnly {
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM nudges n WHERE n.kind = 'requestWaiting' AND n.subject_id = r.id \
                AND n.created_at >= \(target))
                """)
        }
        let rows = try await db.sql.raw(
            """
            SELECT r.id, r.number, r.subject, r.assignee_id, r.customer_id, \(target) AS target
            FROM requests r WHERE \(conditions.joined(separator: " AND "))
            ORDER BY target, r.id LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            let target = try row.decode(column: "target", as: Date.self)
            return Nudge(
                kind: .requestWaiting, subjectID: try row.uuid("id"), periodKey: DateText.rfc3339(target),
                recipientID: try row.uuid("assignee_id"), customerID: try row.optionalUUID("customer_id"),
                title: RequestNumber.format(try row.decode(column: "number", as: Int.self)) + " "
                    + (try row.decode(column: "subject", as: String.self)),
                since: target)
        }
    }

    private static func commitmentsDue(
        for recipient: UUID?, _ now: Date, _ unsentOnly: Bool, _ limit: Int, on db: any Database
    ) async throws -> [Nudge] {
        var conditions: [SQLQueryString] = [
            "m.status = 'open'", "m.due_at > \(bind: now)",
            "m.due_at <= \(bind: now.addingTimeInterval(commitmentWindow))",
        ]
        if let recipient { conditions.append("m.owner_id = \(bind: recipient)") }
        if unsentOnly {
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM nudges n WHERE n.kind = 'commitmentDueTomorrow' AND n.subject_id = m.id \
                AND n.created_at >= \(bind: now.addingTimeInterval(-commitmentWindow)))
                """)
        }
        let rows = try await db.sql.raw(
            """
            SELECT m.id, m.text, m.owner_id, m.customer_id, m.due_at FROM commitments m
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY m.due_at, m.id LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            let due = try row.decode(column: "due_at", as: Date.self)
            return Nudge(
                kind: .commitmentDueTomorrow, subjectID: try row.uuid("id"), periodKey: DateText.rfc3339(due),
                recipientID: try row.uuid("owner_id"), customerID: try row.optionalUUID("customer_id"),
                title: try row.decode(column: "text", as: String.self), since: due)
        }
    }

    private static func planItemsDue(
        for recipient: UUID?, _ now: Date, _ unsentOnly: Bool, _ limit: Int, on db: any Database
    ) async throws -> [Nudge] {
        var conditions: [SQLQueryString] = [
            "o.state = 'scheduled'", "o.due_at > \(bind: now)",
            "o.due_at <= \(bind: now.addingTimeInterval(planWindow))",
        ]
        if let recipient { conditions.append("o.owner_id = \(bind: recipient)") }
        if unsentOnly {
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM nudges n WHERE n.kind = 'planOccurrenceDue' AND n.subject_id = o.id \
                AND n.created_at >= \(bind: now.addingTimeInterval(-planWindow)))
                """)
        }
        let rows = try await db.sql.raw(
            """
            SELECT o.id, o.owner_id, o.due_at, o.project_id, p.customer_id, p.number, p.name
            FROM communication_occurrences o JOIN projects p ON p.id = o.project_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY o.due_at, o.id LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            let due = try row.decode(column: "due_at", as: Date.self)
            return Nudge(
                kind: .planOccurrenceDue, subjectID: try row.uuid("id"), periodKey: DateText.rfc3339(due),
                recipientID: try row.uuid("owner_id"), customerID: try row.optionalUUID("customer_id"),
                title: ProjectNumber.format(try row.decode(column: "number", as: Int.self)) + " "
                    + (try row.decode(column: "name", as: String.self)),
                since: due, projectID: try row.uuid("project_id"))
        }
    }
}
