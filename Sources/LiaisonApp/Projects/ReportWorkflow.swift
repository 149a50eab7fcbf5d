import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of progress reports and of telling the customer that the API and the pages share: each write once,
/// for both.
enum ReportWorkflow {
    /// Today and the clock the days of a period are read on: the organisation's.
    static func clock(_ request: Request) -> ProgressReportCommands.Clock {
        let zone = TimeZone(identifier: request.appConfig.defaultTimeZone) ?? .gmt
        return .init(today: LocalDate.of(request.now, in: zone), zone: zone)
    }

    /// The report's title, or the usual one ("进展报告 PR-3（2026-11-02 至 2026-11-08）") when it has none.
    static func title(_ report: ProgressReport, catalog: Catalog, locale: AppLocale) -> String {
        report.title.isEmpty
            ? catalog.text(
                "report.defaultTitle", locale,
                [report.numberText, report.period.start.description, report.period.end.description])
            : report.title
    }

    static func title(_ report: ProgressReport, _ request: Request) -> String {
        title(report, catalog: request.application.context.catalog, locale: request.locale)
    }

    static func create(_ project: Project, _ input: ProgressReportInput, _ request: Request) async throws
        -> ProgressReport
    {
        let clock = clock(request)
        let valid = try input.validated(today: clock.today)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProgressReportCommands.create(
                projectID: project.id, valid, clock: clock, for: viewer, in: context, on: tx)
        }
    }

    static func update(
        _ project: Project, _ reportID: UUID, _ input: ProgressReportInput, expected: Int?, _ request: Request
    ) async throws -> ProgressReport {
        let clock = clock(request)
        let valid = try input.validated(today: clock.today)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProgressReportCommands.update(
                projectID: project.id, reportID: reportID, valid, expectedVersion: expected, clock: clock, for: viewer,
                in: context, on: tx)
        }
    }

    static func refresh(_ project: Project, _ reportID: UUID, expected: Int?, _ request: Request) async throws
        -> ProgressReport
    {
        let clock = clock(request)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProgressReportCommands.refresh(
                projectID: project.id, reportID: reportID, expectedVersion: expected, clock: clock, for: viewer,
                in: context, on: tx)
        }
    }

    static func delete(_ project: Project, _ reportID: UUID, expected: Int?, _ request: Request) async throws {
        let context = request.writeContext
        let viewer = try request.viewer
        try await request.write { tx in
            try await ProgressReportCommands.delete(
                projectID: project.id, reportID: reportID, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    /// Sends the draft: the timeline entry in the organisation's language carries the title, the period and the
    /// summary; each contact's mail is written in the contact's own language by the mail job.
    static func send(
        _ project: Project, _ report: ProgressReport, _ input: CustomerMessageInput, expected: Int?,
        confirmation: MessageCheckWorkflow.Confirmation? = nil, _ request: Request
    ) async throws -> ProgressReport {
        let valid = try input.validated(needsMessage: false)
        // The report's dates are the plan's (tasks, milestones): not promises made in the text, so not checked.
        let override = try await checked(
            [report.summary, report.problems, report.nextSteps].filter { !$0.isEmpty }.joined(separator: "\n\n"),
            project, confirmation, ignoring: [.date], request)
        let catalog = request.application.context.catalog
        let locale = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        let title = title(report, catalog: catalog, locale: locale)
        let record = CustomerMessages.Record(
            subject: project.numberText + " " + title,
            body: ReportText.summary(report, catalog: catalog, locale: locale))
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            let sent = try await ProgressReportCommands.send(
                projectID: project.id, reportID: report.id, valid, title: title, record: record,
                expectedVersion: expected, for: viewer, in: context, on: tx)
            try await override?.record(on: .project, id: project.id.idText, by: context.actor, at: context.now, on: tx)
            return sent
        }
    }

    static func tellRisk(
        _ project: Project, _ risk: Risk, _ input: CustomerMessageInput,
        confirmation: MessageCheckWorkflow.Confirmation? = nil, _ request: Request
    ) async throws -> Risk {
        let valid = try input.validated(needsMessage: true)
        let override = try await checked(valid.message ?? "", project, confirmation, request)
        let record = CustomerMessages.Record(
            subject: project.numberText + " " + told("report.tell.riskSubject", risk.title, request),
            body: valid.message ?? "")
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            let told = try await RiskCommands.tellRisk(
                projectID: project.id, riskID: risk.id, valid, record: record, for: viewer, in: context, on: tx)
            try await override?.record(on: .project, id: project.id.idText, by: context.actor, at: context.now, on: tx)
            return told
        }
    }

    static func tellIssue(
        _ project: Project, _ issue: ProjectIssue, _ input: CustomerMessageInput,
        confirmation: MessageCheckWorkflow.Confirmation? = nil, _ request: Request
    ) async throws -> ProjectIssue {
        let valid = try input.validated(needsMessage: true)
        let override = try await checked(valid.message ?? "", project, confirmation, request)
        let record = CustomerMessages.Record(
            subject: project.numberText + " " + told("report.tell.issueSubject", issue.title, request),
            body: valid.message ?? "")
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            let told = try await RiskCommands.tellIssue(
                projectID: project.id, issueID: issue.id, valid, record: record, for: viewer, in: context, on: tx)
            try await override?.record(on: .project, id: project.id.idText, by: context.actor, at: context.now, on: tx)
            return told
        }
    }

    /// The message check of what the project's customer is told (`MessageCheckWorkflow.clear`): the override to
    /// audit with the send, nil when there is nothing to override.
    private static func checked(
        _ text: String, _ project: Project, _ confirmation: MessageCheckWorkflow.Confirmation?,
        ignoring ignored: Set<MessageFindingKind> = [], _ request: Request
    ) async throws -> MessageCheckOverride? {
        guard !text.isEmpty else { return nil }
        let addressee = try await MessageCheckQueries.addressee(customer: project.customerID, contact: nil, on: request.db)
        return try await MessageCheckWorkflow.clear(
            text, for: .init(addressee: addressee, ignored: ignored), confirmation: confirmation, field: "message",
            request)
    }

    private static func told(_ key: String, _ title: String, _ request: Request) -> String {
        let locale = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        return request.application.context.catalog.text(key, locale, [title])
    }
}
