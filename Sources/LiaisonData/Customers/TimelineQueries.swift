import FluentKit
import FluentSQL
import Foundation
import LiaisonCore
import SQLKit

public struct TimelineFilter: Sendable, Equatable {
    public var channels: Set<Channel>
    public var from: Date?
    public var to: Date?

    public init(channels: Set<Channel> = [], from: Date? = nil, to: Date? = nil) {
        self.channels = channels
        self.from = from
        self.to = to
    }
}

public enum TimelineQueries {
    /// A customer's timeline, newest first, keyset-paged on (occurred_at, id) through one index.
    public static func forCustomer(
        _ customerID: UUID, filter: TimelineFilter, page: PageQuery, on db: any Database
    ) async throws -> CursorPage<TimelineEntry> {
        try await read(scope: "e.customer_id = \(bind: customerID)", join: "", filter: filter, page: page, on: db)
    }

    /// The entries a contact took part in, newest first.
    public static func forContact(
        _ contactID: UUID, filter: TimelineFilter, page: PageQuery, on db: any Database
    ) async throws -> CursorPage<TimelineEntry> {
        try await read(
            scope: "c.contact_id = \(bind: contactID)", join: "JOIN timeline_contacts c ON c.entry_id = e.id",
            filter: filter, page: page, on: db)
    }

    private static func read(
        scope: SQLQueryString, join: SQLQueryString, filter: TimelineFilter, page: PageQuery, on db: any Database
    ) async throws -> CursorPage<TimelineEntry> {
        var conditions: [SQLQueryString] = [scope]
        if !filter.channels.isEmpty {
            conditions.append("e.channel IN (\(binds: filter.channels.map(\.rawValue).sorted()))")
        }
        if let from = filter.from { conditions.append("e.occurred_at >= \(bind: from)") }
        if let to = filter.to { conditions.append("e.occurred_at < \(bind: to)") }
        if let after = page.after, let seconds = Double(after.key), let id = UUIDText.parse(after.id) {
            let date = Date(timeIntervalSince1970: seconds)
            conditions.append("(e.occurred_at < \(bind: date) OR (e.occurred_at = \(bind: date) AND e.id < \(bind: id)))")
        }
        let whereClause = conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
        let rows = try await db.sql.raw(
            """
            SELECT e.id, e.customer_id, e.kind, e.ref_id, e.occurred_at, e.channel, e.direction, e.title, e.excerpt,
                e.actor_label
            FROM timeline_entries e \(join) WHERE \(whereClause)
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT \(literal: page.limit + 1)
            """
        ).all(decoding: TimelineRow.self)
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit
            ? shown.last.map { Cursor(key: String($0.occurred_at.timeIntervalSince1970), id: $0.id.uuidString) } : nil
        return CursorPage(items: shown.map(\.value), nextCursor: next?.encoded)
    }
}

/// A timeline row decoded directly (pages are read often; a Fluent model per row costs reflection).
private struct TimelineRow: Decodable {
    @RowUUID var id: UUID
    @RowUUID var customer_id: UUID
    var kind: String
    @RowUUID var ref_id: UUID
    var occurred_at: Date
    var channel: String?
    var direction: String?
    var title: String
    var excerpt: String
    var actor_label: String

    var value: TimelineEntry {
        TimelineEntry(
            id: id, customerID: customer_id, kind: TimelineEntry.Kind(rawValue: kind) ?? .interaction, refID: ref_id,
            occurredAt: occurred_at, channel: channel.flatMap(Channel.init(rawValue:)),
            direction: direction.flatMap(Direction.init(rawValue:)), title: title, excerpt: excerpt,
            actorLabel: actor_label)
    }
}
