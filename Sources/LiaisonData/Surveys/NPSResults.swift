import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A campaign's results as one viewer may read them: answers of customers the viewer may not see are left out of
/// every count, group and comment.
public struct NPSResults: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        /// The tier's name, the customer's id, or the month answered (`2026-12`, UTC); "all" for the whole.
        public var key: String
        /// The customer's name for a customer; otherwise the key.
        public var name: String
        /// How many were asked; nil for a month (invitations have no month answered).
        public var invited: Int?
        public var summary: NPSSummary
        /// Average satisfaction (1–5) of the same customers' requests rated in the same period, and how many.
        public var csatAverage: Double?
        public var csatCount: Int

        public var answered: Int { summary.count }
        public var responseRate: Int? { invited.flatMap { NPSMath.responseRate(answered: answered, invited: $0) } }
    }

    public struct Comment: Sendable, Equatable {
        public var customerID: UUID
        public var customerName: String
        public var contactName: String
        public var score: Int
        public var comment: String
        public var answeredAt: Date
    }

    public var segment: NPSSegment
    public var overall: Group
    public var groups: [Group]
    public var comments: [Comment]
    /// The period CSAT is read over: from sending to closing (or now).
    public var periodStart: Date?
    public var periodEnd: Date
}

extension NPSResults {
    private struct AnswerRow: Decodable {
        @RowUUID var customer_id: UUID
        var customer_name: String
        var tier: String
        var contact_name: String
        var score: Int?
        var comment: String?
        var answered_at: Date?
    }

    private struct RatingRow: Decodable {
        @RowUUID var customer_id: UUID
        var csat_score: Int
        var csat_at: Date
    }

    /// The month of a moment in UTC, as `2026-12`.
    public static func month(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        let year = parts.year ?? 0
        let month = parts.month ?? 0
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    public static func load(
        _ survey: NPSSurvey, segment: NPSSegment, for viewer: CustomerViewer, at now: Date, on db: any Database
    ) async throws -> NPSResults {
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        let rows = try await db.sql.raw(
            """
            SELECT i.customer_id, k.name AS customer_name, k.tier, c.name AS contact_name, i.score, i.comment,
                i.answered_at
            FROM nps_invitations i JOIN customers k ON k.id = i.customer_id JOIN contacts c ON c.id = i.contact_id
            WHERE i.survey_id = \(bind: survey.id) AND k.deleted_at IS NULL AND \(visible)
            ORDER BY i.answered_at, i.id
            """
        ).all(decoding: AnswerRow.self)
        let start = survey.sentAt
        var end = now
        if let closes = survey.closesAt, closes < now { end = closes }
        var ratings: [RatingRow] = []
        let customers = Array(Set(rows.map(\.customer_id)))
        if let start, !customers.isEmpty {
            ratings = try await db.sql.raw(
                """
                SELECT r.customer_id, r.csat_score, r.csat_at FROM requests r
                WHERE r.customer_id IN (\(binds: customers)) AND r.csat_score IS NOT NULL
                    AND r.csat_at >= \(bind: start) AND r.csat_at <= \(bind: end)
                """
            ).all(decoding: RatingRow.self)
        }

        func key(_ row: AnswerRow, at date: Date?) -> String? {
            switch segment {
            case .tier: row.tier
            case .customer: row.customer_id.idText
            case .period: date.map(month(of:))
            }
        }
        var order: [String] = []
        var groups: [String: Group] = [:]
        var overall = Group(
            key: "all", name: "all", invited: rows.count, summary: NPSSummary(), csatAverage: nil, csatCount: 0)
        for row in rows {
            let score = row.answered_at == nil ? nil : row.score
            if let score { overall.summary.add(score) }
            let groupKey: String?
            switch segment {
            case .period: groupKey = score == nil ? nil : key(row, at: row.answered_at)
            default: groupKey = key(row, at: nil)
            }
            guard let groupKey else { continue }
            if groups[groupKey] == nil {
                order.append(groupKey)
                groups[groupKey] = Group(
                    key: groupKey, name: segment == .customer ? row.customer_name : groupKey,
                    invited: segment == .period ? nil : 0, summary: NPSSummary(), csatAverage: nil, csatCount: 0)
            }
            if segment != .period { groups[groupKey]?.invited? += 1 }
            if let score { groups[groupKey]?.summary.add(score) }
        }
        // Satisfaction of the same customers: the tier and customer of each rating's customer, its month.
        let tierOf = Dictionary(rows.map { ($0.customer_id, $0.tier) }, uniquingKeysWith: { first, _ in first })
        var sums: [String: (total: Int, count: Int)] = [:]
        var all = (total: 0, count: 0)
        for rating in ratings {
            all.total += rating.csat_score
            all.count += 1
            let groupKey: String? =
                switch segment {
                case .tier: tierOf[rating.customer_id]
                case .customer: rating.customer_id.idText
                case .period: month(of: rating.csat_at)
                }
            guard let groupKey, groups[groupKey] != nil else { continue }
            sums[groupKey, default: (0, 0)].total += rating.csat_score
            sums[groupKey, default: (0, 0)].count += 1
        }
        overall.csatCount = all.count
        overall.csatAverage = all.count == 0 ? nil : Double(all.total) / Double(all.count)
        for (groupKey, sum) in sums {
            groups[groupKey]?.csatCount = sum.count
            groups[groupKey]?.csatAverage = Double(sum.total) / Double(sum.count)
        }
        let sortedKeys: [String] =
            switch segment {
            case .tier:
                CustomerTier.allCases.map(\.rawValue).filter { groups[$0] != nil }
            case .customer:
                order  // rows come by time answered; customers keep the order of their names below
            case .period:
                order.sorted()
            }
        var list = sortedKeys.compactMap { groups[$0] }
        if segment == .customer {
            list.sort { ($0.name, $0.key) < ($1.name, $1.key) }
        }
        let comments = rows.compactMap { row -> Comment? in
            guard let comment = row.comment, let score = row.score, let at = row.answered_at else { return nil }
            return Comment(
                customerID: row.customer_id, customerName: row.customer_name, contactName: row.contact_name,
                score: score, comment: comment, answeredAt: at)
        }
        return NPSResults(
            segment: segment, overall: overall, groups: list, comments: comments, periodStart: start, periodEnd: end)
    }
}
