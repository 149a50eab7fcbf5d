import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps the API and the pages share: each write once, for both.
enum NPSWorkflow {
    static func find(_ request: Request) async throws -> NPSSurvey {
        guard let survey = try await NPSSurveyQueries.find(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return survey
    }

    static func create(_ input: NPSSurveyInput, _ request: Request) async throws -> NPSSurvey {
        let context = request.writeContext
        let valid = try input.validated(now: context.now)
        try await requireVisible(valid.customerIDs, request)
        return try await request.write { tx in
            try await NPSSurveyCommands.create(valid, in: context, on: tx)
        }
    }

    static func update(_ current: NPSSurvey, _ input: NPSSurveyInput, expected: Int?, _ request: Request)
        async throws -> NPSSurvey
    {
        let context = request.writeContext
        let valid = try input.validated(now: context.now)
        // Customers already chosen by someone who sees them stay; new ones must be visible to the caller.
        try await requireVisible(valid.customerIDs.filter { !current.customerIDs.contains($0) }, request)
        return try await request.write { tx in
            try await NPSSurveyCommands.update(
                id: current.id, with: valid, expectedVersion: expected, in: context, on: tx)
        }
    }

    static func delete(_ id: UUID, expected: Int?, _ request: Request) async throws {
        let context = request.writeContext
        try await request.write { tx in
            try await NPSSurveyCommands.delete(id: id, expectedVersion: expected, in: context, on: tx)
        }
    }

    /// Sends a draft to its audience as the caller may see it; one mail job per invitation.
    static func send(_ id: UUID, expected: Int?, _ request: Request) async throws -> NPSSurvey {
        let context = request.writeContext
        let viewer = try request.viewer
        let secrets = try request.secretBox()
        let seed = request.effects.randomBytes(32)
        let base = request.publicURL("")
        return try await request.write { tx in
            try await NPSSurveyCommands.send(
                id: id, expectedVersion: expected, seed: seed, secrets: secrets,
                link: { base + NPSRoutes.answer.link($0) }, for: viewer, in: context, on: tx)
        }
    }

    /// Who a campaign asks: before sending, its audience as it would be sent now; after, the invitations.
    static func recipients(_ survey: NPSSurvey, _ request: Request) async throws
        -> [(recipient: NPSRecipient, mailed: Bool?, answered: Bool?)]
    {
        let viewer = try request.viewer
        if survey.status == .draft {
            return try await NPSSurveyQueries.audience(
                tiers: survey.tiers, customerIDs: survey.customerIDs, for: viewer, on: request.db
            ).map { ($0, nil, nil) }
        }
        return try await NPSSurveyQueries.invited(survey.id, for: viewer, on: request.db).map {
            ($0.recipient, $0.mailed, $0.answered)
        }
    }

    /// The chosen customers the caller may see.
    static func visibleCustomers(_ survey: NPSSurvey, _ request: Request) async throws -> [(id: UUID, name: String)] {
        try await NPSSurveyQueries.visibleCustomers(survey.customerIDs, for: try request.viewer, on: request.db)
    }

    /// A customer the caller may not see is refused as if it did not exist.
    private static func requireVisible(_ ids: [UUID], _ request: Request) async throws {
        guard !ids.isEmpty else { return }
        let seen = Set(
            try await NPSSurveyQueries.visibleCustomers(ids, for: try request.viewer, on: request.db).map(\.id))
        if ids.contains(where: { !seen.contains($0) }) {
            throw ValidationFailure([ValidationIssue("customerIds", "invalidReference")])
        }
    }
}
