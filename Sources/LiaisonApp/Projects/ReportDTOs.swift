import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A progress report as the API gives it: the facts as drafted (frozen once sent), the project manager's words,
/// and once sent: to whom, when, the communication-plan occurrence delivered and whether on time.
struct ProgressReportDTO: Content {
    struct Recipient: Content {
        var contactId: UUID
        var name: String
        var email: String?
    }

    var id: UUID
    var projectId: UUID
    var number: Int
    var numberText: String
    var title: String
    var periodStart: String
    var periodEnd: String
    var status: String
    var summary: String
    var problems: String
    var nextSteps: String
    var percentDone: Int
    var facts: ProgressReportFacts
    var factsAt: Date
    var recipients: [Recipient]
    var sentAt: Date?
    var sentBy: UUID?
    var occurrenceId: UUID?
    var onTime: Bool?
    var interactionId: UUID?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ report: ProgressReport, title: String) {
        id = report.id
        projectId = report.projectID
        number = report.number
        numberText = report.numberText
        self.title = title
        periodStart = report.period.start.description
        periodEnd = report.period.end.description
        status = report.status.rawValue
        summary = report.summary
        problems = report.problems
        nextSteps = report.nextSteps
        percentDone = report.facts.percentDone
        facts = report.facts
        factsAt = report.factsAt
        recipients = report.recipients.map { Recipient(contactId: $0.contactID, name: $0.name, email: $0.email) }
        sentAt = report.sentAt
        sentBy = report.sentBy
        occurrenceId = report.occurrenceID
        onTime = report.onTime
        interactionId = report.interactionID
        version = report.version
        createdAt = report.createdAt
        updatedAt = report.updatedAt
    }
}

/// A report as the API takes it; on a change, a field left out keeps its value.
struct ProgressReportBody: Decodable {
    var periodStart: String?
    var periodEnd: String?
    var title: String?
    var summary: String?
    var problems: String?
    var nextSteps: String?

    var input: ProgressReportInput {
        ProgressReportInput(
            periodStart: periodStart, periodEnd: periodEnd, title: title, summary: summary, problems: problems,
            nextSteps: nextSteps)
    }
}

/// Sending a report or telling the customer: to whom (left out, the plan's customer-side audiences), which
/// occurrence of the plan (reports), and the words (telling).
struct CustomerMessageBody: Decodable {
    var contactIds: [String]?
    var occurrenceId: String?
    var message: String?
    /// Send although the message check warns, and why (`MessageCheckWorkflow.confirmation`).
    var confirmWarnings: Bool?
    var overrideReason: String?

    func confirmation() throws(ValidationFailure) -> MessageCheckWorkflow.Confirmation? {
        try MessageCheckWorkflow.confirmation(confirm: confirmWarnings, reason: overrideReason)
    }

    var input: CustomerMessageInput {
        CustomerMessageInput(contactIDs: contactIds, occurrenceID: occurrenceId, message: message)
    }
}
