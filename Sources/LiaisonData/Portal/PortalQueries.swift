import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A signed-in contact as the portal sees it: its contact, its organisation and what it may see of it.
public struct PortalViewer: Sendable, Equatable {
    public var userID: UUID
    public var contactID: UUID
    public var contactName: String
    public var customerID: UUID
    public var customerName: String
    public var customerNameEn: String?
    public var tier: CustomerTier
    public var scope: PortalScope
}

/// Which of the viewer's requests a portal list shows.
public struct PortalRequestFilter: Sendable, Equatable {
    public enum State: String, CaseIterable, Sendable {
        /// New, open or waiting on the customer.
        case open
        /// Resolved or closed.
        case done
        case all
    }

    public var state: State
    /// Words of the subject, or a request number (R-000123, 123).
    public var text: String?

    public init(state: State = .all, text: String? = nil) {
        self.state = state
        self.text = text
    }
}

/// A message of a request as a contact reads it: public messages only, the author as a name.
public struct PortalMessage: Sendable, Equatable {
    public var id: UUID
    public var fromCustomer: Bool
    public var authorName: String?
    public var body: String
    public var createdAt: Date
    public var attachments: [Attachment]
}

/// What the portal reads: everything through the viewer's customer (and, for a contact that sees only its own,
/// its contact), so that another customer's ids find nothing.
public enum PortalQueries {
    /// The portal viewer of a signed-in person: nil for staff, and for a contact account whose contact or customer
    /// was deleted or that was closed.
    public static func viewer(for person: Person, on db: any Database) async throws -> PortalViewer? {
        guard person.active, person.roles.contains(.customer), let contactID = person.contactID else { return nil }
        guard let row = try await db.sql.raw(
            """
            SELECT c.customer_id, c.portal_scope, c.name AS contact_name, k.name AS customer_name,
                k.name_en AS customer_name_en, k.tier
            FROM contacts c JOIN customers k ON k.id = c.customer_id
            WHERE c.id = \(bind: contactID) AND c.deleted_at IS NULL AND k.deleted_at IS NULL
            """
        ).first() else { return nil }
        return PortalViewer(
            userID: person.id, contactID: contactID, contactName: try row.decode(column: "contact_name", as: String.self),
            customerID: try row.uuid("customer_id"),
            customerName: try row.decode(column: "customer_name", as: String.self),
            customerNameEn: try row.optional("customer_name_en", String.self),
            tier: CustomerTier(rawValue: try row.decode(column: "tier", as: String.self)) ?? .standard,
            scope: PortalScope(rawValue: try row.decode(column: "portal_scope", as: String.self)) ?? .own)
    }

    /// The condition that keeps a request row (`r`) to what the viewer may see.
    static func visible(to viewer: PortalViewer) -> SQLQueryString {
        switch viewer.scope {
        case .organisation: "r.customer_id = \(bind: viewer.customerID)"
        case .own: "r.customer_id = \(bind: viewer.customerID) AND r.contact_id = \(bind: viewer.contactID)"
        }
    }

    /// The viewer's requests, newest first, keyset-paged on (created, id).
    public static func requests(
        _ filter: PortalRequestFilter, page: PageQuery, for viewer: PortalViewer, on db: any Database
    ) async throws -> CursorPage<PortalRequest> {
        var conditions: [SQLQueryString] = [visible(to: viewer)]
        switch filter.state {
        case .open: conditions.append("r.status IN ('new', 'open', 'waitingOnCustomer')")
        case .done: conditions.append("r.status IN ('resolved', 'closed')")
        case .all: break
        }
        if let text = filter.text?.trimmedSpaces(), !text.isEmpty {
            if let number = RequestNumber.parse(text) ?? Int(text).flatMap({ $0 > 0 && $0 < Int(Int32.max) ? $0 : nil }) {
                conditions.append("r.number = \(bind: Int64(number))")
            } else {
                let like: SQLQueryString = Engine(db) == .postgres ? "ILIKE" : "LIKE"
                let pattern = "%" + LikePattern.escape(text.lowercased()) + "%"
                conditions.append("r.subject \(like) \(bind: pattern) ESCAPE '\\'")
            }
        }
        if let after = page.after, let seconds = Double(after.key), let id = UUIDText.parse(after.id) {
            conditions.append(
                "(r.created_at < \(bind: Date(timeIntervalSince1970: seconds)) OR (r.created_at = \(bind: Date(timeIntervalSince1970: seconds)) AND r.id < \(bind: id)))"
            )
        }
        let whereClause = conditions.map { "(\($0))" as SQLQueryString }.joined(separator: " AND ")
        let rows = try await db.sql.raw(
            """
            SELECT \(PortalRequest.columns) FROM requests r WHERE \(whereClause)
            ORDER BY r.created_at DESC, r.id DESC LIMIT \(literal: page.limit + 1)
            """
        ).all().map(PortalRequest.init(row:))
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit
            ? shown.last.map { Cursor(key: String($0.createdAt.timeIntervalSince1970), id: $0.id.uuidString) } : nil
        return CursorPage(items: shown, nextCursor: next?.encoded)
    }

