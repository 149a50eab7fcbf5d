import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of the communication plan the API and the pages share: each write once, for both.
enum CommunicationPlanWorkflow {
    /// The row checked, a fortnightly cadence without an anchor starting from the project's first day (else
    /// today), a row without a time zone on the organisation's clock.
    static func validated(_ input: CommunicationPlanRowInput, project: Project, _ request: Request)
        throws(ValidationFailure) -> CommunicationPlanRow
    {
        let zone = request.appConfig.defaultTimeZone
        let today = LocalDate.of(request.now, in: TimeZone(identifier: zone) ?? .gmt)
        return try input.validated(defaultAnchor: project.startOn ?? today, defaultTimeZone: zone)
    }

    static func add(_ project: Project, _ input: CommunicationPlanRowInput, _ request: Request) async throws
        -> CommunicationPlanEntry
    {
        let row = try validated(input, project: project, request)
        let timing = CommunicationJobs.timing(request.appConfig)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await CommunicationPlanCommands.add(
                projectID: project.id, row, timing: timing, for: viewer, in: context, on: tx)
        }
    }

    static func update(
        _ project: Project, _ rowID: UUID, _ input: CommunicationPlanRowInput, expected: Int?, _ request: Request
    ) async throws -> CommunicationPlanEntry {
        let row = try validated(input, project: project, request)
        let timing = CommunicationJobs.timing(request.appConfig)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await CommunicationPlanCommands.update(
                projectID: project.id, rowID: rowID, row, expectedVersion: expected, timing: timing, for: viewer,
                in: context, on: tx)
        }
    }

    static func remove(_ project: Project, _ rowID: UUID, expected: Int?, _ request: Request) async throws {
        let context = request.writeContext
        let viewer = try request.viewer
        try await request.write { tx in
            try await CommunicationPlanCommands.remove(
                projectID: project.id, rowID: rowID, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    /// Records that an occurrence took place: by its owner, or by anyone with `projectsManage`.
    static func recordDone(
        _ project: Project, _ occurrenceID: UUID, _ input: OccurrenceDoneInput, expected: Int?, _ request: Request
    ) async throws -> CommunicationOccurrence {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        let mayManage = try request.person.can(.projectsManage)
        return try await request.write { tx in
            try await CommunicationPlanCommands.recordDone(
                projectID: project.id, occurrenceID: occurrenceID, valid, expectedVersion: expected,
                mayManage: mayManage, for: viewer, in: context, on: tx)
        }
    }
}
