import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The request writes, one path each for the API and the pages: what a write checks before its transaction and
/// the one command it runs. The controllers decode their input and shape the answer.
enum RequestWorkflow {
    /// The request if the caller may see it; "not found" otherwise (its customer's need-to-know rule decides).
    static func visible(_ id: UUID, _ request: Request) async throws -> (ServiceRequest, CustomerAccess) {
        guard let found = try await RequestQueries.find(id, for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    /// Opens a request for a customer the caller may see; any other customer is an invalid reference, as if it did
    /// not exist.
    static func create(_ valid: ValidRequest, _ request: Request) async throws -> ServiceRequest {
        guard try await CustomerQueries.access(valid.customerID, for: request.viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        let context = request.writeContext
        // Worked out here, on a reading connection, so that the write only checks and stores (see `prepare`).
        let prepared = await RequestCommands.prepare(valid, in: context, on: request.db)
        return try await request.write { tx in try await RequestCommands.create(prepared, in: context, on: tx) }
    }

    /// Applies a person's change to fields and status in one transaction. Resolving sends the contact a single-use
    /// satisfaction link (as a public message on the request).
    static func update(
        _ id: UUID, _ changes: RequestCommands.Changes, expectedVersion: Int?, _ request: Request
    ) async throws -> ServiceRequest {
        let context = request.writeContext
        let secret = request.effects.secret()
        // The message is in the contact's language (the server's default when the contact states none); it is
        // sent only when this change resolves the request.
        var language = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        if changes.status == .resolved, let preferred = try await RequestQueries.contactLanguage(id, on: request.db) {
            language = preferred
        }
        let link = request.publicURL(SurveyRoutes.show.link(secret))
        let survey = SurveyInvitation(
            tokenHash: TokenHash.of(secret), validFor: Double(request.appConfig.surveyDays) * 86_400,
            message: request.catalog.text("survey.message", language, [link]))
        return try await request.write { tx in
            try await RequestCommands.update(
                id, changes, expectedVersion: expectedVersion, survey: survey, in: context, on: tx)
        }
    }

    /// Adds a message, with the file already checked and stored (`AttachmentUpload.prepare`) when there is one.
    static func reply(
        _ message: RequestConversation.NewMessage, file: AttachmentUpload.PreparedFile? = nil, to found: ServiceRequest,
        _ request: Request
    ) async throws -> RequestMessage {
        let context = request.writeContext
        // Worked out here, on a reading connection, so that the write only checks and stores (see `prepare`).
        let prepared = await RequestConversation.prepare(message, to: found.id, in: context, on: request.db)
        return try await request.write { tx in
            let created = try await RequestConversation.add(prepared, in: context, on: tx)
            if let file {
                _ = try await file.record(
                    customerID: found.customerID, messageID: created.id, by: context.actor, at: context.now, on: tx)
            }
            return created
        }
    }

    /// Merges a duplicate into another request the caller has found.
    static func merge(_ duplicate: ServiceRequest, into target: UUID, _ request: Request) async throws -> ServiceRequest
    {
        let context = request.writeContext
        return try await request.write { tx in
            try await RequestMergeSplit.merge(duplicate.id, into: target, in: context, on: tx)
        }
    }

    /// The message of a request that a split starts from; "not found" when the request has no such message.
    static func message(_ id: UUID, of found: ServiceRequest, _ request: Request) async throws -> RequestMessage {
        let messages = try await RequestConversation.list(found.id, includeInternal: true, on: request.db)
        guard let message = messages.first(where: { $0.id == id }) else { throw AppError.notFound }
        return message
    }

    /// Starts a new request from one message of an existing one.
    static func split(_ message: RequestMessage, subject: String, _ request: Request) async throws -> ServiceRequest {
        let context = request.writeContext
        return try await request.write { tx in
            try await RequestMergeSplit.split(message: message.id, subject: subject, in: context, on: tx)
        }
    }
}
