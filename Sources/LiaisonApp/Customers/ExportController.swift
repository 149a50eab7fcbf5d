import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// CSV exports of what the person may see: audited, and marked with who exported what and when.
struct ExportController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CustomerRoutes.exportCSV, use: export)
        routes.on(CustomerRoutes.apiExport, use: export)
    }

    struct Query: Content {
        var kind: String?
    }

    func export(_ request: Request) async throws -> Response {
        let kind: String
        if let path = request.parameters.get("kind") {
            // On the API the kind is part of the path: an unknown one names no resource.
            guard ["customers", "contacts"].contains(path) else { throw AppError.notFound }
            kind = path
        } else {
            kind = (try request.query.decode(Query.self).kind?.nilIfBlank) ?? "customers"
            guard ["customers", "contacts"].contains(kind) else {
                throw ValidationFailure([ValidationIssue("kind", "invalidChoice", ["customers, contacts"])])
            }
        }
        let viewer = try request.viewer
        let person = try request.person
        // Every customer the person may see, and their contacts: a costly read, kept off the event loops.
        let (rows, restricted) = try await request.db.costlyRead { db in
            try await Self.rows(of: kind, for: viewer, on: db)
        }
        let now = request.now
        let actor = request.auditActor
        let count = rows.count - 1
        try await request.write { tx in
            var changes = AuditChanges()
            changes.note("kind", kind)
            changes.note("rows", String(count))
            changes.note("restrictedCustomers", String(restricted))
            try await AuditLog.append(
                .customersExported, recordType: .customer, recordID: nil, changes: changes, by: actor, at: now, on: tx)
        }
        // The mark travels with the file: whoever finds it knows whose export it was. Importers skip "#" lines.
        let mark = "# Liaison export: \(kind), \(count) rows, by \(person.name) <\(person.email)> at \(RFC3339.format(now))"
            + (restricted > 0 ? ", includes \(restricted) confidential/secret customers: need-to-know only" : "")
        let plainMark = mark.filter { $0 != "\"" && $0 != ";" && !$0.isNewline }
        let encoded = try await request.application.threadPool.runIfActive { [rows] in CSV.encode(rows) }
        let body = "\u{FEFF}" + plainMark + "\r\n" + encoded
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let stamp = RFC3339.format(now).prefix(10)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"liaison-\(kind)-\(stamp).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    /// The export's rows, a header first, and how many of its customers are confidential or secret.
    private static func rows(of kind: String, for viewer: CustomerViewer, on db: any Database) async throws
        -> (rows: [[String]], restricted: Int)
    {
        var customers: [Customer] = []
        var page = PageQuery(limit: PageQuery.maximumLimit)
        repeat {
            let result = try await CustomerQueries.list(CustomerFilter(), page: page, for: viewer, on: db)
            customers += result.items
            page.after = result.nextCursor.flatMap(Cursor.init(encoded:))
        } while page.after != nil
        let owners = try await PeopleQueries.names(Set(customers.compactMap(\.ownerID)), on: db)
        var rows: [[String]]
        if kind == "customers" {
            rows = [["name", "nameEn", "kind", "status", "tier", "classification", "industry", "region", "tags", "owner",
                     "website", "phone", "address", "contacts", "lastActivityAt", "id"]]
            for c in customers {
                rows.append([
                    c.name, c.nameEn ?? "", c.kind.rawValue, c.status.rawValue, c.tier.rawValue, c.classification.rawValue,
                    c.industry ?? "", c.region ?? "", c.tags.joined(separator: ", "), c.ownerID.flatMap { owners[$0] } ?? "",
                    c.website ?? "", c.phone ?? "", c.address ?? "", String(c.contactCount), RFC3339.format(c.lastActivityAt),
                    c.id.uuidString,
                ])
            }
        } else {
            rows = [["name", "contactName", "contactTitle", "contactRole", "contactEmail", "contactPhone", "contactWechat",
                     "classification", "contactId"]]
            for c in customers {
                for contact in try await ContactQueries.list(customerID: c.id, on: db) {
                    rows.append([
                        c.name, contact.name, contact.title ?? "", contact.role?.rawValue ?? "",
                        contact.emails.joined(separator: "; "), contact.phones.joined(separator: "; "), contact.wechat ?? "",
                        c.classification.rawValue, contact.id.uuidString,
                    ])
                }
            }
        }
        return (rows, customers.filter { $0.classification.isRestricted }.count)
    }
}
