import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/meetings`: meetings, their minutes and their iCalendar invitation.
struct MeetingsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MeetingRoutes.apiList, use: list)
        routes.on(MeetingRoutes.apiCreate, use: create)
        routes.on(MeetingRoutes.apiShow, use: show)
        routes.on(MeetingRoutes.apiUpdate, use: update)
        routes.on(MeetingRoutes.apiDelete, use: delete)
        routes.on(MeetingRoutes.apiCancel, use: cancel)
        routes.on(MeetingRoutes.apiMinutes, use: minutes)
        routes.on(MeetingRoutes.apiICS, use: ics)
    }

    struct ListQuery: Content {
        var mine: String?
        var customerId: String?
        var projectId: String?
        var from: String?
        var to: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (MeetingFilter, PageQuery) {
            var v = FieldValidator()
            var filter = MeetingFilter()
            switch mine?.lowercased() {
            case nil, "", "false", "0": filter.mine = false
            case "true", "1": filter.mine = true
            default: v.add("mine", "invalidBoolean")
            }
            filter.customerID = v.reference("customerId", customerId)
            filter.projectID = v.reference("projectId", projectId)
            filter.from = v.moment("from", from)
            filter.to = v.moment("to", to)
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            try v.check()
            return (filter, page)
        }
    }

    /// A person's list is read again and again (a calendar polling it) with nothing changed in between: the answer
    /// is kept while the database is unchanged (`cachedAnswer`; it depends on the data and the query only, not on
    /// the clock).
    func list(_ request: Request) async throws -> Response {
        try await request.cachedAnswer("meetings?" + (request.url.query ?? "")) {
            let (filter, page) = try request.query.decode(ListQuery.self).parse()
            let result = try await MeetingQueries.list(
                filter, for: try request.viewer, limit: page.limit, after: page.after, on: request.db)
            return try ListDTO(items: result.items.map(MeetingDTO.init), nextCursor: result.nextCursor)
                .apiResponse(for: request)
        }
    }

    func create(_ request: Request) async throws -> Response {
        let made = try await MeetingWorkflow.create(try request.content.decode(MeetingBody.self).input(), request)
        let response = try MeetingDTO(made).apiResponse(.created, for: request).withETag(made.meeting.version)
        response.headers.replaceOrAdd(name: .location, value: MeetingRoutes.apiShow.link(made.meeting.id))
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await MeetingWorkflow.find(request)
        return try MeetingDTO(found).apiResponse(for: request).withETag(found.meeting.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await MeetingWorkflow.find(request)
        let expected = try request.ifMatch(current: current.meeting.version)
        let input = try request.content.decode(MeetingBody.self).input(over: current)
        let changed = try await MeetingWorkflow.update(current.meeting.id, input, expected: expected, request)
        return try MeetingDTO(changed).apiResponse(for: request).withETag(changed.meeting.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let current = try await MeetingWorkflow.find(request)
        let expected = try request.ifMatch(current: current.meeting.version)
        try await MeetingWorkflow.delete(current.meeting.id, expected: expected, request)
        return Response(status: .noContent)
    }

    func cancel(_ request: Request) async throws -> Response {
        let current = try await MeetingWorkflow.find(request)
        let expected = try request.ifMatch(current: current.meeting.version)
        let cancelled = try await MeetingWorkflow.cancel(current.meeting.id, expected: expected, request)
        return try MeetingDTO(cancelled).apiResponse(for: request).withETag(cancelled.meeting.version)
    }

    func minutes(_ request: Request) async throws -> Response {
        let current = try await MeetingWorkflow.find(request)
        let expected = try request.ifMatch(current: current.meeting.version)
        let body = try request.content.decode(MinutesBody.self)
        let confirmation = try MessageCheckWorkflow.confirmation(confirm: body.confirmWarnings, reason: body.overrideReason)
        let recorded = try await MeetingWorkflow.recordMinutes(
            current.meeting, body.input, expected: expected, confirmation: confirmation, request)
        return try MeetingDTO(recorded).apiResponse(for: request).withETag(recorded.meeting.version)
    }

    func ics(_ request: Request) async throws -> Response {
        guard let found = try await MeetingQueries.find(
            try request.recordID("id"), for: try request.viewer, on: request.db)
        else { try await MeetingWorkflow.icsMissing(request) }
        return MeetingWorkflow.icsResponse(found, request)
    }
}
