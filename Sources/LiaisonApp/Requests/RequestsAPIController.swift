import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/requests`: requests, their conversation, merge and split.
struct RequestsAPIController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(RequestRoutes.apiList, use: list)
        routes.on(RequestRoutes.apiCreate, use: create)
        routes.on(RequestRoutes.apiShow, use: show)
        routes.on(RequestRoutes.apiUpdate, use: update)
        routes.on(RequestRoutes.apiMessages, use: messages)
        routes.on(RequestRoutes.apiReply, use: reply)
        routes.on(RequestRoutes.apiAttach, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: attach)
        routes.on(RequestRoutes.apiMerge, use: merge)
        routes.on(RequestRoutes.apiSplit, use: split)
        routes.on(RequestRoutes.apiLink, use: link)
        routes.on(RequestRoutes.apiRawMessage, use: raw)
    }

    /// Links a request without a customer (mail from an unknown sender) to a customer: an existing one
    /// (`customerId`, and optionally `contactId`), or one created from it (`newCustomer`, with the sender as its
    /// contact, named `contactName` or as the mail named them).
    func link(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let expected = try request.ifMatch(current: found.version)
        let body = try request.content.decode(LinkRequestBody.self)
        let linked = try await RequestWorkflow.link(found, body, expectedVersion: expected, request)
        return try RequestDTO(linked).apiResponse(for: request).withETag(linked.version)
    }

    /// The message as it was received (or sent): `message/rfc822`, for staff who may see the request.
    func raw(_ request: Request) async throws -> Response {
        let (found, access) = try await RequestWorkflow.visible(request.recordID(), request)
        let message = try await RequestWorkflow.message(request.recordID("messageId"), of: found, request)
        return try await RequestWorkflow.rawMessage(message.id, of: found, access: access, request)
    }

    struct ListQuery: Content {
        var assignee: String?
        var queueId: String?
        var customerId: String?
        var status: String?
        var kind: String?
        var breached: String?
        /// `true`: requests without a customer (mail from unknown senders) of the caller's queue.
        var unlinked: String?
        var limit: String?
        var cursor: String?

        /// `assignee` is a person's id, `me`, or `none`; `status` and `kind` take comma-separated values, and
        /// `status=all` lists every state.
        func parse(me: UUID) throws(ValidationFailure) -> (RequestFilter, PageQuery) {
            var v = FieldValidator()
            var filter = RequestFilter()
            switch assignee?.nilIfBlank {
            case nil: break
            case "me": filter.assigneeID = me
            case "none": filter.unassigned = true
            case let text?: filter.assigneeID = v.reference("assignee", text)
            }
            filter.queueID = v.reference("queueId", queueId)
            filter.customerID = v.reference("customerId", customerId)
            if let text = status?.nilIfBlank {
                if text == "all" {
                    filter.statuses = []
                } else {
                    filter.statuses = []
                    for part in text.split(separator: ",") {
                        if let value = v.optionalChoice("status", String(part), as: RequestStatus.self) { filter.statuses.insert(value) }
                    }
                }
            }
            for part in (kind ?? "").split(separator: ",") {
                if let value = v.optionalChoice("kind", String(part), as: RequestKind.self) { filter.kinds.insert(value) }
            }
            switch breached?.lowercased() {
            case nil, "", "false": break
            case "true": filter.breachedOnly = true
            default: v.add("breached", "invalidBoolean")
            }
            switch unlinked?.nilIfBlank {
            case nil, "false": break
            case "true": filter.withoutCustomer = true
            default: v.add("unlinked", "invalidBoolean")
            }
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            try v.check()
            return (filter, page)
        }
    }

    /// Lists are polled by every open queue page: a repeated one is answered from `AnswerCache` while nothing changed.
    func list(_ request: Request) async throws -> Response {
        try await request.cachedAnswer("requests?" + (request.url.query ?? "")) {
            let (filter, page) = try request.query.decode(ListQuery.self).parse(me: request.person.id)
            let result = try await RequestQueries.list(filter, page: page, for: request.viewer, on: request.db)
            return try ListDTO(items: result.items.map(RequestDTO.init), nextCursor: result.nextCursor)
                .apiResponse(for: request)
        }
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(CreateRequestBody.self).input.validated()
        let created = try await RequestWorkflow.create(valid, request)
        let response = try RequestDTO(created).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: RequestRoutes.apiShow.link(created.id))
        return response.withETag(created.version)
    }

    func show(_ request: Request) async throws -> Response {
        let (found, access) = try await RequestWorkflow.visible(request.recordID(), request)
        try await request.auditRead(.requestRead, recordType: .request, recordID: found.id, classification: access.classification)
        return try RequestDTO(found).apiResponse(for: request).withETag(found.version)
    }

    func update(_ request: Request) async throws -> Response {
        let (current, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let expected = try request.ifMatch(current: current.version)
        let changes = try request.content.decode(UpdateRequestBody.self).parsed()
        let updated = try await RequestWorkflow.update(current.id, changes, expectedVersion: expected, request)
        return try RequestDTO(updated).apiResponse(for: request).withETag(updated.version)
    }

    func messages(_ request: Request) async throws -> Response {
        let (found, access) = try await RequestWorkflow.visible(request.recordID(), request)
        let messages = try await RequestConversation.list(found.id, includeInternal: true, on: request.db)
        let files = try await AttachmentQueries.byMessage(messages.map(\.id), on: request.db)
        let mail = try await MailStore.byMessage(of: found.id, on: request.db)
        try await request.auditRead(.requestRead, recordType: .request, recordID: found.id, classification: access.classification)
        return try ListDTO(
            items: messages.map { MessageDTO($0, attachments: files[$0.id] ?? [], mail: mail[$0.id]) }, nextCursor: nil)
            .apiResponse(for: request)
    }

    /// Attaches a file (multipart `file`, or the raw body with `?filename=`) to a message of an open request.
    func attach(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let message = try await RequestWorkflow.message(request.recordID("messageId"), of: found, request)
        if found.status == .closed { throw DataError.conflict(reason: "requestClosed") }
        let attachment = try await AttachmentUpload.receive(request, customerID: found.customerID, interactionID: nil, messageID: message.id)
        return try AttachmentDTO(attachment).apiResponse(.created, for: request)
    }

    func reply(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let body = try request.content.decode(MessageBody.self)
        let message = try body.parsed()
        let created = try await RequestWorkflow.reply(message, to: found, confirmation: try body.confirmation(), request)
        let mail = try await MailStore.find(requestMessage: created.id, on: request.db)
        return try MessageDTO(created, mail: mail).apiResponse(.created, for: request)
    }

    struct MergeBody: Content {
        var into: String?
    }

    func merge(_ request: Request) async throws -> Response {
        let (duplicate, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let body = try request.content.decode(MergeBody.self)
        var v = FieldValidator()
        let into = v.requiredReference("into", body.into)
        try v.check()
        let target = try v.unwrap(into, "into")
        _ = try await RequestWorkflow.visible(target, request)
        let merged = try await RequestWorkflow.merge(duplicate, into: target, request)
        return try RequestDTO(merged).apiResponse(for: request)
    }

    struct SplitBody: Content {
        var subject: String?
    }

    func split(_ request: Request) async throws -> Response {
        let (source, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let message = try await RequestWorkflow.message(request.recordID("messageId"), of: source, request)
        var v = FieldValidator()
        let subject = v.requiredText("subject", try request.content.decode(SplitBody.self).subject, max: 200)
        try v.check()
        let created = try await RequestWorkflow.split(message, subject: subject, request)
        return try RequestDTO(created).apiResponse(.created, for: request)
    }
}
