import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Who an announcement reaches by mail: the contacts of its audience's customers that have an email address and
/// have not refused email, in their preferred language (Chinese when they have none).
public enum AnnouncementRecipients {
    /// The audience's contacts. `viewer` keeps only the customers that person may know of (for lists shown to
    /// staff); nil reads them all (the count, the mailing).
    public static func list(
        audience: AnnouncementAudience, tiers: [CustomerTier], customerIDs: [UUID], viewer: CustomerViewer? = nil,
        on db: any Database
    ) async throws -> [AnnouncementRecipient] {
        let reach: SQLQueryString
        switch audience {
        case .public:
            return []
        case .allCustomers:
            reach = "1 = 1"
        case .selected:
            if tiers.isEmpty, customerIDs.isEmpty { return [] }
            var parts: [SQLQueryString] = []
            if !tiers.isEmpty { parts.append("c.tier IN (\(binds: tiers.map(\.rawValue)))") }
            if !customerIDs.isEmpty { parts.append("c.id IN (\(binds: customerIDs))") }
            reach = "(" + parts.joined(separator: " OR ") + ")"
        }
        let visible: SQLQueryString =
            viewer.map { $0.visibility(customerColumn: "c.id", classificationColumn: "c.classification") } ?? "1 = 1"
        struct Row: Decodable {
            var id: UUID
            var customer_id: UUID
            var name: String
            var emails: String
            var consent: String
            var preferred_language: String?
            var customer_name: String
        }
        let rows = try await db.costlyRead { db in
            try await db.sql.raw(
                """
                SELECT k.id, k.customer_id, k.name, k.emails, k.consent, k.preferred_language, c.name AS customer_name
                FROM contacts k JOIN customers c ON c.id = k.customer_id
                WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL AND \(reach) AND \(visible)
                ORDER BY c.sort_key, c.id, k.sort_key, k.id
                """
            ).all(decoding: Row.self)
        }
        return rows.compactMap { row in
            let emails = JSONColumn.decode([String].self, row.emails, default: [], column: "contacts.emails", row: row.id)
            let consent = JSONColumn.decode(
                [String: Bool].self, row.consent, default: [Channel.email.rawValue: false], column: "contacts.consent",
                row: row.id)
            guard consent[Channel.email.rawValue] ?? true, let email = emails.first(where: { !$0.isEmpty }) else {
                return nil
            }
            return AnnouncementRecipient(
                contactID: row.id, customerID: row.customer_id, contactName: row.name, customerName: row.customer_name,
                email: email, locale: row.preferred_language.flatMap(AppLocale.init(rawValue:)) ?? .zhHans)
        }
    }

    /// The mail already queued for an announcement, with each one's state; `viewer` as in `list`.
    public static func delivered(_ id: UUID, viewer: CustomerViewer? = nil, on db: any Database) async throws
        -> [AnnouncementRecipient]
    {
        let visible: SQLQueryString =
            viewer.map { $0.visibility(customerColumn: "c.id", classificationColumn: "c.classification") } ?? "1 = 1"
        struct Row: Decodable {
            var contact_id: UUID
            var customer_id: UUID
            var email: String
            var locale: String
            var status: String
            var name: String?
            var customer_name: String?
        }
        let rows = try await db.sql.raw(
            """
            SELECT d.contact_id, d.customer_id, d.email, d.locale, d.status, k.name, c.name AS customer_name
            FROM announcement_deliveries d LEFT JOIN contacts k ON k.id = d.contact_id
            LEFT JOIN customers c ON c.id = d.customer_id
            WHERE d.announcement_id = \(bind: id) AND \(visible)
            ORDER BY c.sort_key, d.customer_id, k.sort_key, d.contact_id
            """
        ).all(decoding: Row.self)
        return rows.map {
            AnnouncementRecipient(
                contactID: $0.contact_id, customerID: $0.customer_id, contactName: $0.name ?? "",
                customerName: $0.customer_name ?? "", email: $0.email, locale: AppLocale(rawValue: $0.locale) ?? .zhHans,
                status: $0.status)
        }
    }
}
