import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `POST /api/v1/message-checks` (and the composers' `POST /message-checks`): a check without a send.
struct MessageCheckAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MessageCheckRoutes.apiCheck, body: .collect(maxSize: "2mb"), use: check)
        routes.on(MessageCheckRoutes.check, body: .collect(maxSize: "2mb"), use: check)
    }

    func check(_ request: Request) async throws -> Response {
        let body = try request.content.decode(MessageCheckBody.self).parsed()
        let target = try await Self.target(of: body, request)
        let result = try await MessageCheckWorkflow.run(body.text, for: target, request)
        let answer = MessageCheckAnswer(
            findings: MessageCheckWorkflow.present(result.findings, request),
            commitments: result.commitments.map { CommitmentCandidateDTO($0) })
        return try answer.apiResponse(for: request)
    }

    /// What the body addresses, each reference checked against what the caller may see (anything else is an invalid
    /// reference, as if it did not exist).
    static func target(of body: MessageCheckBody.Parsed, _ request: Request) async throws
        -> MessageCheckWorkflow.Target
    {
        let db = request.db
        var addressee = MessageCheckQueries.Addressee()
        if let requestID = body.requestID {
            guard let (found, _) = try await RequestQueries.find(requestID, for: request.viewer, on: db) else {
                throw ValidationFailure([ValidationIssue("requestId", "invalidReference")])
            }
            if let customer = body.customerID, customer != found.customerID {
                throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
            }
            addressee = try await MessageCheckQueries.addressee(
                request: found.id, customer: found.customerID, contact: body.contactID ?? found.contactID, on: db)
        } else if let customerID = body.customerID {
            guard try await CustomerQueries.access(customerID, for: request.viewer, on: db) != nil else {
                throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
            }
            addressee = try await MessageCheckQueries.addressee(customer: customerID, contact: body.contactID, on: db)
        }
        if let contact = body.contactID, !addressee.contactIDs.contains(contact) {
            throw ValidationFailure([ValidationIssue("contactId", "invalidReference")])
        }
        var attachments: [MessageCheckContext.Attachment] = []
        if !body.attachmentIDs.isEmpty {
            let owners = try await MessageCheckQueries.attachmentOwners(body.attachmentIDs, on: db)
            for (index, id) in body.attachmentIDs.enumerated() {
                guard let (customer, name) = owners[id],
                    try await CustomerQueries.access(customer, for: request.viewer, on: db) != nil
                else {
                    throw ValidationFailure([ValidationIssue("attachmentIds[\(index)]", "invalidReference")])
                }
                attachments.append(.init(name: name, customerID: customer))
            }
        }
        return MessageCheckWorkflow.Target(
            addressee: addressee, recipients: body.recipients, attachments: attachments, language: body.language,
            at: body.at)
    }
}
