import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects/:id/communication-plan`: a project's communication plan, its rows and their occurrences.
struct CommunicationPlanAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CommunicationPlanRoutes.apiRows, use: rows)
        routes.on(CommunicationPlanRoutes.apiAddRow, use: addRow)
        routes.on(CommunicationPlanRoutes.apiOccurrences, use: occurrences)
        routes.on(CommunicationPlanRoutes.apiOccurrence, use: occurrence)
        routes.on(CommunicationPlanRoutes.apiDone, use: done)
        routes.on(CommunicationPlanRoutes.apiRow, use: row)
        routes.on(CommunicationPlanRoutes.apiUpdateRow, use: updateRow)
        routes.on(CommunicationPlanRoutes.apiRemoveRow, use: removeRow)
    }

    struct RowsQuery: Content {
        var includeRemoved: String?
    }

    struct OccurrenceQuery: Content {
        var state: String?
        var rowId: String?
        var ownerId: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (OccurrenceFilter, PageQuery) {
            var v = FieldValidator()
            var filter = OccurrenceFilter()
            filter.state = v.optionalChoice("state", state, as: OccurrenceState.self)
            filter.rowID = v.reference("rowId", rowId)
            filter.ownerID = v.reference("ownerId", ownerId)
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            try v.check()
            return (filter, page)
        }
    }

    private func findRow(_ request: Request, audit: Bool = true) async throws
        -> (ProjectSummary, CommunicationPlanRowSummary)
    {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let row = try await CommunicationPlanQueries.row(
                try request.recordID("rowId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, row)
    }

    private func answer(_ entry: CommunicationPlanEntry, _ status: HTTPStatus = .ok, _ request: Request)
        async throws -> Response
    {
        guard let row = try await CommunicationPlanQueries.row(entry.id, projectID: entry.projectID, on: request.db)
        else { throw AppError.notFound }
        return try CommunicationPlanRowDTO(row).apiResponse(status, for: request).withETag(entry.version)
    }

    func rows(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let query = try request.query.decode(RowsQuery.self)
        let includeRemoved: Bool
        switch query.includeRemoved {
        case nil, "", "false": includeRemoved = false
        case "true": includeRemoved = true
        default: throw ValidationFailure([ValidationIssue("includeRemoved", "invalidChoice", ["true, false"])])
        }
        let rows = try await CommunicationPlanQueries.rows(
            projectID: project.project.id, includeRemoved: includeRemoved, on: request.db)
        return try ListDTO(items: rows.map(CommunicationPlanRowDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func addRow(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request, audit: false)
        let input = try request.content.decode(CommunicationPlanRowBody.self).input()
        let entry = try await CommunicationPlanWorkflow.add(project.project, input, request)
        let response = try await answer(entry, .created, request)
        response.headers.replaceOrAdd(
            name: .location, value: CommunicationPlanRoutes.apiRow.link(project.project.id.idText, entry.id.idText))
        return response
    }

    func row(_ request: Request) async throws -> Response {
        let (_, row) = try await findRow(request)
        return try CommunicationPlanRowDTO(row).apiResponse(for: request).withETag(row.entry.version)
    }

    func updateRow(_ request: Request) async throws -> Response {
        let (project, current) = try await findRow(request, audit: false)
        let expected = try request.ifMatch(current: current.entry.version)
        let input = try request.content.decode(CommunicationPlanRowBody.self).input(over: current.entry.row)
        let entry = try await CommunicationPlanWorkflow.update(
            project.project, current.entry.id, input, expected: expected, request)
        return try await answer(entry, .ok, request)
    }

    func removeRow(_ request: Request) async throws -> Response {
        let (project, current) = try await findRow(request, audit: false)
        let expected = try request.ifMatch(current: current.entry.version)
        try await CommunicationPlanWorkflow.remove(project.project, current.entry.id, expected: expected, request)
        return Response(status: .noContent)
    }

    func occurrences(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.find(request)
        let (filter, page) = try request.query.decode(OccurrenceQuery.self).parse()
        let result = try await CommunicationPlanQueries.occurrences(
            projectID: project.project.id, filter, limit: page.limit, after: page.after, on: request.db)
        return try ListDTO(items: result.items.map(CommunicationOccurrenceDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    private func findOccurrence(_ request: Request, audit: Bool = true) async throws
        -> (ProjectSummary, CommunicationOccurrenceSummary)
    {
        let project = try await ProjectWorkflow.find(request, audit: audit)
        guard let occurrence = try await CommunicationPlanQueries.occurrence(
                try request.recordID("occurrenceId"), projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return (project, occurrence)
    }

    func occurrence(_ request: Request) async throws -> Response {
        let (_, occurrence) = try await findOccurrence(request)
        return try CommunicationOccurrenceDTO(occurrence).apiResponse(for: request)
            .withETag(occurrence.occurrence.version)
    }

    func done(_ request: Request) async throws -> Response {
        let (project, current) = try await findOccurrence(request, audit: false)
        let person = try request.person
        guard person.can(.projectsManage) || current.ownerID == person.id else { throw AppError.forbidden }
        let expected = try request.ifMatch(current: current.occurrence.version)
        let body = try request.content.decode(OccurrenceDoneBody.self)
        let done = try await CommunicationPlanWorkflow.recordDone(
            project.project, current.occurrence.id,
            OccurrenceDoneInput(note: body.note, interactionID: body.interactionId), expected: expected, request)
        guard let summary = try await CommunicationPlanQueries.occurrence(
                done.id, projectID: project.project.id, on: request.db)
        else { throw AppError.notFound }
        return try CommunicationOccurrenceDTO(summary).apiResponse(for: request).withETag(done.version)
    }
}
