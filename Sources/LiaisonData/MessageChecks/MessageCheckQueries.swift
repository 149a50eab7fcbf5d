import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// What a message check needs to know besides the text: who the message is for (the customer's names, its contacts'
/// names and addresses, the contact's language), what of the request must not reach them (its internal notes) and
/// what the customer last asked; and, for the confidentiality check, every other customer's and contact's name.
public enum MessageCheckQueries {
    /// The facts about the customer (and contact, and request) a message is addressed to.
    public struct Addressee: Sendable, Equatable {
        public var customerID: UUID?
        /// The customer's name and its contacts' names: never "another customer".
        public var names: [String] = []
        /// The customer's contacts (a message for one of them must name one of these).
        public var contactIDs: [UUID] = []
        /// The contacts' addresses, and the domains of those that are not free mail services.
        public var addresses: [String] = []
        public var domains: [String] = []
        /// The contact's preferred language, when the message is for one contact who states it.
        public var language: AppLocale?
        public var internalNotes: [String] = []
        public var lastCustomerMessage: String?

        public init() {}
    }

    /// The internal notes of a request read, newest first.
    public static let notesRead = 50

    /// The addressee of a reply on a request already found: its customer and contact, its internal notes and the
    /// customer's last message on it.
    public static func addressee(request requestID: UUID, customer: UUID?, contact: UUID?, on db: any Database)
        async throws -> Addressee
    {
        let sql = db.sql
        var found = try await addressee(customer: customer, contact: contact, on: db)
        let notes = try await sql.raw(
            """
            SELECT body FROM request_messages WHERE request_id = \(bind: requestID) AND visibility = 'internal'
            ORDER BY created_at DESC LIMIT \(literal: notesRead)
            """
        ).all()
        found.internalNotes = try notes.map { try $0.decode(column: "body", as: String.self) }
        let last = try await sql.raw(
            """
            SELECT body FROM request_messages WHERE request_id = \(bind: requestID) AND visibility = 'public'
            AND author_id IS NULL ORDER BY created_at DESC LIMIT 1
            """
        ).first()
        found.lastCustomerMessage = try last?.decode(column: "body", as: String.self)
        return found
    }

    /// The addressee of a message to a customer (and one of its contacts, whose language then counts).
    public static func addressee(customer customerID: UUID?, contact contactID: UUID?, on db: any Database)
        async throws -> Addressee
    {
        var found = Addressee()
        guard let customerID else { return found }
        found.customerID = customerID
        let sql = db.sql
        if let row = try await sql.raw("SELECT name FROM customers WHERE id = \(bind: customerID)").first() {
            found.names.append(try row.decode(column: "name", as: String.self))
        }
        let contacts = try await sql.raw(
            """
            SELECT id, name, emails, preferred_language FROM contacts
            WHERE customer_id = \(bind: customerID) AND deleted_at IS NULL
            """
        ).all()
        for contact in contacts {
            found.contactIDs.append(try contact.decode(column: "id", as: UUID.self))
            found.names.append(try contact.decode(column: "name", as: String.self))
            let emails = try contact.decode(column: "emails", as: String.self)
            let list = (try? JSONDecoder().decode([String].self, from: Data(emails.utf8))) ?? []
            for address in list {
                let lowered = address.lowercased()
                found.addresses.append(lowered)
                if let at = lowered.lastIndex(of: "@") {
                    let domain = String(lowered[lowered.index(after: at)...])
                    if !FreeMailDomains.contains(domain), !found.domains.contains(domain) {
                        found.domains.append(domain)
                    }
                }
            }
            if let contactID, try contact.decode(column: "id", as: UUID.self) == contactID {
                found.language = try contact.decode(column: "preferred_language", as: String?.self)
                    .flatMap(AppLocale.init(rawValue:))
            }
        }
        return found
    }

    /// What the compiled parts of the check depend on, in one short answer: the number and the latest change of
    /// customers, contacts and lexicon entries, and the latest change of the check's settings and the calendars.
    /// Equal answers mean nothing the check compiles has changed (on this node or another).
    public static func fingerprint(on db: any Database) async throws -> String {
        guard
            let row = try await db.sql.raw(
                """
                SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT MAX(updated_at) FROM customers) AS customers_at,
                    (SELECT COUNT(*) FROM contacts) AS contacts, (SELECT MAX(updated_at) FROM contacts) AS contacts_at,
                    (SELECT COUNT(*) FROM message_lexicon) AS lexicon,
                    (SELECT MAX(created_at) FROM message_lexicon) AS lexicon_at,
                    (SELECT MAX(updated_at) FROM settings WHERE key LIKE 'messageCheck.%') AS settings_at,
                    (SELECT MAX(updated_at) FROM calendars) AS calendars_at
                """
            ).first()
        else { return "" }
        func count(_ column: String) throws -> String { String(try row.decode(column: column, as: Int.self)) }
        func moment(_ column: String) throws -> String {
            (try row.decode(column: column, as: Date?.self)).map { String($0.timeIntervalSince1970) } ?? "-"
        }
        return try [
            count("customers"), moment("customers_at"), count("contacts"), moment("contacts_at"), count("lexicon"),
            moment("lexicon_at"), moment("settings_at"), moment("calendars_at"),
        ].joined(separator: ":")
    }

    /// Every customer and contact name, for the confidentiality check (built into `PartyNames` once and reused).
    public static func parties(on db: any Database) async throws -> [PartyNames.Party] {
        let sql = db.sql
        let customers = try await sql.raw("SELECT id, name FROM customers WHERE deleted_at IS NULL").all()
        var parties = try customers.map {
            PartyNames.Party(
                customerID: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                isContact: false)
        }
        let contacts = try await sql.raw(
            """
            SELECT c.customer_id, c.name FROM contacts c JOIN customers k ON k.id = c.customer_id
            WHERE c.deleted_at IS NULL AND k.deleted_at IS NULL
            """
        ).all()
        for row in contacts {
            parties.append(
                PartyNames.Party(
                    customerID: try row.decode(column: "customer_id", as: UUID.self),
                    name: try row.decode(column: "name", as: String.self), isContact: true))
        }
        return parties
    }

    /// The customers the given attachments belong to, by attachment id (unknown ids left out).
    public static func attachmentOwners(_ ids: [UUID], on db: any Database) async throws -> [UUID: (UUID, String)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql.raw(
            """
            SELECT id, customer_id, filename FROM attachments
            WHERE id IN (\(SQLList(ids.prefix(100).map { SQLBind($0) })))
            """
        ).all()
        var owners: [UUID: (UUID, String)] = [:]
        for row in rows {
            owners[try row.decode(column: "id", as: UUID.self)] = (
                try row.decode(column: "customer_id", as: UUID.self), try row.decode(column: "filename", as: String.self)
            )
        }
        return owners
    }
}
