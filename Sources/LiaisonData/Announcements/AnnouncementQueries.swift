import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Reading announcements: for staff (every one, by status), for the public site and for one customer (published,
/// come and not expired, newest first, keyset-paged).
public enum AnnouncementQueries {
    public static func find(_ id: UUID, on db: any Database) async throws -> Announcement? {
        guard let model = try await AnnouncementModel.find(id, on: db) else { return nil }
        return model.announcement(customers: try await customers(of: id, on: db))
    }

    /// Staff's list, newest first; `status` narrows it.
    public static func list(
        status: AnnouncementStatus?, limit: Int, after cursor: Cursor?, on db: any Database
    ) async throws -> CursorPage<Announcement> {
        let query = AnnouncementModel.query(on: db)
        if let status { query.filter(\.$status == status.rawValue) }
        if let (date, id) = position(cursor) {
            query.group(.or) { group in
                group.filter(\.$createdAt < date)
                group.group(.and) { $0.filter(\.$createdAt == date).filter(\.$id < id) }
            }
        }
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        var items: [Announcement] = []
        for model in page {
            items.append(model.announcement(customers: try await customers(of: model.id ?? UUID(), on: db)))
        }
        let next = rows.count > limit ? page.last.map { cursorText($0.createdAt, $0.id) } : nil
        return CursorPage(items: items, nextCursor: next ?? nil)
    }

    /// The public announcements readers see at `now`, newest first.
    public static func publicList(at now: Date, limit: Int, after cursor: Cursor? = nil, on db: any Database)
        async throws -> CursorPage<PublishedAnnouncement>
    {
        try await visible(at: now, limit: limit, after: cursor, on: db) { query in
            query.filter(\.$audience == AnnouncementAudience.public.rawValue)
        }
    }

    /// One public announcement, when readers see it at `now`.
    public static func publicOne(_ id: UUID, at now: Date, on db: any Database) async throws -> PublishedAnnouncement? {
        guard let model = try await AnnouncementModel.find(id, on: db),
            model.audience == AnnouncementAudience.public.rawValue,
            AnnouncementRules.isVisible(
                status: AnnouncementStatus(rawValue: model.status) ?? .draft, publishedAt: model.publishedAt,
                expiresAt: model.expiresAt, at: now)
        else { return nil }
        return published(model)
    }

    /// The announcements a customer sees at `now` (in the portal): public ones, those for all customers, and those
    /// for its tier or for it by name; published, come and not expired; newest first, `limit` a page, continued
    /// from `cursor` (the page's `nextCursor`).
    ///
    /// One plain statement (a contact's portal shows the newest few on every visit to its requests).
    public static func forCustomer(
        _ customerID: UUID, tier: CustomerTier, at now: Date, limit: Int, after cursor: Cursor? = nil,
        on db: any Database
    ) async throws -> CursorPage<PublishedAnnouncement> {
        var conditions: [SQLQueryString] = [
            "a.status = \(bind: AnnouncementStatus.published.rawValue)",
            "a.published_at <= \(bind: now)",
            "(a.expires_at IS NULL OR a.expires_at > \(bind: now))",
            """
            (a.audience IN (\(bind: AnnouncementAudience.public.rawValue), \(bind: AnnouncementAudience.allCustomers.rawValue))
            OR (a.audience = \(bind: AnnouncementAudience.selected.rawValue) AND a.tiers LIKE \(bind: "%,\(tier.rawValue),%"))
            OR a.id IN (SELECT k.announcement_id FROM announcement_customers k WHERE k.customer_id = \(bind: customerID)))
            """,
        ]
        if let (date, id) = position(cursor) {
            conditions.append(
                "(a.published_at < \(bind: date) OR (a.published_at = \(bind: date) AND a.id < \(bind: id)))")
        }
        let rows = try await db.sql.raw(
            """
            SELECT a.id, a.kind, a.title_zh, a.title_en, a.body_zh, a.body_en, a.published_at, a.expires_at,
            a.updated_at FROM announcements a WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.published_at DESC, a.id DESC LIMIT \(literal: limit + 1)
            """
        ).all()
        let items = try rows.prefix(limit).map { row in
            PublishedAnnouncement(
                id: try row.uuid("id"),
                kind: AnnouncementKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .news,
                titleZh: try row.decode(column: "title_zh", as: String.self),
                titleEn: try row.decode(column: "title_en", as: String.self),
                bodyZh: try row.decode(column: "body_zh", as: String.self),
                bodyEn: try row.decode(column: "body_en", as: String.self),
                publishedAt: try row.decode(column: "published_at", as: Date.self),
                expiresAt: try row.optional("expires_at", Date.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
        let next = rows.count > limit ? items.last.flatMap { cursorText($0.publishedAt, $0.id) } : nil
        return CursorPage(items: items, nextCursor: next)
    }

    /// One announcement as a customer sees it at `now`, or nil when it does not.
    public static func forCustomer(
        _ id: UUID, customerID: UUID, tier: CustomerTier, at now: Date, on db: any Database
    ) async throws -> PublishedAnnouncement? {
        guard let model = try await AnnouncementModel.find(id, on: db),
            AnnouncementRules.isVisible(
                status: AnnouncementStatus(rawValue: model.status) ?? .draft, publishedAt: model.publishedAt,
                expiresAt: model.expiresAt, at: now)
        else { return nil }
        let audience = AnnouncementAudience(rawValue: model.audience) ?? .selected
        let chosen = try await customers(of: id, on: db)
        guard
            AnnouncementRules.reaches(
                audience: audience, tiers: model.tierList, customerIDs: chosen, customerID: customerID, tier: tier)
        else { return nil }
        return published(model)
    }

    /// Published announcements whose time has come and whose customers have not been mailed yet.
    public static func dueForMail(at now: Date, limit: Int = 100, on db: any Database) async throws -> [UUID] {
        try await AnnouncementModel.query(on: db)
            .filter(\.$status == AnnouncementStatus.published.rawValue)
            .filter(\.$notifiedAt == nil)
            .filter(\.$publishedAt <= now)
            .sort(\.$publishedAt).limit(limit).all().compactMap(\.id)
    }

    /// Which of these customers the viewer may know of (need-to-know): an announcement names only those to them.
    public static func knownCustomers(_ ids: [UUID], for viewer: CustomerViewer, on db: any Database)
        async throws -> Set<UUID>
    {
        guard !ids.isEmpty else { return [] }
        if viewer.seesEverything { return Set(ids) }
        struct Row: Decodable { var id: UUID }
        let visible = viewer.visibility(customerColumn: "c.id", classificationColumn: "c.classification")
        return Set(
            try await db.sql.raw(
                "SELECT c.id FROM customers c WHERE c.id IN (\(binds: Array(Set(ids)))) AND \(visible)"
            ).all(decoding: Row.self).map(\.id))
    }

    static func customers(of id: UUID, on db: any Database) async throws -> [UUID] {
        try await AnnouncementCustomerModel.query(on: db).filter(\.$id == id).sort(\.$customerID).all()
            .map(\.customerID)
    }

    private static func visible(
        at now: Date, limit: Int, after cursor: Cursor?, on db: any Database,
        audience: (QueryBuilder<AnnouncementModel>) -> Void
    ) async throws -> CursorPage<PublishedAnnouncement> {
        let query = AnnouncementModel.query(on: db)
            .filter(\.$status == AnnouncementStatus.published.rawValue)
            .filter(\.$publishedAt <= now)
            .group(.or) { $0.filter(\.$expiresAt == nil).filter(\.$expiresAt > now) }
        audience(query)
        if let (date, id) = position(cursor) {
            query.group(.or) { group in
                group.filter(\.$publishedAt < date)
                group.group(.and) { $0.filter(\.$publishedAt == date).filter(\.$id < id) }
            }
        }
        let rows = try await query.sort(\.$publishedAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.flatMap { model in model.publishedAt.map { cursorText($0, model.id) } } : nil
        return CursorPage(items: page.map(published), nextCursor: next ?? nil)
    }

    static func published(_ model: AnnouncementModel) -> PublishedAnnouncement {
        PublishedAnnouncement(
            id: model.id ?? UUID(), kind: AnnouncementKind(rawValue: model.kind) ?? .news, titleZh: model.titleZh,
            titleEn: model.titleEn, bodyZh: model.bodyZh, bodyEn: model.bodyEn,
            publishedAt: model.publishedAt ?? model.createdAt, expiresAt: model.expiresAt, updatedAt: model.updatedAt)
    }

    private static func cursorText(_ date: Date, _ id: UUID?) -> String? {
        guard let id else { return nil }
        // The time as stored, to the last digit: a rounded one would show the page's last item again, or skip one.
        return Cursor(key: String(date.timeIntervalSince1970), id: id.idText).encoded
    }

    private static func position(_ cursor: Cursor?) -> (Date, UUID)? {
        guard let cursor, let seconds = Double(cursor.key), seconds.isFinite, let id = UUIDText.parse(cursor.id)
        else { return nil }
        return (Date(timeIntervalSince1970: seconds), id)
    }
}
