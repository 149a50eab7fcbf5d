import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of closure reviews and customer evaluations the API and the pages share: each write once, for both.
enum ReviewWorkflow {
    /// The organisation's clock, on which days are told apart (on time or late).
    static func zone(_ request: Request) -> TimeZone {
        TimeZone(identifier: request.appConfig.defaultTimeZone) ?? .gmt
    }

    /// The review of a project the caller found, with its facts, evaluations and improvement actions.
    static func load(_ project: Project, _ request: Request) async throws
        -> (
            review: ProjectReview, facts: ClosureReviewFacts, evaluations: [CustomerEvaluation],
            actions: [ImprovementSummary]
        )
    {
        let (review, facts) = try await ProjectReviewQueries.show(
            project: project, now: request.now, in: zone(request), on: request.db)
        let evaluations = try await ProjectReviewQueries.evaluations(projectID: project.id, on: request.db)
        let actions = try await ImprovementQueries.forProject(project.id, on: request.db)
        return (review, facts, evaluations, actions)
    }

    static func save(_ projectID: UUID, _ input: ProjectReviewInput, expected: Int?, _ request: Request) async throws
        -> ProjectReview
    {
        let notes = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProjectReviewCommands.save(
                projectID: projectID, notes, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    static func finalise(_ projectID: UUID, expected: Int?, _ request: Request) async throws -> ProjectReview {
        let context = request.writeContext
        let viewer = try request.viewer
        let zone = zone(request)
        return try await request.write { tx in
            try await ProjectReviewCommands.finalise(
                projectID: projectID, expectedVersion: expected, zone: zone, for: viewer, in: context, on: tx)
        }
    }

    /// Asks these contacts for an evaluation; a link no mail carries is answered so staff may pass it on.
    static func ask(_ projectID: UUID, contactIDs raw: [String]?, _ request: Request) async throws
        -> [EvaluationAskedDTO.Link]
    {
        var v = FieldValidator()
        var contactIDs: [UUID] = []
        let given = raw ?? []
        if given.isEmpty { v.add("contactIds", "required") }
        if given.count > 50 {
            v.add("contactIds", "tooMany", ["50"])
        } else {
            for text in given {
                guard let contact = v.requiredReference("contactIds", text) else { break }
                if !contactIDs.contains(contact) { contactIDs.append(contact) }
            }
        }
        try v.check()
        let context = request.writeContext
        let viewer = try request.viewer
        let secrets = try request.secretBox()
        let seed = request.effects.randomBytes(32)
        let base = request.publicURL("")
        let canMail = try await PortalMail.canSend(on: request.db)
        let ids = contactIDs
        let links = try await request.write { tx in
            try await CustomerEvaluationCommands.ask(
                projectID: projectID, contactIDs: ids, seed: seed, secrets: secrets,
                link: { base + ReviewRoutes.evaluate.link($0) }, for: viewer, in: context, on: tx)
        }
        return links.map {
            let mailed = canMail && $0.email != nil
            return EvaluationAskedDTO.Link(
                contactId: $0.contactID, name: $0.name, email: $0.email,
                link: mailed ? nil : base + ReviewRoutes.evaluate.link($0.token), mailed: mailed)
        }
    }
}