    /// One of the viewer's requests by id; nil for anything else.
    public static func request(_ id: UUID, for viewer: PortalViewer, on db: any Database) async throws
        -> PortalRequest?
    {
        try await db.sql.raw(
            "SELECT \(PortalRequest.columns) FROM requests r WHERE r.id = \(bind: id) AND \(visible(to: viewer))"
        ).first().map(PortalRequest.init(row:))
    }

    /// One of the viewer's requests by its number; nil for anything else.
    public static func request(number: Int, for viewer: PortalViewer, on db: any Database) async throws
        -> PortalRequest?
    {
        try await db.sql.raw(
            "SELECT \(PortalRequest.columns) FROM requests r WHERE r.number = \(bind: Int64(number)) AND \(visible(to: viewer))"
        ).first().map(PortalRequest.init(row:))
    }

    /// A request's public messages, oldest first, with their files and their authors' names; internal notes never.
    /// Plain rows in two statements (the messages with their authors' names, then their files): a contact opens this page all day, and
    /// reading the messages and files as Fluent models cost more than the rest of it.
    public static func conversation(of requestID: UUID, on db: any Database) async throws -> [PortalMessage] {
        let rows = try await db.sql.raw(
            """
            SELECT m.id, m.author_id, m.contact_id, m.body, m.created_at, u.name AS staff_name, k.name AS contact_name
            FROM request_messages m LEFT JOIN users u ON u.id = m.author_id LEFT JOIN contacts k ON k.id = m.contact_id
            WHERE m.request_id = \(bind: requestID) AND m.visibility = \(bind: RequestMessage.Visibility.public.rawValue)
            ORDER BY m.created_at, m.id
            """
        ).all()
        var messages: [PortalMessage] = []
        messages.reserveCapacity(rows.count)
        for row in rows {
            let fromCustomer = try row.optionalUUID("author_id") == nil
            messages.append(
                PortalMessage(
                    id: try row.uuid("id"), fromCustomer: fromCustomer,
                    authorName: fromCustomer
                        ? try row.optional("contact_name", String.self) : try row.optional("staff_name", String.self),
                    body: try row.decode(column: "body", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self), attachments: []))
        }
        guard !messages.isEmpty else { return messages }
        let files = try await db.sql.raw(
            """
            SELECT id, sha256, size, mime, filename, customer_id, interaction_id, message_id, uploaded_by, created_at
            FROM attachments
            WHERE message_id IN (\(binds: messages.map(\.id))) ORDER BY created_at, id
            """
        ).all()
        var byMessage: [UUID: [Attachment]] = [:]
        for row in files {
            guard let message = try row.optionalUUID("message_id") else { continue }
            byMessage[message, default: []].append(
                Attachment(
                    id: try row.uuid("id"), sha256: try row.decode(column: "sha256", as: String.self),
                    size: Int(try row.decode(column: "size", as: Int64.self)),
                    mime: try row.decode(column: "mime", as: String.self),
                    filename: try row.decode(column: "filename", as: String.self),
                    customerID: try row.optionalUUID("customer_id"), interactionID: try row.optionalUUID("interaction_id"),
                    messageID: message, uploadedByID: try row.optionalUUID("uploaded_by"), createdAt: try row.decode(column: "created_at", as: Date.self)))
        }
        if !byMessage.isEmpty {
            for index in messages.indices { messages[index].attachments = byMessage[messages[index].id] ?? [] }
        }
        return messages
    }

    /// A file on a public message of one of the viewer's requests; nil for anything else (a file of another
    /// customer, of an internal note, of an interaction).
    public static func attachment(_ id: UUID, for viewer: PortalViewer, on db: any Database) async throws
        -> Attachment?
    {
        guard let model = try await AttachmentModel.find(id, on: db), let messageID = model.messageID,
            let message = try await RequestMessageModel.find(messageID, on: db),
            message.visibility == RequestMessage.Visibility.public.rawValue,
            try await request(message.requestID, for: viewer, on: db) != nil
        else { return nil }
        return model.value
    }
}
