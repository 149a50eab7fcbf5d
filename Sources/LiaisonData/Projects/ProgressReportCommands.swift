import FluentKit
import Foundation
import LiaisonCore

/// Writing progress reports. A report is drafted from live data (`ProgressReportQueries.draftFacts`), edited by
/// the project manager while it is a draft, and sent once: to the customer's contacts, recorded on the customer's
/// timeline, delivering the communication plan's occurrence it answers (on time or late), and frozen from then on.
/// Each write loads the project under the viewer's need-to-know; a closed project takes no new reports.
public enum ProgressReportCommands {
    /// The organisation's clock, for the days of a period.
    public struct Clock: Sendable {
        public var today: LocalDate
        public var zone: TimeZone

        public init(today: LocalDate, zone: TimeZone) {
            self.today = today
            self.zone = zone
        }
    }

    /// How far ahead of its due time a report may deliver an occurrence of the plan.
    public static let earlyDelivery: TimeInterval = 3 * 86_400

    public static func create(
        projectID: UUID, _ input: ValidProgressReport, clock: Clock, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ProgressReport {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        try TaskCommands.open(project)
        let last = try await ProgressReportModel.query(on: tx).filter(\.$projectID == projectID)
            .sort(\.$number, .descending).first()
        let end = input.periodEnd ?? clock.today
        let start = input.periodStart ?? defaultStart(after: last?.period.end, project: project, end: end, clock: clock)
        let period = try checked(start: start, end: end, clock: clock)
        let facts = try await ProgressReportQueries.draftFacts(
            projectID: projectID, customerID: project.customerID, period: period, zone: clock.zone, on: tx)
        let model = ProgressReportModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.projectID = projectID
        model.number = (last?.number ?? 0) + 1
        model.periodStart = period.start.description
        model.periodEnd = period.end.description
        model.status = ProgressReportStatus.draft.rawValue
        model.title = input.title ?? ""
        model.summary = input.summary ?? ""
        model.problems = input.problems ?? ProgressReportDraft.problemsText(facts)
        model.nextSteps = input.nextSteps ?? ProgressReportDraft.nextStepsText(facts)
        model.facts = JSONColumn.encode(facts)
        model.factsAt = context.now
        model.recipients = "[]"
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("number", String(model.number))
        changes.set("period", "\(period.start)..\(period.end)")
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .reportCreated, recordType: .progressReport, recordID: model.id!.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Changes a draft's words or period (a new period drafts the facts again).
    public static func update(
        projectID: UUID, reportID: UUID, _ input: ValidProgressReport, expectedVersion: Int?, clock: Clock,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ProgressReport {
        let (project, model) = try await loadDraft(
            projectID: projectID, reportID: reportID, expectedVersion: expectedVersion, for: viewer, on: tx)
        var changes = AuditChanges()
        let current = model.period
        let period = try checked(
            start: input.periodStart ?? current.start, end: input.periodEnd ?? current.end, clock: clock)
        changes.field("periodStart", from: current.start.description, to: period.start.description)
        changes.field("periodEnd", from: current.end.description, to: period.end.description)
        if period != current {
            let facts = try await ProgressReportQueries.draftFacts(
                projectID: projectID, customerID: project.customerID, period: period, zone: clock.zone, on: tx)
            model.periodStart = period.start.description
            model.periodEnd = period.end.description
            model.facts = JSONColumn.encode(facts)
            model.factsAt = context.now
        }
        if let title = input.title { changes.field("title", from: model.title, to: title); model.title = title }
        if let summary = input.summary {
            changes.field("summary", from: model.summary, to: summary)
            model.summary = summary
        }
        if let problems = input.problems {
            changes.field("problems", from: model.problems, to: problems)
            model.problems = problems
        }
        if let nextSteps = input.nextSteps {
            changes.field("nextSteps", from: model.nextSteps, to: nextSteps)
            model.nextSteps = nextSteps
        }
        guard !changes.isEmpty else { return model.value }
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .reportUpdated, recordType: .progressReport, recordID: reportID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Drafts a draft's facts again from the live data, for its period as it is.
    public static func refresh(
        projectID: UUID, reportID: UUID, expectedVersion: Int?, clock: Clock, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ProgressReport {
        let (project, model) = try await loadDraft(
            projectID: projectID, reportID: reportID, expectedVersion: expectedVersion, for: viewer, on: tx)
        let facts = try await ProgressReportQueries.draftFacts(
            projectID: projectID, customerID: project.customerID, period: model.period, zone: clock.zone, on: tx)
        model.facts = JSONColumn.encode(facts)
        model.factsAt = context.now
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.note("projectId", projectID.idText)
        changes.set("factsAt", DateText.rfc3339(context.now))
        try await AuditLog.append(
            .reportRefreshed, recordType: .progressReport, recordID: reportID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Deletes a draft; a sent report is on the record for good.
    public static func delete(
        projectID: UUID, reportID: UUID, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws {
        let (_, model) = try await loadDraft(
            projectID: projectID, reportID: reportID, expectedVersion: expectedVersion, for: viewer, on: tx)
        try await model.delete(on: tx)
        var changes = AuditChanges()
        changes.set("number", String(model.number))
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .reportDeleted, recordType: .progressReport, recordID: reportID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
    }

    /// Sends a draft, once. `record` holds the timeline entry's words, `title` the report's title as sent (the
    /// caller's default when the draft has none).
    public static func send(
        projectID: UUID, reportID: UUID, _ input: CustomerMessageInput.Valid, title: String,
        record: CustomerMessages.Record, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ProgressReport {
        let (project, model) = try await loadDraft(
            projectID: projectID, reportID: reportID, expectedVersion: expectedVersion, for: viewer, on: tx)
        let recipients = try await CustomerMessages.recipients(
            project: project, contactIDs: input.contactIDs, contents: [.progressReport], on: tx)
        let occurrence = try await occurrence(projectID: projectID, chosen: input.occurrenceID, at: context.now, on: tx)
        model.title = title
        let interaction = try await CustomerMessages.send(
            .report, recordID: reportID, project: project, to: recipients, record: record, in: context, on: tx)
        var changes = AuditChanges()
        changes.field("status", from: ProgressReportStatus.draft.rawValue, to: ProgressReportStatus.sent.rawValue)
        changes.set("contactIds", recipients.map(\.contactID.idText).joined(separator: ","))
        changes.set("interactionId", interaction.idText)
        if let occurrence {
            let onTime = try await CommunicationPlanCommands.deliver(
                occurrence, note: "PR-\(model.number)", interactionID: interaction, in: context, on: tx)
            model.occurrenceID = occurrence.id
            model.onTime = onTime
            changes.set("occurrenceId", occurrence.id?.idText)
            changes.set("onTime", String(onTime))
        }
        model.status = ProgressReportStatus.sent.rawValue
        model.recipients = JSONColumn.encode(recipients)
        model.sentAt = context.now
        model.sentBy = context.actor.userID
        model.interactionID = interaction
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        changes.note("projectId", projectID.idText)
        try await AuditLog.append(
            .reportSent, recordType: .progressReport, recordID: reportID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return model.value
    }

    // MARK: Checks

    /// A period left out starts the day after the last report ended; the first report covers the week up to its
    /// end (not before the project started, unless it has not started yet); either way at most
    /// `ReportPeriod.maxDays`.
    static func defaultStart(after lastEnd: LocalDate?, project: ProjectModel, end: LocalDate, clock: Clock)
        -> LocalDate
    {
        let earliest = end.adding(days: 1 - ReportPeriod.maxDays)
        if let lastEnd { return max(lastEnd.adding(days: 1), earliest) }
        let week = end.adding(days: -6)
        guard let started = project.startOn.flatMap(LocalDate.init), started <= end else { return week }
        return max(started, week)
    }

    static func checked(start: LocalDate, end: LocalDate, clock: Clock) throws(ValidationFailure) -> ReportPeriod {
        var v = FieldValidator()
        ProgressReportInput.checkPeriod(start: start, end: end, today: clock.today, &v)
        try v.check()
        return ReportPeriod(start: start, end: end)
    }

    static func loadDraft(
        projectID: UUID, reportID: UUID, expectedVersion: Int?, for viewer: CustomerViewer, on tx: any Database
    ) async throws -> (ProjectModel, ProgressReportModel) {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        guard let model = try await ProgressReportModel.query(on: tx).filter(\.$id == reportID)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        if model.statusValue == .sent { throw DataError.conflict(reason: "reportSent") }
        try TaskCommands.open(project)
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return (project, model)
    }

    /// The occurrence of the plan a report sent now delivers: the one chosen, or the progress-report occurrence
    /// not yet delivered that fell due most recently (up to `earlyDelivery` ahead). None when the plan has none.
    static func occurrence(projectID: UUID, chosen: UUID?, at now: Date, on tx: any Database) async throws
        -> CommunicationOccurrenceModel?
    {
        if let chosen {
            guard let found = try await CommunicationOccurrenceModel.query(on: tx).filter(\.$id == chosen)
                .filter(\.$projectID == projectID).first()
            else { throw ValidationFailure([ValidationIssue("occurrenceId", "invalidReference")]) }
            if found.doneAt != nil { throw DataError.conflict(reason: "communicationDone") }
            return found
        }
        let rows = try await CommunicationPlanRowModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$content == CommunicationContent.progressReport.rawValue).all().compactMap(\.id)
        guard !rows.isEmpty else { return nil }
        return try await CommunicationOccurrenceModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$rowID ~~ rows).filter(\.$doneAt == nil)
            .filter(\.$dueAt <= now.addingTimeInterval(earlyDelivery)).sort(\.$dueAt, .descending).first()
    }
}
