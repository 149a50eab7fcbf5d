import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/portal/…`: the portal for a contact's programs, with a token of its own (role `customer`). Every answer
/// is a portal DTO: nothing staff-only leaves through it.
struct PortalAPIController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(PortalRoutes.apiMe, use: me)
        routes.on(PortalRoutes.apiMeUpdate, use: updateMe)
        routes.on(PortalRoutes.apiList, use: list)
        routes.on(PortalRoutes.apiCreate, use: create)
        routes.on(PortalRoutes.apiShow, use: show)
        routes.on(PortalRoutes.apiMessages, use: messages)
        routes.on(PortalRoutes.apiReply, use: reply)
        routes.on(PortalRoutes.apiAttach, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: attach)
        routes.on(PortalRoutes.apiClose, use: close)
        routes.on(PortalRoutes.apiReopen, use: reopen)
        routes.on(PortalRoutes.apiRate, use: rate)
        routes.on(PortalRoutes.apiDownload, use: download)
        routes.on(PortalRoutes.apiAnnouncements, use: announcements)
        routes.on(PortalRoutes.apiAnnouncement, use: announcement)
    }

    private func dto(_ found: PortalRequest, _ request: Request) -> PortalRequestDTO {
        PortalRequestDTO(found, now: request.now, reopenDays: request.appConfig.portalReopenDays)
    }

    func me(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        return try PortalMeDTO(viewer, person: try request.person).apiResponse(for: request)
    }

    func updateMe(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let body = try request.content.decode(PortalMeUpdateBody.self)
        let person = try request.person
        try await PortalWorkflow.updateProfile(
            name: body.name ?? viewer.contactName, locale: body.locale ?? person.locale?.rawValue, for: viewer, request)
        guard let updatedPerson = try await PeopleQueries.find(id: person.id, on: request.db),
            let updated = try await PortalQueries.viewer(for: updatedPerson, on: request.db)
        else { throw AppError.notFound }
        return try PortalMeDTO(updated, person: updatedPerson).apiResponse(for: request)
    }

    struct ListQuery: Content {
        var state: String?
        var q: String?
        var limit: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let query = try request.query.decode(ListQuery.self)
        var v = FieldValidator()
        let state = v.choice("state", query.state, default: PortalRequestFilter.State.all)
        let text = v.optionalText("q", query.q, max: 100)
        try v.check()
        let page = try PageQuery.parse(limit: query.limit, cursor: query.cursor)
        let result = try await PortalQueries.requests(
            PortalRequestFilter(state: state, text: text), page: page, for: viewer, on: request.db)
        return try ListDTO(items: result.items.map { dto($0, request) }, nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let body = try request.content.decode(PortalCreateRequestBody.self)
        let created = try await PortalWorkflow.open(body.input, file: nil, for: viewer, request)
        let response = try dto(created, request).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: PortalRoutes.apiShow.link(created.id))
        return response
    }

    func show(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        let messages = try await PortalQueries.conversation(of: found.id, on: request.db)
        return try PortalRequestDetailDTO(request: dto(found, request), messages: messages.map(PortalMessageDTO.init))
            .apiResponse(for: request)
    }

    func messages(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        let messages = try await PortalQueries.conversation(of: found.id, on: request.db)
        return try ListDTO(items: messages.map(PortalMessageDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func reply(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        let body = try request.content.decode(PortalReplyBody.self)
        let message = try await PortalWorkflow.reply(body: body.body, file: nil, to: found, for: viewer, request)
        let shown = try await PortalQueries.conversation(of: found.id, on: request.db).first { $0.id == message.id }
        guard let shown else { throw AppError.notFound }
        return try PortalMessageDTO(shown).apiResponse(.created, for: request)
    }

    /// A file for one of the contact's own messages: multipart (`file`) or the raw body with `?filename=`.
    func attach(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        let messageID = try request.recordID("messageId")
        let (data, filename) = try AttachmentUpload.upload(request)
        let file = try await AttachmentUpload.prepare(data, filename: filename, request: request)
        let attachment = try await PortalWorkflow.attach(file, to: messageID, of: found, for: viewer, request)
        return try PortalAttachmentDTO(attachment).apiResponse(.created, for: request)
    }

    func close(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        return try dto(try await PortalWorkflow.close(found, for: viewer, request), request).apiResponse(for: request)
    }

    func reopen(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        return try dto(try await PortalWorkflow.reopen(found, for: viewer, request), request).apiResponse(for: request)
    }

    func rate(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(request.recordID(), for: viewer, request)
        let body = try request.content.decode(PortalRatingBody.self)
        let rated = try await PortalWorkflow.rate(
            found, PortalRatingInput(score: body.score, comment: body.comment), for: viewer, request)
        return try dto(rated, request).apiResponse(for: request)
    }

    func download(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        return try await PortalWorkflow.download(request.recordID(), for: viewer, request)
    }

    // MARK: Announcements

    struct AnnouncementQuery: Content {
        var limit: String?
        var cursor: String?
    }

    /// The announcements the contact's organisation sees now, newest first.
    func announcements(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let query = try request.query.decode(AnnouncementQuery.self)
        let page = try PageQuery.parse(limit: query.limit, cursor: query.cursor)
        let result = try await AnnouncementQueries.forCustomer(
            viewer.customerID, tier: viewer.tier, at: request.now, limit: page.limit, after: page.after, on: request.db)
        return try ListDTO(items: result.items.map(PortalAnnouncementDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    /// One of them; any other announcement (a draft, an expired one, another tier's or customer's) is not found.
    func announcement(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        guard
            let item = try await AnnouncementQueries.forCustomer(
                try request.recordID(), customerID: viewer.customerID, tier: viewer.tier, at: request.now,
                on: request.db)
        else { throw AppError.notFound }
        return try PortalAnnouncementDTO(item).apiResponse(for: request)
    }
}
