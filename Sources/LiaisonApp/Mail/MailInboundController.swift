import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `POST /api/v1/mail/inbound`: a mail relay hands over one received message (`Content-Type: message/rfc822`,
/// the bytes as received), with a service account's token. `?mailbox=` names the mailbox (its address or id) when
/// the recipients do not. The answer says what became of it; 202 whenever the message is stored (on a request or in
/// quarantine), 200 for a message taken before.
struct MailInboundController {
    func register(_ routes: any RoutesBuilder, limit: Int) {
        routes.on(MailRoutes.apiInbound, body: .collect(maxSize: ByteCount(value: limit)), use: inbound)
    }

    func inbound(_ request: Request) async throws -> Response {
        guard let type = request.headers.contentType, type.type == "message", type.subType == "rfc822" else {
            throw AppError.unsupportedMediaType("error.notRFC822")
        }
        guard let body = request.body.data, body.readableBytes > 0 else {
            throw AppError.badRequest("error.emptyMessage")
        }
        let target: MailIngest.Target = (try? request.query.get(String.self, at: "mailbox"))
            .flatMap { $0.isEmpty ? nil : MailIngest.Target.mailbox($0) } ?? .recipients
        let taken = try await MailIngest.take(
            Array(body.readableBytesView), for: target, by: request.auditActor, app: request.application)
        let status: HTTPStatus = if case .duplicate = taken.outcome { .ok } else { .accepted }
        return try MailIntakeDTO(taken).apiResponse(status, for: request)
    }
}

/// What became of a message taken in.
struct MailIntakeDTO: Content, Equatable {
    /// opened, joined, duplicate, ownMessage or quarantined.
    var outcome: String
    var requestId: UUID?
    var messageId: UUID?
    var quarantineId: UUID?
    var reason: String?
    var sha256: String

    init(_ taken: MailIngest.Taken) {
        outcome = taken.outcome.outcome
        sha256 = taken.rawSHA256
        quarantineId = taken.quarantineID
        switch taken.outcome {
        case .opened(let request, let message), .joined(let request, let message):
            requestId = request
            messageId = message
        case .duplicate(let request, let message):
            requestId = request
            messageId = message
        case .ownMessage:
            break
        case .quarantined(let id, let reason):
            quarantineId = id
            self.reason = reason.rawValue
        }
    }
}
