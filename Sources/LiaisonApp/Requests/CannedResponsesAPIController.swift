import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

enum CannedRoutes {
    static let apiList = Endpoint(.GET, "api/v1/canned-responses", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/canned-responses", .capability(.cannedResponsesManage))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/canned-responses/:id", .capability(.cannedResponsesManage))
    static let apiDelete = Endpoint(.DELETE, "api/v1/canned-responses/:id", .capability(.cannedResponsesManage))
    static let apiRender = Endpoint(.GET, "api/v1/requests/:id/canned-responses/:cannedId", .capability(.customersView))
}

struct CannedResponseDTO: Content {
    var id: UUID
    var departmentId: UUID?
    var title: String
    var bodyZh: String
    var bodyEn: String
    var version: Int
    var updatedAt: Date

    init(_ r: CannedResponseRecord) {
        id = r.id
        departmentId = r.departmentID
        title = r.title
        bodyZh = r.bodyZh
        bodyEn = r.bodyEn
        version = r.version
        updatedAt = r.updatedAt
    }
}

struct CannedResponseBody: Content {
    var departmentId: String?
    var title: String?
    var bodyZh: String?
    var bodyEn: String?

    func draft(over current: CannedResponseRecord? = nil) throws(ValidationFailure) -> CannedResponseDraft {
        var v = FieldValidator()
        let department = departmentId == nil ? current?.departmentID : v.reference("departmentId", departmentId)
        let title = v.requiredText("title", title ?? current?.title, max: 100)
        let zh = v.requiredText("bodyZh", bodyZh ?? current?.bodyZh, max: 20_000, multiline: true)
        let en = v.requiredText("bodyEn", bodyEn ?? current?.bodyEn, max: 20_000, multiline: true)
        for (field, text) in [("bodyZh", zh), ("bodyEn", en)] {
            let unknown = CannedResponse.unknownVariables(in: text)
            if !unknown.isEmpty { v.add(field, "unknownVariable", [unknown.joined(separator: ", "), CannedResponse.variables.joined(separator: ", ")]) }
        }
        try v.check()
        return CannedResponseDraft(departmentID: department, title: title, bodyZh: zh, bodyEn: en)
    }
}

/// Canned responses and their insertion into a reply, with the request's blanks filled.
struct CannedResponsesAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CannedRoutes.apiList, use: list)
        routes.on(CannedRoutes.apiCreate, use: create)
        routes.on(CannedRoutes.apiUpdate, use: update)
        routes.on(CannedRoutes.apiDelete, use: delete)
        routes.on(CannedRoutes.apiRender, use: render)
    }

    struct ListQuery: Content { var departmentId: String? }

    func list(_ request: Request) async throws -> Response {
        var v = FieldValidator()
        let department = v.reference("departmentId", try request.query.decode(ListQuery.self).departmentId)
        try v.check()
        let items = try await CannedResponseStore.list(department: department, on: request.db)
        return try ListDTO(items: items.map(CannedResponseDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let draft = try request.content.decode(CannedResponseBody.self).draft()
        let actor = request.auditActor
        let now = request.now
        let saved = try await request.write { tx in
            try await CannedResponseStore.save(nil, draft, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        return try CannedResponseDTO(saved).apiResponse(.created, for: request).withETag(saved.version)
    }

    func update(_ request: Request) async throws -> Response {
        guard let current = try await CannedResponseStore.find(request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        let expected = try request.ifMatch(current: current.version)
        let draft = try request.content.decode(CannedResponseBody.self).draft(over: current)
        let actor = request.auditActor
        let now = request.now
        let saved = try await request.write { tx in
            try await CannedResponseStore.save(current.id, draft, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return try CannedResponseDTO(saved).apiResponse(for: request).withETag(saved.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in try await CannedResponseStore.delete(id, by: actor, at: now, on: tx) }
        return Response(status: .noContent)
    }

    struct Rendered: Content {
        var text: String
        var locale: String
    }

    /// The response filled in for a request, in the contact's preferred language (else the caller's).
    func render(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        guard let canned = try await CannedResponseStore.find(request.recordID("cannedId"), on: request.db) else {
            throw AppError.notFound
        }
        let (text, locale) = try await CannedFill.fill(canned, for: found, request: request)
        return try Rendered(text: text, locale: locale.rawValue).apiResponse(for: request)
    }
}

enum CannedFill {
    static func fill(_ canned: CannedResponseRecord, for found: ServiceRequest, request: Request) async throws
        -> (String, AppLocale)
    {
        let viewer = try request.viewer
        let customer = try await found.customerID.asyncMap { try await CustomerQueries.find($0, for: viewer, on: request.db) } ?? nil
        let contact = try await found.contactID.asyncMap { try await ContactQueries.find($0, for: viewer, on: request.db)?.0 } ?? nil
        let locale = contact?.preferredLanguage ?? request.locale
        let values = [
            "contact.name": contact?.name ?? (locale == .en ? "Sir or Madam" : "您好"),
            "customer.name": customer?.name ?? "", "request.number": found.numberText,
            "request.subject": found.subject, "agent.name": try request.person.name,
        ]
        return (CannedResponse.fill(canned.body(in: locale), with: values), locale)
    }
}
