import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/projects`: projects, their team, status and charter.
struct ProjectsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ProjectRoutes.apiList, use: list)
        routes.on(ProjectRoutes.apiCreate, use: create)
        routes.on(ProjectRoutes.apiShow, use: show)
        routes.on(ProjectRoutes.apiUpdate, use: update)
        routes.on(ProjectRoutes.apiStatus, use: status)
        routes.on(ProjectRoutes.apiTeam, use: team)
        routes.on(ProjectRoutes.apiTeamAdd, use: addMember)
        routes.on(ProjectRoutes.apiTeamRemove, use: removeMember)
        routes.on(ProjectRoutes.apiRequirements, use: requirements)
        routes.on(ProjectRoutes.apiRequirementAdd, use: includeRequirement)
        routes.on(ProjectRoutes.apiRequirementRemove, use: removeRequirement)
        routes.on(ProjectRoutes.apiCharter, use: charter)
        routes.on(ProjectRoutes.apiCharterSave, use: saveCharter)
        routes.on(ProjectRoutes.apiCharterVersions, use: versions)
        routes.on(ProjectRoutes.apiCharterNewVersion, use: newVersion)
        routes.on(ProjectRoutes.apiCharterVersion, use: version)
        routes.on(ProjectRoutes.apiCharterSend, use: send)
        routes.on(ProjectRoutes.apiCharterDiff, use: diff)
    }

    struct ListQuery: Content {
        var status: String?
        var customerId: String?
        var managerId: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (ProjectFilter, PageQuery) {
            var v = FieldValidator()
            var filter = ProjectFilter()
            filter.status = v.optionalChoice("status", status, as: ProjectStatus.self)
            filter.customerID = v.reference("customerId", customerId)
            filter.managerID = v.reference("managerId", managerId)
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
        let result = try await ProjectQueries.list(
            filter, for: try request.viewer, limit: page.limit, after: page.after, on: request.db)
        try await ProjectWorkflow.auditListed(result.items, request)
        return try ListDTO(items: result.items.map(ProjectDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    private func answer(_ project: Project, _ status: HTTPStatus = .ok, _ request: Request) async throws -> Response {
        guard let found = try await ProjectQueries.find(project.id, for: try request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return try ProjectDTO(found.summary).apiResponse(status, for: request).withETag(project.version)
    }

    func create(_ request: Request) async throws -> Response {
        let project = try await ProjectWorkflow.create(try request.content.decode(ProjectBody.self).input(), request)
        let response = try await answer(project, .created, request)
        response.headers.replaceOrAdd(name: .location, value: ProjectRoutes.apiShow.link(project.id))
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        return try ProjectDTO(found).apiResponse(for: request).withETag(found.project.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await ProjectWorkflow.find(request, audit: false).project
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(ProjectBody.self).input(over: current)
        let project = try await ProjectWorkflow.update(current, input, expected: expected, request)
        return try await answer(project, .ok, request)
    }

    func status(_ request: Request) async throws -> Response {
        let current = try await ProjectWorkflow.find(request, audit: false).project
        let expected = try request.ifMatch(current: current.version)
        let body = try request.content.decode(ProjectStatusBody.self)
        let project = try await ProjectWorkflow.move(
            current.id, to: body.status, reason: body.reason, expected: expected, request)
        return try await answer(project, .ok, request)
    }

    func team(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        let members = try await ProjectQueries.members(of: found.project.id, on: request.db)
        return try ListDTO(items: members.map(ProjectMemberDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func addMember(_ request: Request) async throws -> Response {
        let current = try await ProjectWorkflow.find(request, audit: false).project
        let body = try request.content.decode(ProjectMemberBody.self)
        let members = try await ProjectWorkflow.addMember(
            current.id, ProjectMemberInput(userID: body.userId, role: body.role), request)
        return try ListDTO(items: members.map(ProjectMemberDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func removeMember(_ request: Request) async throws -> Response {
        let current = try await ProjectWorkflow.find(request, audit: false).project
        let userID = try request.recordID("userId")
        _ = try await ProjectWorkflow.removeMember(current.id, userID: userID, request)
        return Response(status: .noContent)
    }

    struct PageParameters: Content {
        var limit: String?
        var cursor: String?
    }

    func requirements(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        let query = try request.query.decode(PageParameters.self)
        let page = try PageQuery.parse(limit: query.limit, cursor: query.cursor)
        let result = try await ProjectRequirementQueries.list(found.project.id, page: page, on: request.db)
        return try ListDTO(items: result.items.map(ProjectRequirementDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func includeRequirement(_ request: Request) async throws -> Response {
        let current = try await ProjectWorkflow.find(request, audit: false).project
        let body = try request.content.decode(ProjectRequirementBody.self)
        let included = try await ProjectWorkflow.includeRequirement(current.id, body.requirementId, request)
        return try ProjectRequirementDTO(included).apiResponse(.created, for: request)
    }

    func removeRequirement(_ request: Request) async throws -> Response {
        let current = try await ProjectWorkflow.find(request, audit: false).project
        let requirementID = try request.recordID("requirementId")
        try await ProjectWorkflow.removeRequirement(current.id, requirementID, request)
        return Response(status: .noContent)
    }

    func charter(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.findForCharter(request)
        let latest = try await CharterQueries.latest(of: found.project.id, on: request.db)
        return try CharterDTO(projectID: found.project.id, latest).apiResponse(for: request)
            .withETag(latest?.version ?? 0)
    }

    func saveCharter(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let latest = try await CharterQueries.latest(of: found.project.id, on: request.db)
        let expected = try request.ifMatch(current: latest?.version ?? 0)
        let body = try request.content.decode(CharterBody.self)
        let saved = try await ProjectWorkflow.saveCharter(
            found.project.id, body.input, expected: latest == nil ? nil : expected, request)
        return try CharterDTO(projectID: found.project.id, saved).apiResponse(for: request).withETag(saved.version)
    }

    func versions(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.findForCharter(request)
        let all = try await CharterQueries.versions(of: found.project.id, on: request.db)
        return try ListDTO(items: all.map { CharterDTO(projectID: found.project.id, $0) }, nextCursor: nil)
            .apiResponse(for: request)
    }

    func newVersion(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let created = try await ProjectWorkflow.newCharterVersion(found.project.id, request)
        return try CharterDTO(projectID: found.project.id, created).apiResponse(.created, for: request)
            .withETag(created.version)
    }

    func version(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.findForCharter(request)
        guard let text = request.parameters.get("number"), text.count <= 6, let number = Int(text),
            let version = try await CharterQueries.version(number, of: found.project.id, on: request.db)
        else { throw AppError.notFound }
        return try CharterDTO(projectID: found.project.id, version).apiResponse(for: request)
            .withETag(version.version)
    }

    func send(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let latest = try await CharterQueries.latest(of: found.project.id, on: request.db)
        let expected = try request.ifMatch(current: latest?.version)
        let body = try request.content.decode(CharterSendBody.self)
        let sent = try await ProjectWorkflow.sendCharter(
            found.project.id, contactIDs: body.contactIds, expected: expected, request)
        return try CharterSentDTO(charter: CharterDTO(projectID: found.project.id, sent.version), links: sent.links)
            .apiResponse(for: request).withETag(sent.version.version)
    }

    struct DiffQuery: Content {
        var from: String?
        var to: String?
    }

    func diff(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.findForCharter(request)
        let query = try request.query.decode(DiffQuery.self)
        guard let pair = try await ProjectWorkflow.diff(found.project.id, from: query.from, to: query.to, request)
        else { throw AppError.conflict("charterNothingToCompare") }
        return try CharterDiffDTO(from: pair.from, to: pair.to).apiResponse(for: request)
    }
}

extension CharterDiffDTO {
    init(from old: CharterVersion, to new: CharterVersion) {
        from = old.number
        to = new.number
        sections = CharterDiff.compare(old.content, new.content).map { section in
            Section(
                section: section.section.rawValue, changed: section.changed,
                lines: section.lines.map {
                    Line(kind: $0.kind.rawValue, text: $0.text, oldNumber: $0.oldNumber, newNumber: $0.newNumber)
                })
        }
    }
}
