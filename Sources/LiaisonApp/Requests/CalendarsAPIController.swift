import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// `/api/v1/calendars` and `/api/v1/sla-policies`.
struct CalendarsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CalendarRoutes.apiList, use: list)
        routes.on(CalendarRoutes.apiCreate, use: create)
        routes.on(CalendarRoutes.apiShow, use: show)
        routes.on(CalendarRoutes.apiUpdate, use: update)
        routes.on(CalendarRoutes.apiImport, body: .collect(maxSize: "2mb"), use: importICS)
        routes.on(CalendarRoutes.apiAddDays, body: .collect(maxSize: "1mb"), use: addDays)
        routes.on(CalendarRoutes.apiDue, use: due)
        routes.on(CalendarRoutes.apiPolicies, use: policies)
        routes.on(CalendarRoutes.apiPolicyCreate, use: createPolicy)
        routes.on(CalendarRoutes.apiPolicyShow, use: showPolicy)
        routes.on(CalendarRoutes.apiPolicyUpdate, use: updatePolicy)
    }

    func list(_ request: Request) async throws -> Response {
        let calendars = try await CalendarStore.all(on: request.db)
        return try ListDTO(items: calendars.map(CalendarDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let draft = try request.content.decode(CalendarRequest.self).draft()
        let actor = request.auditActor
        let now = request.now
        let calendar = try await request.write { tx in try await CalendarStore.create(draft, by: actor, at: now, on: tx) }
        let response = try CalendarDTO(calendar).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: CalendarRoutes.apiShow.link(calendar.id))
        return response.withETag(calendar.version)
    }

    func show(_ request: Request) async throws -> Response {
        let calendar = try await find(request)
        return try CalendarDTO(calendar).apiResponse(for: request).withETag(calendar.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await find(request)
        let expected = try request.ifMatch(current: current.version)
        let draft = try request.content.decode(CalendarRequest.self).draft(over: current)
        let actor = request.auditActor
        let now = request.now
        let calendar = try await request.write { tx in
            try await CalendarStore.update(current.id, with: draft, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return try CalendarDTO(calendar).apiResponse(for: request).withETag(calendar.version)
    }

    /// Adds the holidays and make-up workdays of an iCalendar file (the body) to the calendar.
    func importICS(_ request: Request) async throws -> Response {
        let days = try CalendarImport.days(request.body.data.map { Data(buffer: $0) } ?? Data())
        return try await add(days, source: "ics", request)
    }

    /// Adds holidays and make-up workdays given as a list (`{"days": [...]}`) or as schedule text (`{"text": ...}`
    /// or a `text/plain` body, one day or period a line), replacing what the calendar had on those dates.
    func addDays(_ request: Request) async throws -> Response {
        let days: [CalendarRecord.Day]
        let source: String
        if request.headers.contentType?.type == "text", request.headers.contentType?.subType == "plain" {
            (days, source) = (try CalendarAddDays.fromText(request.body.string ?? ""), "text")
        } else {
            (days, source) = try request.content.decode(CalendarAddDays.self).parsed()
        }
        return try await add(days, source: source, request)
    }

    private func add(_ days: [CalendarRecord.Day], source: String, _ request: Request) async throws -> Response {
        let current = try await find(request)
        let id = current.id
        let expected = try request.ifMatch(current: current.version)
        let actor = request.auditActor
        let now = request.now
        let (calendar, _) = try await request.write { tx in
            try await CalendarStore.addDays(id, days, source: source, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return try CalendarDTO(calendar).apiResponse(for: request).withETag(calendar.version)
    }

    struct DueQuery: Content {
        var start: String?
        var minutes: String?
    }

    /// When N business minutes after a start fall due on this calendar.
    func due(_ request: Request) async throws -> Response {
        let calendar = try await find(request)
        let query = try request.query.decode(DueQuery.self)
        let input = try CalendarDueInput.validated(start: query.start, minutes: query.minutes)
        let due = try input.due(on: calendar.business)
        return try DueDTO(start: input.start, minutes: input.minutes, due: due).apiResponse(for: request)
    }

    private func find(_ request: Request) async throws -> CalendarRecord {
        guard let calendar = try await CalendarStore.find(request.recordID(), on: request.db) else { throw AppError.notFound }
        return calendar
    }

    // MARK: SLA policies

    func policies(_ request: Request) async throws -> Response {
        let all = try await SLAPolicyStore.all(on: request.db)
        return try ListDTO(items: all.map(SLAPolicyDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func createPolicy(_ request: Request) async throws -> Response {
        let (name, calendar, policy, isDefault) = try request.content.decode(SLAPolicyRequest.self).parsed()
        let actor = request.auditActor
        let now = request.now
        let created = try await request.write { tx in
            try await SLAPolicyStore.create(
                name: name, calendarID: calendar, policy: policy, isDefault: isDefault, by: actor, at: now, on: tx)
        }
        let response = try SLAPolicyDTO(created).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: CalendarRoutes.apiPolicyShow.link(created.id))
        return response.withETag(created.version)
    }

    func showPolicy(_ request: Request) async throws -> Response {
        guard let policy = try await SLAPolicyStore.find(request.recordID(), on: request.db) else { throw AppError.notFound }
        return try SLAPolicyDTO(policy).apiResponse(for: request).withETag(policy.version)
    }

    func updatePolicy(_ request: Request) async throws -> Response {
        guard let current = try await SLAPolicyStore.find(request.recordID(), on: request.db) else { throw AppError.notFound }
        let expected = try request.ifMatch(current: current.version)
        let (name, calendar, policy, isDefault) = try request.content.decode(SLAPolicyRequest.self).parsed(over: current)
        let actor = request.auditActor
        let now = request.now
        let updated = try await request.write { tx in
            try await SLAPolicyStore.update(
                current.id, name: name, calendarID: calendar, policy: policy, isDefault: isDefault,
                expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return try SLAPolicyDTO(updated).apiResponse(for: request).withETag(updated.version)
    }
}
