import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/contacts`.
struct ContactsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ContactRoutes.apiCreate, use: create)
        routes.on(ContactRoutes.apiShow, use: show)
        routes.on(ContactRoutes.apiUpdate, use: update)
        routes.on(ContactRoutes.apiDelete, use: delete)
        routes.on(ContactRoutes.apiTimeline, use: timeline)
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(CreateContactRequest.self).input.validated()
        // A customer the caller may not see is, for them, a customer that does not exist.
        guard try await CustomerQueries.access(valid.customerID, for: request.viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        let context = request.writeContext
        let contact = try await request.write { tx in try await ContactCommands.create(valid, in: context, on: tx) }
        let response = try ContactDTO(contact).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: ContactRoutes.apiShow.link(contact.id))
        return response.withETag(contact.version)
    }

    func show(_ request: Request) async throws -> Response {
        let (contact, access) = try await visibleContact(request)
        try await request.auditRead(
            .contactRead, recordType: .contact, recordID: contact.id, classification: access.classification)
        return try ContactDTO(contact).apiResponse(for: request).withETag(contact.version)
    }

    func update(_ request: Request) async throws -> Response {
        let (current, _) = try await visibleContact(request)
        let expected = try request.ifMatch(current: current.version)
        let valid = try request.content.decode(UpdateContactRequest.self).merged(onto: current).validated()
        let context = request.writeContext
        let contact = try await request.write { tx in
            try await ContactCommands.update(current.id, with: valid, expectedVersion: expected, in: context, on: tx)
        }
        return try ContactDTO(contact).apiResponse(for: request).withETag(contact.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let (current, _) = try await visibleContact(request)
        let expected = try request.ifMatch(current: current.version)
        let context = request.writeContext
        try await request.write { tx in
            try await ContactCommands.delete(current.id, expectedVersion: expected, in: context, on: tx)
        }
        return Response(status: .noContent)
    }

    func timeline(_ request: Request) async throws -> Response {
        let (contact, access) = try await visibleContact(request)
        let (parsed, page) = try request.query.decode(TimelineQuery.self).parse()
        var filter = parsed
        filter.hiddenKinds = try request.hiddenTimelineKinds
        let result = try await TimelineQueries.forContact(contact.id, filter: filter, page: page, on: request.db)
        try await request.auditRead(
            .timelineRead, recordType: .contact, recordID: contact.id, classification: access.classification)
        return try ListDTO(items: result.items.map(TimelineEntryDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    private func visibleContact(_ request: Request) async throws -> (Contact, CustomerAccess) {
        guard let found = try await ContactQueries.find(request.recordID(), for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }
}
