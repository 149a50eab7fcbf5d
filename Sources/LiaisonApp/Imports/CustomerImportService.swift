import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// One row of an uploaded file after checking: what accepting it would do, or why it will be skipped.
struct ImportPreviewRow: Codable, Sendable {
    enum Outcome: String, Codable, Sendable {
        /// Creates the customer (first row naming it) and the row's contact, if any.
        case create
        /// The customer exists already (or an earlier row creates it): adds the row's contact to it.
        case addContact
        /// Same customer name with no new contact, or a contact whose email or phone is already on record.
        case duplicate
        /// A value is invalid; the row is skipped.
        case error
    }

    var line: Int
    var customerName: String
    var contactName: String?
    var outcome: Outcome
    var problems: [ValidationIssue]
    var duplicateOf: String?
    var values: [String: String]
    var ownerID: String?
}

struct ImportSummary: Content {
    var id: UUID
    var filename: String
    var encoding: String
    var rows: Int
    var create: Int
    var addContact: Int
    var duplicates: Int
    var errors: Int
    var unknownColumns: [String]
    var finished: Bool
}

/// Customer and contact imports from CSV: parse (UTF-8 or GBK/GB18030), check every row, find duplicates, keep the
/// result for a preview, and create the valid rows only when the person accepts.
enum CustomerImportService {
    static let maximumBytes = 10 * 1_048_576

    static func preview(_ data: Data, filename: String, request: Request) async throws -> (UUID, ImportSummary, [ImportPreviewRow]) {
        guard !data.isEmpty else { throw ValidationFailure([ValidationIssue("file", "emptyFile")]) }
        guard data.count <= maximumBytes else { throw ValidationFailure([ValidationIssue("file", "fileTooLarge", ["10"])]) }
        // Decoding and parsing up to 10 MB is CPU work of its own: on the blocking-work threads, not an event loop.
        let (encoding, header, rows) = try await request.application.threadPool.runIfActive {
            () throws -> (TextDecoding.Encoding, CustomerImport.Header, [CustomerImport.Row]) in
            guard let (text, encoding) = TextDecoding.decode(data) else {
                throw ValidationFailure([ValidationIssue("file", "unreadableText")])
            }
            let table: [[String]]
            do { table = try CSV.parse(text) } catch let error as CSVError {
                throw ValidationFailure([ValidationIssue("file", "badCSV", [String(error.line)])])
            }
            guard let (header, rows) = CustomerImport.rows(table), header.columns.values.contains(.name) else {
                throw ValidationFailure([ValidationIssue("file", "noNameColumn")])
            }
            return (encoding, header, rows)
        }
        let viewer = try request.viewer
        let me = try request.person.id
        let owners = try await PeopleQueries.activeIDs(
            byEmail: Set(rows.compactMap { $0.values[.ownerEmail]?.lowercased() }), on: request.db)
        var seenCustomers = Set<String>()
        var seenIdentities = Set<String>()
        var checked: [ImportPreviewRow] = []
        for row in rows {
            var problems: [ValidationIssue] = []
            var ownerID = me.uuidString
            if let email = row.values[.ownerEmail]?.lowercased() {
                if let id = owners[email] { ownerID = id.uuidString } else { problems.append(ValidationIssue("ownerEmail", "unknownPerson", [email])) }
            }
            do { _ = try CustomerImport.customerInput(row, ownerID: ownerID).validated() } catch { problems += error.issues }
            let contact = CustomerImport.contactInput(row, customerID: UUID().uuidString)
            var identities: [String] = []
            if let contact {
                do {
                    let valid = try contact.validated()
                    identities = valid.emails + valid.phones
                } catch {
                    problems += error.issues.map { ValidationIssue("contact." + $0.field, $0.code, $0.values) }
                }
            }
            var outcome = ImportPreviewRow.Outcome.create
            var duplicateOf: String?
            let name = row.customerName
            if !problems.isEmpty {
                outcome = .error
            } else {
                let existing = seenCustomers.contains(name) ? nil : try await CustomerQueries.findByName(name, for: viewer, on: request.db)
                let customerKnown = seenCustomers.contains(name) || existing != nil
                if customerKnown { outcome = .addContact }
                if let contact, let valid = try? contact.validated() {
                    let matches = try await ContactQueries.matching(
                        emails: valid.emails, phones: valid.phones, for: viewer, on: request.db)
                    if let first = identities.first(where: { seenIdentities.contains($0.lowercased()) }) {
                        outcome = .duplicate
                        duplicateOf = first
                    } else if let match = matches.first {
                        outcome = .duplicate
                        duplicateOf = match.value
                    }
                } else if customerKnown {
                    outcome = .duplicate
                    duplicateOf = name
                }
            }
            if outcome != .error { seenCustomers.insert(name) }
            if outcome == .create || outcome == .addContact {
                for identity in identities { seenIdentities.insert(identity.lowercased()) }
            }
            checked.append(
                ImportPreviewRow(
                    line: row.line, customerName: name, contactName: row.values[.contactName], outcome: outcome,
                    problems: problems, duplicateOf: duplicateOf,
                    values: Dictionary(uniqueKeysWithValues: row.values.map { ($0.key.rawValue, $0.value) }),
                    ownerID: ownerID))
        }
        let json = String(decoding: try JSONEncoder().encode(checked), as: UTF8.self)
        let now = request.now
        let id = try await request.write { tx in
            try await ImportStore.create(
                kind: "customers", createdBy: me, filename: filename, encoding: encoding.rawValue, rowsJSON: json,
                at: now, on: tx)
        }
        return (id, summary(id: id, filename: filename, encoding: encoding.rawValue, rows: checked, unknown: header.unknown, finished: false), checked)
    }

