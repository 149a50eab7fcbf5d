import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/customers`: customers, their contacts, team and timeline.
struct CustomersAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CustomerRoutes.apiList, use: list)
        routes.on(CustomerRoutes.apiCreate, use: create)
        routes.on(CustomerRoutes.apiShow, use: show)
        routes.on(CustomerRoutes.apiUpdate, use: update)
        routes.on(CustomerRoutes.apiDelete, use: delete)
        routes.on(CustomerRoutes.apiContacts, use: contacts)
        routes.on(CustomerRoutes.apiTimeline, use: timeline)
        routes.on(CustomerRoutes.apiTeam, use: team)
        routes.on(CustomerRoutes.apiTeamAdd, use: addToTeam)
        routes.on(CustomerRoutes.apiTeamRemove, use: removeFromTeam)
    }

    struct ListQuery: Content {
        var q: String?
        var status: String?
        var tier: String?
        var classification: String?
        var ownerId: String?
        var tag: String?
        var mine: String?
        var sort: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (CustomerFilter, PageQuery) {
            var v = FieldValidator()
            var filter = CustomerFilter(text: q.map { String(InputText.stripped($0).prefix(100)) }, tag: tag)
            filter.status = v.optionalChoice("status", status, as: CustomerStatus.self)
            filter.tier = v.optionalChoice("tier", tier, as: CustomerTier.self)
            filter.classification = v.optionalChoice("classification", classification, as: Classification.self)
            filter.ownerID = v.reference("ownerId", ownerId)
            filter.sort = v.choice("sort", sort, default: CustomerFilter.Sort.name)
            switch mine?.lowercased() {
            case nil, "", "false", "0": break
            case "true", "1": filter.mine = true
            default: v.add("mine", "invalidBoolean")
            }
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            try v.check()
            return (filter, page)
        }
    }

    func list(_ request: Request) async throws -> Response {
        let (filter, page) = try request.query.decode(ListQuery.self).parse()
        let result = try await CustomerQueries.list(filter, page: page, for: request.viewer, on: request.db)
        try await auditRestricted(result.items, request: request)
        return try ListDTO(items: result.items.map(CustomerDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(CreateCustomerRequest.self).input.validated()
        let context = request.writeContext
        let customer = try await request.write { tx in try await CustomerCommands.create(valid, in: context, on: tx) }
        let response = try CustomerDTO(customer).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: CustomerRoutes.apiShow.link(customer.id))
        return response.withETag(customer.version)
    }

    func show(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        try await request.auditRead(
            .customerRead, recordType: .customer, recordID: customer.id, classification: customer.classification)
        return try CustomerDTO(customer).apiResponse(for: request).withETag(customer.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await request.visibleCustomer(request.recordID())
        let expected = try request.ifMatch(current: current.version)
        let valid = try request.content.decode(UpdateCustomerRequest.self).merged(onto: current).validated()
        let context = request.writeContext
        let customer = try await request.write { tx in
            try await CustomerCommands.update(current.id, with: valid, expectedVersion: expected, in: context, on: tx)
        }
        return try CustomerDTO(customer).apiResponse(for: request).withETag(customer.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let current = try await request.visibleCustomer(request.recordID())
        let expected = try request.ifMatch(current: current.version)
        let context = request.writeContext
        try await request.write { tx in
            try await CustomerCommands.delete(current.id, expectedVersion: expected, in: context, on: tx)
        }
        return Response(status: .noContent)
    }

    func contacts(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let contacts = try await ContactQueries.list(customerID: customer.id, on: request.db)
        try await request.auditRead(
            .contactRead, recordType: .customer, recordID: customer.id, classification: customer.classification,
            notes: ["contacts": String(contacts.count)])
        return try ListDTO(items: contacts.map(ContactDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func timeline(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let (parsed, page) = try request.query.decode(TimelineQuery.self).parse()
        var filter = parsed
        filter.hiddenKinds = try request.hiddenTimelineKinds
        let result = try await TimelineQueries.forCustomer(customer.id, filter: filter, page: page, on: request.db)
        try await request.auditRead(
            .timelineRead, recordType: .customer, recordID: customer.id, classification: customer.classification)
        return try ListDTO(items: result.items.map(TimelineEntryDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func team(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let members = try await CustomerQueries.team(customer.id, on: request.db)
        return try ListDTO(items: members.map(TeamMemberDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func addToTeam(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let body = try request.content.decode(TeamAddRequest.self)
        var v = FieldValidator()
        let user = v.requiredReference("userId", body.userId)
        let role = v.choice("role", body.role, default: TeamRole.member)
        try v.check()
        let userID = try v.unwrap(user, "userId")
        let context = request.writeContext
        try await request.write { tx in
            try await TeamCommands.add(customerID: customer.id, userID: userID, role: role, in: context, on: tx)
        }
        let members = try await CustomerQueries.team(customer.id, on: request.db)
        return try ListDTO(items: members.map(TeamMemberDTO.init), nextCursor: nil).apiResponse(.created, for: request)
    }

    func removeFromTeam(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let user = try request.recordID("userId")
        let context = request.writeContext
        try await request.write { tx in
            try await TeamCommands.remove(customerID: customer.id, userID: user, in: context, on: tx)
        }
        return Response(status: .noContent)
    }

    /// A list that shows confidential customers is itself a read of them: one entry names them all.
    private func auditRestricted(_ customers: [Customer], request: Request) async throws {
        let restricted = customers.filter { $0.classification.isRestricted }
        guard let first = restricted.first else { return }
        try await request.auditRead(
            .customerRead, recordType: .customer, recordID: first.id, classification: first.classification,
            notes: ["listed": restricted.map(\.id.uuidString).joined(separator: ",")])
    }
}

/// Timeline filters from a query string: `channel=email,phone`, `from`, `to`, `limit`, `cursor`.
struct TimelineQuery: Content {
    var channel: String?
    var from: String?
    var to: String?
    var limit: String?
    var cursor: String?

    func parse() throws(ValidationFailure) -> (TimelineFilter, PageQuery) {
        var v = FieldValidator()
        var filter = TimelineFilter()
        for raw in (channel ?? "").split(separator: ",") {
            if let value = LiaisonCore.Channel(rawValue: raw.trimmedSpaces()) {
                filter.channels.insert(value)
            } else {
                v.add("channel", "invalidChoice", [LiaisonCore.Channel.allCases.map(\.rawValue).joined(separator: ", ")])
            }
        }
        filter.from = DateParameter.parse(from, field: "from", into: &v)
        filter.to = DateParameter.parse(to, field: "to", endOfDay: true, into: &v)
        var page = PageQuery()
        do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
            for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
        }
        try v.check()
        return (filter, page)
    }
}

/// RFC 3339 times, or plain dates (2026-11-29) read as UTC midnight; a plain `to` date includes that whole day.
/// Both strictly (`DateText`): an impossible or out-of-range date is an issue for `field`.
enum DateParameter {
    static func parse(_ raw: String?, field: String, endOfDay: Bool = false, into v: inout FieldValidator) -> Date? {
        guard let text = raw?.nilIfBlank else { return nil }
        // A plain date is ten characters; anything longer must be a whole RFC 3339 time.
        if text.utf8.count == 10 {
            let day = v.localMoment(field, text, in: .gmt, orDay: true)
            return day.map { endOfDay ? $0.addingTimeInterval(86_400) : $0 }
        }
        return v.moment(field, text)
    }
}
