import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/requirements`: capture, change, move, assess, attach; `/api/v1/requirement-documents`: specifications
/// and development plans, their versions and diffs.
struct RequirementsAPIController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(RequirementRoutes.apiList, use: list)
        routes.on(RequirementRoutes.apiCreate, use: create)
        routes.on(RequirementRoutes.apiShow, use: show)
        routes.on(RequirementRoutes.apiUpdate, use: update)
        routes.on(RequirementRoutes.apiMove, use: move)
        routes.on(RequirementRoutes.apiHistory, use: history)
        routes.on(RequirementRoutes.apiAssessment, use: assessment)
        routes.on(RequirementRoutes.apiAssess, use: assess)
        routes.on(RequirementRoutes.apiAttach, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: attach)
        routes.on(RequirementRoutes.apiDocuments, use: documents)
        routes.on(RequirementRoutes.apiCreateDocument, use: createDocument)
        routes.on(RequirementRoutes.apiDocument, use: document)
        routes.on(RequirementRoutes.apiVersions, use: versions)
        routes.on(RequirementRoutes.apiRevise, use: revise)
        routes.on(RequirementRoutes.apiVersion, use: version)
        routes.on(RequirementRoutes.apiDiff, use: diff)
    }

    struct ListQuery: Content {
        var customerId: String?
        var departmentId: String?
        var priority: String?
        var ownerId: String?
        var status: String?
        var limit: String?
        var cursor: String?

        /// `status` takes comma-separated values; `ownerId` a person's id or `me`.
        func parse(me: UUID) throws(ValidationFailure) -> (RequirementFilter, PageQuery) {
            var v = FieldValidator()
            var filter = RequirementFilter()
            filter.customerID = v.reference("customerId", customerId)
            filter.departmentID = v.reference("departmentId", departmentId)
            filter.priority = v.optionalChoice("priority", priority, as: Priority.self)
            if ownerId?.trimmedSpaces() == "me" { filter.ownerID = me } else { filter.ownerID = v.reference("ownerId", ownerId) }
            for part in (status ?? "").split(separator: ",") {
                if let value = v.optionalChoice("status", String(part), as: RequirementStatus.self) {
                    filter.statuses.insert(value)
                }
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
        let (filter, page) = try request.query.decode(ListQuery.self).parse(me: request.person.id)
        let result = try await RequirementQueries.list(filter, page: page, for: request.viewer, on: request.db)
        return try ListDTO(
            items: result.items.map { RequirementDTO($0.requirement, customerName: $0.customerName) },
            nextCursor: result.nextCursor
        ).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let created = try await RequirementWorkflow.create(
            try request.content.decode(RequirementBody.self).input, request)
        let response = try RequirementDTO(created, attachments: []).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: RequirementRoutes.apiShow.link(created.id))
        return response.withETag(created.version)
    }

    func show(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visible(request.recordID(), request)
        let files = try await RequirementQueries.attachments(found.id, on: request.db)
        let projects = try await ProjectRequirementQueries.projects(of: found.id, for: request.viewer, on: request.db)
        try await RequirementWorkflow.auditRead(found, access, request)
        return try RequirementDTO(found, attachments: files, projects: projects).apiResponse(for: request)
            .withETag(found.version)
    }

    func update(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(RequirementBody.self).input
        let updated = try await RequirementWorkflow.update(current, input, expected: expected, request)
        return try RequirementDTO(updated).apiResponse(for: request).withETag(updated.version)
    }

    func move(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        let expected = try request.ifMatch(current: current.version)
        let input = try request.content.decode(RequirementMoveBody.self).input
        let moved = try await RequirementWorkflow.move(current, input, expected: expected, request)
        return try RequirementDTO(moved).apiResponse(for: request).withETag(moved.version)
    }

    func history(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visible(request.recordID(), request)
        let items = try await RequirementQueries.history(found.id, on: request.db).map(RequirementTransitionDTO.init)
        try await RequirementWorkflow.auditRead(found, access, request)
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    func assessment(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visible(request.recordID(), request)
        let assessment = try await RequirementQueries.assessment(found.id, on: request.db)
        try await RequirementWorkflow.auditRead(found, access, request)
        return try RequirementAssessmentDTO(assessment, requirementID: found.id).apiResponse(for: request)
            .withETag(assessment?.version ?? 0)
    }

    /// `If-Match` names the assessment's version (0 before the first).
    func assess(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        let existing = try await RequirementQueries.assessment(current.id, on: request.db)
        let expected = try request.ifMatch(current: existing?.version ?? 0)
        let input = try request.content.decode(RequirementAssessmentBody.self).input
        let (_, assessment) = try await RequirementWorkflow.assess(current, input, expected: expected, request)
        return try RequirementAssessmentDTO(assessment, requirementID: current.id).apiResponse(for: request)
            .withETag(assessment.version)
    }

    func attach(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        let attachment = try await RequirementWorkflow.attach(current, request)
        return try AttachmentDTO(attachment).apiResponse(.created, for: request)
    }

    func documents(_ request: Request) async throws -> Response {
        let (found, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        let items = try await RequirementDocumentQueries.ofRequirement(found.id, on: request.db).map {
            RequirementDocumentDTO($0)
        }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    func createDocument(_ request: Request) async throws -> Response {
        let input = try request.content.decode(RequirementDocumentBody.self).input
        let created = try await RequirementWorkflow.createDocument(input, request)
        let current = try await RequirementDocumentQueries.version(created.id, number: 1, on: request.db)
        let response = try RequirementDocumentDTO(created, current: current).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: RequirementRoutes.apiDocument.link(created.id))
        return response.withETag(created.currentVersion)
    }

    func document(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        let current = try await RequirementDocumentQueries.version(
            found.id, number: found.currentVersion, on: request.db)
        try await RequirementWorkflow.auditRead(found, access, request)
        return try RequirementDocumentDTO(found, current: current).apiResponse(for: request)
            .withETag(found.currentVersion)
    }

    func versions(_ request: Request) async throws -> Response {
        let (found, _) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        let items = try await RequirementDocumentQueries.versions(found.id, on: request.db).map {
            RequirementDocumentVersionDTO($0, withBody: false)
        }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    /// A new version; `If-Match` names the version it was written from.
    func revise(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        let expected = try request.ifMatch(current: current.currentVersion)
        let input = try request.content.decode(RequirementDocumentBody.self).input
        let revised = try await RequirementWorkflow.revise(current, input, expected: expected, request)
        let version = try await RequirementDocumentQueries.version(
            revised.id, number: revised.currentVersion, on: request.db)
        return try RequirementDocumentDTO(revised, current: version).apiResponse(.created, for: request)
            .withETag(revised.currentVersion)
    }

    func version(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        guard let text = request.parameters.get("number"), text.count <= 9, let number = Int(text),
            let version = try await RequirementDocumentQueries.version(found.id, number: number, on: request.db)
        else { throw AppError.notFound }
        try await RequirementWorkflow.auditRead(found, access, request)
        return try RequirementDocumentVersionDTO(version, withBody: true).apiResponse(for: request)
    }

    struct DiffQuery: Content {
        var from: String?
        var to: String?
    }

    func diff(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        let query = try request.query.decode(DiffQuery.self)
        let (from, to) = try RequirementWorkflow.diffRange(from: query.from, to: query.to, of: found)
        let (_, _, lines) = try await RequirementWorkflow.diff(found, from: from, to: to, request)
        try await RequirementWorkflow.auditRead(found, access, request)
        return try RequirementDiffDTO(
            documentId: found.id, from: from, to: to, added: lines.filter { $0.kind == .added }.count,
            removed: lines.filter { $0.kind == .removed }.count,
            lines: lines.map {
                .init(kind: $0.kind.rawValue, text: $0.text, oldNumber: $0.oldNumber, newNumber: $0.newNumber)
            }
        ).apiResponse(for: request)
    }
}