    static func load(_ id: UUID, request: Request) async throws -> (StoredImport, [ImportPreviewRow]) {
        guard let stored = try await ImportStore.find(id, createdBy: request.person.id, on: request.db) else {
            throw AppError.notFound
        }
        let rows = try JSONDecoder().decode([ImportPreviewRow].self, from: Data(stored.rowsJSON.utf8))
        return (stored, rows)
    }

    struct Result: Content {
        var customersCreated: Int
        var contactsCreated: Int
        var skipped: Int
    }

    /// Creates the rows marked create / addContact, in one transaction with one audit entry for the import.
    static func accept(_ id: UUID, request: Request) async throws -> Result {
        let (stored, rows) = try await load(id, request: request)
        if stored.finished { throw AppError.conflict("importDone") }
        let viewer = try request.viewer
        let context = request.writeContext
        let actor = context.actor
        let now = context.now
        return try await request.write { tx in
            guard try await ImportStore.finish(id, at: now, on: tx) else { throw AppError.conflict("importDone") }
            var customers: [String: UUID] = [:]
            var result = Result(customersCreated: 0, contactsCreated: 0, skipped: 0)
            for row in rows {
                guard row.outcome == .create || row.outcome == .addContact else {
                    result.skipped += 1
                    continue
                }
                var values: [CustomerImport.Column: String] = [:]
                for (key, value) in row.values { if let column = CustomerImport.Column(rawValue: key) { values[column] = value } }
                let parsed = CustomerImport.Row(line: row.line, values: values)
                let customerID: UUID
                if let known = customers[row.customerName] {
                    customerID = known
                } else {
                    if let existing = try await CustomerQueries.findByName(row.customerName, for: viewer, on: tx) {
                        customerID = existing.id
                    } else {
                        let valid = try CustomerImport.customerInput(parsed, ownerID: row.ownerID).validated()
                        customerID = try await CustomerCommands.create(valid, in: context, on: tx).id
                        result.customersCreated += 1
                    }
                    customers[row.customerName] = customerID
                }
                if let contact = CustomerImport.contactInput(parsed, customerID: customerID.uuidString) {
                    _ = try await ContactCommands.create(try contact.validated(), in: context, on: tx)
                    result.contactsCreated += 1
                }
            }
            var changes = AuditChanges()
            changes.note("filename", stored.filename)
            changes.note("customers", String(result.customersCreated))
            changes.note("contacts", String(result.contactsCreated))
            changes.note("skipped", String(result.skipped))
            try await AuditLog.append(
                .customersImported, recordType: .import, recordID: id.uuidString, changes: changes, by: actor, at: now,
                on: tx)
            return result
        }
    }

    static func summary(
        id: UUID, filename: String, encoding: String, rows: [ImportPreviewRow], unknown: [String], finished: Bool
    ) -> ImportSummary {
        ImportSummary(
            id: id, filename: filename, encoding: encoding, rows: rows.count,
            create: rows.filter { $0.outcome == .create }.count, addContact: rows.filter { $0.outcome == .addContact }.count,
            duplicates: rows.filter { $0.outcome == .duplicate }.count, errors: rows.filter { $0.outcome == .error }.count,
            unknownColumns: unknown, finished: finished)
    }
}
