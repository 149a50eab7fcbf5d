import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of risks and issues the API and the pages share: each write once, for both.
enum RiskWorkflow {
    static func createRisk(_ projectID: UUID, _ input: RiskInput, _ request: Request) async throws -> Risk {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await RiskCommands.createRisk(projectID: projectID, valid, for: viewer, in: context, on: tx)
        }
    }

    static func updateRisk(_ projectID: UUID, _ riskID: UUID, _ input: RiskInput, expected: Int?, _ request: Request)
        async throws -> Risk
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await RiskCommands.updateRisk(
                projectID: projectID, riskID: riskID, valid, expectedVersion: expected, for: viewer, in: context,
                on: tx)
        }
    }

    static func occurred(_ projectID: UUID, _ riskID: UUID, expected: Int?, _ request: Request) async throws
        -> (risk: Risk, issue: ProjectIssue)
    {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await RiskCommands.occurred(
                projectID: projectID, riskID: riskID, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    static func createIssue(_ projectID: UUID, _ input: ProjectIssueInput, _ request: Request) async throws
        -> ProjectIssue
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await RiskCommands.createIssue(projectID: projectID, valid, for: viewer, in: context, on: tx)
        }
    }

    static func updateIssue(
        _ projectID: UUID, _ issueID: UUID, _ input: ProjectIssueInput, expected: Int?, _ request: Request
    ) async throws -> ProjectIssue {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await RiskCommands.updateIssue(
                projectID: projectID, issueID: issueID, valid, expectedVersion: expected, for: viewer, in: context,
                on: tx)
        }
    }

    /// The heat map of the project's active risks, in the reader's language.
    static func heatMap(_ project: Project, risks: [Risk], _ request: Request) -> String {
        RiskHeatMap(
            scores: risks.filter(\.status.isActive).map(\.score),
            labels: .init(
                title: request.t("risk.heatMap", project.numberText + " " + project.name),
                probability: request.t("risk.field.probability"), impact: request.t("risk.field.impact"))
        ).svg()
    }
}
