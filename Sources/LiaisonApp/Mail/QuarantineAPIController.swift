import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// `/api/v1/mail/quarantine`: mail that could not be put on a request, for administrators to take in again, put on
/// a request, or discard (each audited).
struct QuarantineAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MailRoutes.apiQuarantine, use: list)
        routes.on(MailRoutes.apiQuarantineShow, use: show)
        routes.on(MailRoutes.apiQuarantineRaw, use: raw)
        routes.on(MailRoutes.apiQuarantineRetry, use: retry)
        routes.on(MailRoutes.apiQuarantineAssign, use: assign)
        routes.on(MailRoutes.apiQuarantineDiscard, use: discard)
    }

    struct ListQuery: Content {
        var state: String?
        var limit: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(ListQuery.self)
        var v = FieldValidator()
        let state = query.state.flatMap { $0 == "all" ? nil : $0 }.map { raw -> QuarantineState? in
            let parsed = QuarantineState(rawValue: raw)
            if parsed == nil { v.add("state", "invalidChoice", QuarantineState.allCases.map(\.rawValue) + ["all"]) }
            return parsed
        } ?? .held
        var page = PageQuery()
        do { page = try PageQuery.parse(limit: query.limit, cursor: query.cursor) } catch {
            for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
        }
        try v.check()
        let result = try await MailQuarantine.list(state: query.state == "all" ? nil : state, page: page, on: request.db)
        return try ListDTO(items: result.items.map(QuarantineDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func show(_ request: Request) async throws -> Response {
        let entry = try await Self.entry(request)
        return try QuarantineDTO(entry).apiResponse(for: request).withETag(entry.version)
    }

    /// The message as received (`message/rfc822`).
    func raw(_ request: Request) async throws -> Response {
        let entry = try await Self.entry(request)
        return try await Self.raw(entry, request)
    }

    static func raw(_ entry: QuarantinedMail, _ request: Request) async throws -> Response {
        guard let data = try await request.application.context.blobStore.get(sha256: entry.rawSHA256, on: request.db)
        else { throw AppError.notFound }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await AuditLog.append(
                .mailRawRead, recordType: .mailQuarantine, recordID: entry.id.idText, by: actor, at: now, on: tx)
        }
        return .rawMail(data, filename: "quarantine-\(entry.id.idText.prefix(8)).eml")
    }

    /// Takes the message in again (after its sender was added as a contact, say): the entry is released, and the
    /// answer says what became of the message this time (perhaps a new entry).
    func retry(_ request: Request) async throws -> Response {
        let entry = try await Self.entry(request)
        let taken = try await Self.retry(entry, request)
        return try MailIntakeDTO(taken).apiResponse(for: request)
    }

    static func retry(_ entry: QuarantinedMail, _ request: Request) async throws -> MailIngest.Taken {
        let expected = try request.ifMatch(current: entry.version)
        guard let data = try await request.application.context.blobStore.get(sha256: entry.rawSHA256, on: request.db)
        else { throw AppError.notFound }
        let context = request.writeContext
        _ = try await request.write { tx in
            try await MailQuarantine.resolve(entry.id, as: .released, request: nil, expectedVersion: expected, in: context, on: tx)
        }
        let mailbox = try await entry.mailboxID.asyncMap { try await MailboxQueries.find($0, on: request.db) } ?? nil
        return try await MailIngest.take(
            Array(data), for: mailbox.map { .known($0) } ?? .recipients, by: request.auditActor, app: request.application)
    }

    struct AssignBody: Content {
        var requestId: String?
    }

    /// Puts the message on a request (`requestId`) the administrator chose.
    func assign(_ request: Request) async throws -> Response {
        let entry = try await Self.entry(request)
        var v = FieldValidator()
        let target = v.requiredReference("requestId", try request.content.decode(AssignBody.self).requestId)
        try v.check()
        let message = try await Self.assign(entry, to: try v.unwrap(target, "requestId"), request)
        return try MessageDTO(message).apiResponse(.created, for: request)
    }

    static func assign(_ entry: QuarantinedMail, to requestID: UUID, _ request: Request) async throws -> RequestMessage {
        let expected = try request.ifMatch(current: entry.version)
        guard entry.state == .held else { throw DataError.conflict(reason: "notHeld") }
        guard try await RequestQueries.find(requestID, for: request.viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("requestId", "invalidReference")])
        }
        guard let data = try await request.application.context.blobStore.get(sha256: entry.rawSHA256, on: request.db)
        else { throw AppError.notFound }
        let app = request.application
        let message = MailMessage(parsing: Array(data))
        let inbound = try await MailIngest.read(message, rawSHA256: entry.rawSHA256, rawSize: data.count, app: app)
        let mailbox = try await entry.mailboxID.asyncMap { try await MailboxQueries.find($0, on: request.db) } ?? nil
        let route = mailbox.map { MailboxRoute(id: $0.id, departmentID: $0.departmentID) }
        let context = request.writeContext
        return try await request.write { tx in
            try await MailIntake.assign(
                inbound, quarantined: entry.id, to: requestID, expectedVersion: expected, mailbox: route, in: context,
                on: tx)
        }
    }

    func discard(_ request: Request) async throws -> Response {
        let entry = try await Self.entry(request)
        let expected = try request.ifMatch(current: entry.version)
        let context = request.writeContext
        let resolved = try await request.write { tx in
            try await MailQuarantine.resolve(entry.id, as: .discarded, request: nil, expectedVersion: expected, in: context, on: tx)
        }
        return try QuarantineDTO(resolved).apiResponse(for: request).withETag(resolved.version)
    }

    static func entry(_ request: Request) async throws -> QuarantinedMail {
        guard let entry = try await MailQuarantine.find(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return entry
    }
}

struct QuarantineDTO: Content, Equatable {
    var id: UUID
    var mailboxId: UUID?
    /// unreadable, noSender, threadRefused, rateLimited, automatic, loop, rejected, tooLarge.
    var reason: String
    var detail: String?
    var messageId: String?
    var from: String?
    var subject: String
    var size: Int
    var sha256: String
    /// held, released, assigned or discarded.
    var state: String
    var requestId: UUID?
    var resolvedBy: UUID?
    var resolvedAt: Date?
    var version: Int
    var createdAt: Date

    init(_ q: QuarantinedMail) {
        id = q.id
        mailboxId = q.mailboxID
        reason = q.reason.rawValue
        detail = q.detail
        messageId = q.messageID
        from = q.from
        subject = q.subject
        size = q.rawSize
        sha256 = q.rawSHA256
        state = q.state.rawValue
        requestId = q.requestID
        resolvedBy = q.resolvedByID
        resolvedAt = q.resolvedAt
        version = q.version
        createdAt = q.createdAt
    }
}
