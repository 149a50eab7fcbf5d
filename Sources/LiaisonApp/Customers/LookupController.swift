import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

enum LookupRoutes {
    static let customers = Endpoint(.GET, "lookup/customers", .capability(.customersView))
    static let contacts = Endpoint(.GET, "lookup/contacts", .capability(.customersView))
    static let requests = Endpoint(.GET, "lookup/requests", .capability(.customersView))

    static let apiCustomers = Endpoint(.GET, "api/v1/lookup/customers", .capability(.customersView))
    static let apiContacts = Endpoint(.GET, "api/v1/lookup/contacts", .capability(.customersView))
    static let apiRequests = Endpoint(.GET, "api/v1/lookup/requests", .capability(.customersView))
}

/// What pickers ask as someone types (`LookupQueries`): customers and contacts by Chinese characters, pinyin or
/// English name, requests by number or words. The same answers for the browser's session (`/lookup/…`, used by
/// `app.js`) and for API tokens (`/api/v1/lookup/…`). Names of confidential customers are offered only to people
/// who may know them, and an answer that offers any is recorded as a read of them, as lists are.
struct LookupController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(LookupRoutes.customers, use: customers)
        routes.on(LookupRoutes.apiCustomers, use: customers)
        routes.on(LookupRoutes.contacts, use: contacts)
        routes.on(LookupRoutes.apiContacts, use: contacts)
        routes.on(LookupRoutes.requests, use: requests)
        routes.on(LookupRoutes.apiRequests, use: requests)
    }

    struct Query: Content {
        var q: String?
        var customerId: String?
        var limit: String?
    }

    struct CustomerItem: Content {
        var id: UUID
        var name: String
        var nameEn: String?
        var classification: String
    }

    struct ContactItem: Content {
        var id: UUID
        var name: String
        var title: String?
        var customerId: UUID
        var customerName: String
        var classification: String
    }

    struct RequestItem: Content {
        var id: UUID
        var number: String
        var title: String
    }

    /// The typed text (may be empty), the customer to look within and how many to return.
    static func parse(_ query: Query) throws(ValidationFailure) -> (text: String, customer: UUID?, limit: Int) {
        var v = FieldValidator()
        let text = InputText.stripped(query.q ?? "").trimmed()
        if text.count > 100 { v.add("q", "tooLong", ["100"]) }
        var customer: UUID?
        if let raw = query.customerId?.nilIfBlank {
            customer = UUIDText.parse(raw)
            if customer == nil { v.add("customerId", "invalidReference") }
        }
        var limit = 10
        if let raw = query.limit {
            if let value = Int(raw), (1...LookupQueries.maximumLimit).contains(value) { limit = value } else {
                v.add("limit", "outOfRange", ["1", String(LookupQueries.maximumLimit)])
            }
        }
        try v.check()
        return (text, customer, limit)
    }

    func customers(_ request: Request) async throws -> Response {
        let (text, _, limit) = try Self.parse(request.query.decode(Query.self))
        let picks = try await LookupQueries.customers(text, limit: limit, for: request.viewer, on: request.db)
        try await Self.auditRestricted(picks.map { ($0.id, $0.classification) }, request: request)
        let items = picks.map {
            CustomerItem(id: $0.id, name: $0.name, nameEn: $0.nameEn, classification: $0.classification.rawValue)
        }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    func contacts(_ request: Request) async throws -> Response {
        let (text, customer, limit) = try Self.parse(request.query.decode(Query.self))
        let picks = try await LookupQueries.contacts(text, of: customer, limit: limit, for: request.viewer, on: request.db)
        try await Self.auditRestricted(picks.map { ($0.customerID, $0.classification) }, request: request)
        let items = picks.map {
            ContactItem(
                id: $0.id, name: $0.name, title: $0.title, customerId: $0.customerID, customerName: $0.customerName,
                classification: $0.classification.rawValue)
        }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    /// A request to merge into: by its number (R-000123, or just 123), else by the words of its subject or
    /// conversation.
    func requests(_ request: Request) async throws -> Response {
        let (text, _, limit) = try Self.parse(request.query.decode(Query.self))
        var items: [RequestItem] = []
        let digits = text.uppercased().hasPrefix("R-") ? String(text.dropFirst(2)) : text
        if let number = Int(digits), number > 0,
            let found = try await RequestQueries.find(number: number, for: request.viewer, on: request.db)
        {
            items.append(RequestItem(id: found.id, number: RequestNumber.format(found.number), title: found.subject))
        }
        if !text.isEmpty, items.count < limit {
            let hits = try await SearchQueries.search(
                text, kinds: [.request], limit: limit, for: request.viewer, on: request.db)
            try await SearchAPIController.auditRestricted(hits, query: text, request: request)
            for hit in hits where items.count < limit && !items.contains(where: { $0.id == hit.refID }) {
                // A request's document title is its number, a space and its subject.
                let words = hit.title.split(separator: " ", maxSplits: 1).map(String.init)
                items.append(RequestItem(id: hit.refID, number: words.first ?? "", title: words.count > 1 ? words[1] : ""))
            }
        }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    /// An answer offering confidential customers' names is a read of them: one entry names them all.
    static func auditRestricted(_ picks: [(UUID, Classification)], request: Request) async throws {
        let restricted = picks.filter { $0.1.isRestricted }
        guard let first = restricted.first else { return }
        var seen = Set<UUID>()
        let ids = restricted.map(\.0).filter { seen.insert($0).inserted }
        try await request.auditRead(
            .customerRead, recordType: .customer, recordID: first.0, classification: first.1,
            notes: ["listed": ids.map(\.uuidString).joined(separator: ","), "lookup": "picker"])
    }
}
