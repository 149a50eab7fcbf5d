import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/announcements`: list, create, read, change (`If-Match`), delete, publish, approve, reject, withdraw,
/// and who it reaches.
struct AnnouncementsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(AnnouncementRoutes.apiList, use: list)
        routes.on(AnnouncementRoutes.apiCreate, use: create)
        routes.on(AnnouncementRoutes.apiShow, use: show)
        routes.on(AnnouncementRoutes.apiUpdate, use: update)
        routes.on(AnnouncementRoutes.apiDelete, use: delete)
        routes.on(AnnouncementRoutes.apiSubmit, use: submit)
        routes.on(AnnouncementRoutes.apiApprove, use: approve)
        routes.on(AnnouncementRoutes.apiReject, use: reject)
        routes.on(AnnouncementRoutes.apiWithdraw, use: withdraw)
        routes.on(AnnouncementRoutes.apiRecipients, use: recipients)
    }

    struct ListQuery: Content {
        var status: String?
        var limit: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(ListQuery.self)
        var v = FieldValidator()
        let status = v.optionalChoice("status", query.status, as: AnnouncementStatus.self)
        var page = PageQuery()
        do { page = try PageQuery.parse(limit: query.limit, cursor: query.cursor) } catch {
            for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
        }
        try v.check()
        let result = try await AnnouncementQueries.list(
            status: status, limit: page.limit, after: page.after, on: request.db)
        let now = request.now
        let known = try await AnnouncementQueries.knownCustomers(
            result.items.flatMap(\.customerIDs), for: try request.viewer, on: request.db)
        return try ListDTO(
            items: result.items.map { AnnouncementDTO($0, now: now, known: known) }, nextCursor: result.nextCursor
        ).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(AnnouncementBody.self).input().validated()
        let made = try await AnnouncementWorkflow.create(valid, request)
        let known = try await AnnouncementQueries.knownCustomers(made.customerIDs, for: try request.viewer, on: request.db)
        let response = try AnnouncementDTO(made, now: request.now, known: known).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: AnnouncementRoutes.apiShow.link(made.id))
        return response.withETag(made.version)
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await AnnouncementWorkflow.find(request)
        return try await answer(found, request)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        let known = try await AnnouncementQueries.knownCustomers(
            current.customerIDs, for: try request.viewer, on: request.db)
        let hidden = current.customerIDs.filter { !known.contains($0) }
        let valid = try request.content.decode(AnnouncementBody.self).input(over: current, hidden: hidden).validated()
        return try await answer(try await AnnouncementWorkflow.update(current.id, valid, expected: expected, request), request)
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        try await AnnouncementWorkflow.delete(id, expected: try request.ifMatch(), request)
        return Response(status: .noContent)
    }

    func submit(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        let empty = (request.body.data?.readableBytes ?? 0) == 0
        let body = empty ? ConfirmBody() : try request.content.decode(ConfirmBody.self)
        let confirmation = try MessageCheckWorkflow.confirmation(confirm: body.confirmWarnings, reason: body.overrideReason)
        return try await answer(
            try await AnnouncementWorkflow.submit(current, expected: expected, confirmation: confirmation, request),
            request)
    }

    func approve(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        return try await answer(try await AnnouncementWorkflow.approve(current.id, expected: expected, request), request)
    }

    /// Publishing although the message check warns, and why.
    struct ConfirmBody: Content {
        var confirmWarnings: Bool?
        var overrideReason: String?
    }

    struct RejectBody: Content {
        var reason: String?
    }

    func reject(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        let body = try request.content.decode(RejectBody.self)
        return try await answer(
            try await AnnouncementWorkflow.reject(current.id, reason: body.reason, expected: expected, request), request)
    }

    func withdraw(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let expected = try request.ifMatch(current: current.version)
        return try await answer(try await AnnouncementWorkflow.withdraw(current.id, expected: expected, request), request)
    }

    func recipients(_ request: Request) async throws -> Response {
        let found = try await AnnouncementWorkflow.find(request)
        return try await AnnouncementWorkflow.recipients(of: found, request).apiResponse(for: request)
    }

    private func answer(_ announcement: Announcement, _ request: Request) async throws -> Response {
        let known = try await AnnouncementQueries.knownCustomers(
            announcement.customerIDs, for: try request.viewer, on: request.db)
        return try AnnouncementDTO(announcement, now: request.now, known: known).apiResponse(for: request)
            .withETag(announcement.version)
    }
}
