import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A project's requirements, for the API and the pages alike: including one, taking one out, and the refusals as
/// the caller reads them (the status a requirement is in named in the caller's language).
extension ProjectWorkflow {
    /// Includes the requirement named by `raw` (an id) in the project.
    static func includeRequirement(_ projectID: UUID, _ raw: String?, _ request: Request) async throws
        -> IncludedRequirement
    {
        var v = FieldValidator()
        let requirementID = v.requiredReference("requirementId", raw)
        try v.check()
        guard let requirementID else { throw ValidationFailure([ValidationIssue("requirementId", "required")]) }
        let context = request.writeContext
        let viewer = try request.viewer
        return try await refusing("requirementId", request) {
            try await request.write { tx in
                try await ProjectRequirementCommands.include(
                    requirementID, in: projectID, for: viewer, in: context, on: tx)
            }
        }
    }

    static func removeRequirement(_ projectID: UUID, _ requirementID: UUID, _ request: Request) async throws {
        let context = request.writeContext
        let viewer = try request.viewer
        try await refusing("requirementId", request) {
            try await request.write { tx in
                try await ProjectRequirementCommands.remove(
                    requirementID, from: projectID, for: viewer, in: context, on: tx)
            }
        }
    }

    /// Runs a write that may refuse a requirement, answering the refusal as a field issue of `field` (the status
    /// named), a conflict, or the 403 of a status move the caller's roles do not make.
    static func refusing<T>(_ field: String, _ request: Request, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as ProjectRequirementRefusal {
            switch refusal {
            case .notIncludable(let status):
                throw ValidationFailure([
                    ValidationIssue(field, "requirementNotIncludable", [request.t(status.labelKey)])
                ])
            case .otherCustomer:
                throw ValidationFailure([ValidationIssue(field, "requirementOtherCustomer")])
            case .delivered:
                throw AppError.conflict("requirementDelivered")
            }
        } catch let refusal as RequirementMoveRefusal {
            throw RequirementWorkflow.abort(refusal, request)
        }
    }
}
