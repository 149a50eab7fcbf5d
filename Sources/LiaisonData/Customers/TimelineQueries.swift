import FluentKit
import FluentSQL
import Foundation
import LiaisonCore
import SQLKit

public struct TimelineFilter: Sendable, Equatable {
    public var channels: Set<Channel>
    public var from: Date?
    public var to: Date?
    /// Kinds of entries left out: those of records the reader may not see (requirements without
    /// `requirementsView`).
    public var hiddenKinds: Set<TimelineEntry.Kind>

    public init(
        channels: Set<Channel> = [], from: Date? = nil, to: Date? = nil, hiddenKinds: Set<TimelineEntry.Kind> = []
    ) {
        self.channels = channels
        self.from = from
        self.to = to
        self.hiddenKinds = hiddenKinds
    }
}

public enum TimelineQueries {
    /// A customer's timeline, newest first, keyset-paged on (occurred_at, id): its entries and its requests'
    /// messages, each read through an index by customer and time.
    public static func forCustomer(
        _ customerID: UUID, filter: TimelineFilter, page: PageQuery, on db: any Database
    ) async throws -> CursorPage<TimelineEntry> {
        try await read(
            entries: ("e.customer_id = \(bind: customerID)", ""), messages: "m.customer_id = \(bind: customerID)",
            filter: filter, page: page, on: db)
    }

    /// The entries and request messages a contact took part in, newest first.
    public static func forContact(
        _ contactID: UUID, filter: TimelineFilter, page: PageQuery, on db: any Database
    ) async throws -> CursorPage<TimelineEntry> {
        try await read(
            entries: ("c.contact_id = \(bind: contactID)", "JOIN timeline_contacts c ON c.entry_id = e.id"),
            messages: "m.contact_id = \(bind: contactID)", filter: filter, page: page, on: db)
    }

    /// The newest `limit + 1` of each source after the cursor, merged: the page and whether there is more.
    private static func read(
        entries: (scope: SQLQueryString, join: SQLQueryString), messages scope: SQLQueryString, filter: TimelineFilter,
        page: PageQuery, on db: any Database
    ) async throws -> CursorPage<TimelineEntry> {
        let limit = page.limit + 1
        let entryRows = try await db.sql.raw(
            """
            SELECT e.id, e.customer_id, e.kind, e.ref_id, e.occurred_at, e.channel, e.direction, e.title, e.excerpt,
                e.actor_label
            FROM timeline_entries e \(entries.join)
            WHERE \(conditions(entries.scope, "e", "occurred_at", filter, page)) \(hidden(filter))
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT \(literal: limit)
            """
        ).all(decoding: TimelineRow.self).map(\.value)
        let messageRows = try await db.sql.raw(
            """
            SELECT m.id, m.customer_id, m.request_id, m.created_at, m.channel, m.visibility, m.contact_id, m.opening,
                r.number, r.subject, substr(m.body, 1, \(literal: excerptSource)) AS body,
                COALESCE(u.email, k.name, '') AS author
            FROM request_messages m JOIN requests r ON r.id = m.request_id
                LEFT JOIN users u ON u.id = m.author_id LEFT JOIN contacts k ON k.id = m.contact_id
            WHERE \(conditions(scope, "m", "created_at", filter, page))
            ORDER BY m.created_at DESC, m.id DESC LIMIT \(literal: limit)
            """
        ).all(decoding: MessageRow.self).map(\.value)
        let merged = (entryRows + messageRows).sorted {
            ($0.occurredAt, $0.id.uuidString) > ($1.occurredAt, $1.id.uuidString)
        }
        let shown = Array(merged.prefix(page.limit))
        let next = merged.count > page.limit
            ? shown.last.map { Cursor(key: String($0.occurredAt.timeIntervalSince1970), id: $0.id.uuidString) } : nil
        return CursorPage(items: shown, nextCursor: next?.encoded)
    }

    /// How much of a message's stored text is read for its excerpt: enough for `TimelineWriter.excerpt` of the
    /// plain text after Markdown's marks are taken out.
    static let excerptSource = 1200

    /// The condition that leaves out the entries of the filter's hidden kinds (only entries have kinds).
    private static func hidden(_ filter: TimelineFilter) -> SQLQueryString {
        guard !filter.hiddenKinds.isEmpty else { return "" }
        return "AND e.kind NOT IN (\(binds: filter.hiddenKinds.map(\.rawValue).sorted()))"
    }

    private static func conditions(
        _ scope: SQLQueryString, _ table: String, _ timeColumn: String, _ filter: TimelineFilter, _ page: PageQuery
    ) -> SQLQueryString {
        let time: SQLQueryString = "\(ident: table).\(ident: timeColumn)"
        let id: SQLQueryString = "\(ident: table).id"
        var conditions: [SQLQueryString] = [scope]
        if !filter.channels.isEmpty {
            conditions.append("\(ident: table).channel IN (\(binds: filter.channels.map(\.rawValue).sorted()))")
        }
        if let from = filter.from { conditions.append("\(time) >= \(bind: from)") }
        if let to = filter.to { conditions.append("\(time) < \(bind: to)") }
        if let after = page.after, let seconds = Double(after.key), let afterID = UUIDText.parse(after.id) {
            let date = Date(timeIntervalSince1970: seconds)
            conditions.append("(\(time) < \(bind: date) OR (\(time) = \(bind: date) AND \(id) < \(bind: afterID)))")
        }
        return conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
    }
}

/// A request message read as a timeline entry: the message that opened its request stands for the request, the
/// others for themselves; the title is the request's number and subject as they are now.
private struct MessageRow: Decodable {
    @RowUUID var id: UUID
    @RowUUID var customer_id: UUID
    @RowUUID var request_id: UUID
    var created_at: Date
    var channel: String
    var visibility: String
    @OptionalRowUUID var contact_id: UUID?
    var opening: Int
    var number: Int
    var subject: String
    var body: String
    var author: String

    var value: TimelineEntry {
        let direction: Direction =
            opening == 1 || contact_id != nil ? .inbound : visibility == RequestMessage.Visibility.public.rawValue
            ? .outbound : .internal
        return TimelineEntry(
            id: id, customerID: customer_id, kind: opening == 1 ? .request : .requestMessage, refID: request_id,
            occurredAt: created_at, channel: Channel(rawValue: channel), direction: direction,
            title: RequestNumber.format(number) + " " + subject,
            excerpt: TimelineWriter.excerpt(of: Markdown.plainText(body.trimmed())), actorLabel: author)
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
