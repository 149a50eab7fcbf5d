import FluentKit
import Foundation
import LiaisonCore

/// A row of `project_reports`; facts and recipients are JSON.
final class ProgressReportModel: Model, @unchecked Sendable {
    static let schema = "project_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @Field(key: "status") var status: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "problems") var problems: String
    @Field(key: "next_steps") var nextSteps: String
    @Field(key: "facts") var facts: String
    @Field(key: "facts_at") var factsAt: Date
    @Field(key: "recipients") var recipients: String
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "sent_by") var sentBy: UUID?
    @OptionalField(key: "occurrence_id") var occurrenceID: UUID?
    @OptionalField(key: "on_time") var onTime: Bool?
    @OptionalField(key: "interaction_id") var interactionID: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: ProgressReportStatus { ProgressReportStatus(rawValue: status) ?? .draft }

    var period: ReportPeriod {
        let start = LocalDate(periodStart) ?? LocalDate(year: 1970, month: 1, day: 1)
        return ReportPeriod(start: start, end: LocalDate(periodEnd) ?? start)
    }

    var value: ProgressReport {
        let row = id ?? UUID()
        return ProgressReport(
            id: row, projectID: projectID, number: number, period: period, status: statusValue, title: title,
            summary: summary, problems: problems, nextSteps: nextSteps,
            facts: JSONColumn.decode(
                ProgressReportFacts.self, facts, default: ProgressReportFacts(), column: "project_reports.facts",
                row: row),
            factsAt: factsAt,
            recipients: JSONColumn.decode(
                [ReportRecipient].self, recipients, default: [], column: "project_reports.recipients", row: row),
            sentAt: sentAt, sentBy: sentBy, occurrenceID: occurrenceID, onTime: onTime, interactionID: interactionID,
            createdBy: createdBy, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
