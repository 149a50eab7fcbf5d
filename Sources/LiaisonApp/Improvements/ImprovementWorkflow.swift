import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of improvement actions the API and the pages share: each write once, for both.
enum ImprovementWorkflow {
    /// A list's query: status, owner, project, overdue only, and the page.
    struct ListQuery: Content {
        var status: String?
        var ownerId: String?
        var projectId: String?
        var overdue: String?
        var limit: String?
        var cursor: String?

        func parse(today: LocalDate) throws(ValidationFailure) -> (ImprovementFilter, PageQuery) {
            var v = FieldValidator()
            var filter = ImprovementFilter(today: today)
            filter.status = v.optionalChoice("status", status?.nilIfBlank, as: ImprovementStatus.self)
            filter.ownerID = v.reference("ownerId", ownerId)
            filter.projectID = v.reference("projectId", projectId)
            switch overdue?.nilIfBlank {
            case nil, "false": break
            case "true": filter.overdue = true
            default: v.add("overdue", "invalidBoolean")
            }
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            try v.check()
            return (filter, page)
        }
    }

    static func capabilities(_ request: Request) throws -> Set<Capability> {
        AccessPolicy.capabilities(of: try request.person.roles)
    }

    static func oversees(_ request: Request) throws -> Bool {
        try capabilities(request).contains(.improvementsOversee)
    }

    static func today(_ request: Request) -> LocalDate {
        LocalDate.of(request.now, in: ReviewWorkflow.zone(request))
    }

    /// The action of the route's `:id` if the caller may see it, its restricted read audited; else not found.
    static func find(_ request: Request, audit: Bool = true) async throws -> ImprovementSummary {
        guard
            let found = try await ImprovementQueries.find(
                try request.recordID(), for: try request.viewer, oversees: try oversees(request), on: request.db)
        else { throw AppError.notFound }
        if audit, let classification = found.classification {
            try await request.auditRead(
                .improvementRead, recordType: .improvement, recordID: found.action.id, classification: classification)
        }
        return found
    }

    /// One audit entry for a list that shows actions of confidential or secret customers, as project lists do.
    static func auditListed(_ items: [ImprovementSummary], _ request: Request) async throws {
        let restricted = items.filter { $0.classification?.isRestricted == true }
        guard let first = restricted.first, let classification = first.classification else { return }
        try await request.auditRead(
            .improvementRead, recordType: .improvement, recordID: first.action.id, classification: classification,
            notes: ["listed": restricted.map(\.action.id.uuidString).joined(separator: ",")])
    }

    static func create(_ input: ImprovementInput, _ request: Request) async throws -> ImprovementAction {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        let capabilities = try capabilities(request)
        let zone = ReviewWorkflow.zone(request)
        return try await request.write { tx in
            try await ImprovementCommands.create(
                valid, for: viewer, capabilities: capabilities, zone: zone, in: context, on: tx)
        }
    }

    static func update(_ id: UUID, _ input: ImprovementInput, expected: Int?, _ request: Request) async throws
        -> ImprovementAction
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        let capabilities = try capabilities(request)
        let zone = ReviewWorkflow.zone(request)
        return try await request.write { tx in
            try await ImprovementCommands.update(
                id: id, valid, expectedVersion: expected, for: viewer, capabilities: capabilities, zone: zone,
                in: context, on: tx)
        }
    }
}
