import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of commitments the API and the pages share: each write once, for both.
enum CommitmentWorkflow {
    /// A list's query: scope, status, overdue only, customer, request, owner, and the page.
    struct ListQuery: Content {
        var scope: String?
        var status: String?
        var overdue: String?
        var customerId: String?
        var requestId: String?
        var ownerId: String?
        var limit: String?
        var cursor: String?

        func parse(now: Date) throws(ValidationFailure) -> (CommitmentFilter, PageQuery) {
            var v = FieldValidator()
            var filter = CommitmentFilter(now: now)
            filter.scope = v.choice("scope", scope, default: CommitmentFilter.Scope.all)
            filter.status = v.optionalChoice("status", status, as: CommitmentStatus.self)
            filter.customerID = v.reference("customerId", customerId)
            filter.requestID = v.reference("requestId", requestId)
            filter.ownerID = v.reference("ownerId", ownerId)
            switch overdue?.trimmedSpaces() {
            case nil, "", "false": break
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

    static func editor(_ request: Request) async throws -> CommitmentCommands.Editor {
        let settings = try await SettingsStore.read(on: request.db)
        return CommitmentCommands.Editor(viewer: try request.viewer, leadHours: settings.followUp.reminderHours)
    }

    /// The commitment of the route's `:id` if the caller may see it, its restricted read audited; else not found.
    static func find(_ request: Request, audit: Bool = true) async throws -> CommitmentSummary {
        guard
            let found = try await CommitmentQueries.find(
                try request.recordID(), for: try request.viewer, on: request.db)
        else { throw AppError.notFound }
        if audit, let classification = found.classification {
            try await request.auditRead(
                .commitmentRead, recordType: .commitment, recordID: found.commitment.id,
                classification: classification)
        }
        return found
    }

    /// One audit entry for a list that shows commitments of confidential or secret customers.
    static func auditListed(_ items: [CommitmentSummary], _ request: Request) async throws {
        let restricted = items.filter { $0.classification?.isRestricted == true }
        guard let first = restricted.first, let classification = first.classification else { return }
        try await request.auditRead(
            .commitmentRead, recordType: .commitment, recordID: first.commitment.id, classification: classification,
            notes: ["listed": restricted.map(\.commitment.id.uuidString).joined(separator: ",")])
    }

    static func create(_ input: CommitmentInput, _ request: Request) async throws -> Commitment {
        let context = request.writeContext
        let valid = try input.validated(notBefore: context.now)
        let editor = try await editor(request)
        return try await request.write { tx in
            try await CommitmentCommands.create(valid, by: editor, in: context, on: tx)
        }
    }

    /// Corrects text, due time and owner; `current` is the commitment as read, whose due time may stay past.
    static func update(_ current: Commitment, _ input: CommitmentInput, expected: Int?, _ request: Request)
        async throws -> Commitment
    {
        let context = request.writeContext
        let dueChanged = input.dueAt.map { (try? DateText.moment($0.trimmedSpaces())) != current.dueAt } ?? false
        let valid = try input.validated(notBefore: dueChanged ? context.now : nil)
        let editor = try await editor(request)
        return try await request.write { tx in
            try await CommitmentCommands.update(
                id: current.id, valid, expectedVersion: expected, by: editor, in: context, on: tx)
        }
    }

    static func done(_ id: UUID, expected: Int?, _ request: Request) async throws -> Commitment {
        let context = request.writeContext
        let editor = try await editor(request)
        return try await request.write { tx in
            try await CommitmentCommands.done(id: id, expectedVersion: expected, by: editor, in: context, on: tx)
        }
    }

    static func cancel(_ id: UUID, expected: Int?, _ request: Request) async throws -> Commitment {
        let context = request.writeContext
        let editor = try await editor(request)
        return try await request.write { tx in
            try await CommitmentCommands.cancel(id: id, expectedVersion: expected, by: editor, in: context, on: tx)
        }
    }
}
