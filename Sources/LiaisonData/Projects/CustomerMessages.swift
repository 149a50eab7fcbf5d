import FluentKit
import Foundation
import LiaisonCore

/// What a project's team sends its customer: a progress report, or word of a risk or an issue. Each sending picks
/// its recipients among the customer's contacts, records one outbound interaction on the customer's timeline (the
/// trace of what was said, to whom and when), and queues one mail per recipient with an address; the portal shows
/// the same to the customer's contacts.
public enum CustomerMessages {
    public static let mailJobKind = "projects.customerMail"

    /// What was sent.
    public enum Kind: String, Codable, Sendable {
        case report
        case risk
        case issue
    }

    /// The payload of one mail: the record, the interaction that holds the words, and the recipient.
    public struct MailJob: Codable, Sendable, Equatable {
        public var kind: Kind
        public var recordId: UUID
        public var projectId: UUID
        public var interactionId: UUID
        public var contactId: UUID
        public var email: String
    }

    /// The words of the interaction, written by the caller in the organisation's language.
    public struct Record: Sendable, Equatable {
        public var subject: String
        public var body: String

        public init(subject: String, body: String) {
            self.subject = subject
            self.body = body
        }
    }

    /// The contacts named (each of the project's customer; naming none is refused), or else the customer's contacts in the roles that
    /// the communication plan's rows of `contents` address. None at all is refused: the message would go nowhere.
    static func recipients(
        project: ProjectModel, contactIDs: [UUID]?, contents: [CommunicationContent], on tx: any Database
    ) async throws -> [ReportRecipient] {
        var contacts: [ContactModel] = []
        if let contactIDs {
            for id in contactIDs {
                guard let contact = try await ContactModel.find(id, on: tx), contact.deletedAt == nil,
                    contact.customerID == project.customerID
                else { throw ValidationFailure([ValidationIssue("contactIds", "notOfThisCustomer")]) }
                contacts.append(contact)
            }
        } else {
            contacts = try await planned(
                projectID: try project.requireID(), customerID: project.customerID, contents: contents, on: tx)
        }
        guard !contacts.isEmpty else { throw ValidationFailure([ValidationIssue("contactIds", "noRecipients")]) }
        return contacts.compactMap { contact in
            guard let id = contact.id else { return nil }
            let emails = JSONColumn.decode([String].self, contact.emails, default: [], column: "contacts.emails", row: id)
            return ReportRecipient(contactID: id, name: contact.name, email: emails.first)
        }
    }

    /// The customer's contacts in the roles that the plan's rows of `contents` address (the customer-side
    /// audiences), by name.
    static func planned(projectID: UUID, customerID: UUID, contents: [CommunicationContent], on db: any Database)
        async throws -> [ContactModel]
    {
        let rows = try await CommunicationPlanRowModel.query(on: db).filter(\.$projectID == projectID)
            .filter(\.$removedAt == nil).filter(\.$content ~~ contents.map(\.rawValue)).all()
        var roles: Set<String> = []
        for row in rows {
            let texts = JSONColumn.decode(
                [String].self, row.audiences, default: [], column: "communication_plan_rows.audiences", row: row.id)
            for case .customer(let role) in texts.compactMap(CommunicationAudience.init) { roles.insert(role.rawValue) }
        }
        guard !roles.isEmpty else { return [] }
        return try await ContactModel.query(on: db).filter(\.$customerID == customerID).filter(\.$deletedAt == nil)
            .filter(\.$role ~~ Array(roles)).sort(\.$sortKey).limit(CustomerMessageInput.maxContacts).all()
    }

    /// The ids of the contacts a report of the project goes to when none are named.
    public static func plannedRecipients(
        projectID: UUID, customerID: UUID, contents: [CommunicationContent] = [.progressReport], on db: any Database
    ) async throws -> [UUID] {
        try await planned(projectID: projectID, customerID: customerID, contents: contents, on: db).compactMap(\.id)
    }

    /// Records the sending on the customer's timeline (by mail when any recipient has an address, else through
    /// the portal) and queues the mails. Returns the interaction's id.
    static func send(
        _ kind: Kind, recordID: UUID, project: ProjectModel, to recipients: [ReportRecipient], record: Record,
        in context: WriteContext, on tx: any Database
    ) async throws -> UUID {
        let mailed = recipients.filter { $0.email != nil }
        let interaction = try await InteractionCommands.create(
            ValidInteraction(
                customerID: project.customerID, channel: mailed.isEmpty ? .portal : .email, direction: .outbound,
                subject: record.subject, body: record.body, occurredAt: context.now, durationMinutes: nil,
                outcome: nil, staffIDs: context.actor.userID.map { [$0] } ?? [],
                contactIDs: recipients.map(\.contactID), nextStep: nil),
            in: context, on: tx)
        for recipient in mailed {
            guard let email = recipient.email else { continue }
            let job = MailJob(
                kind: kind, recordId: recordID, projectId: try project.requireID(), interactionId: interaction.id,
                contactId: recipient.contactID, email: email)
            try await JobQueue.enqueue(
                kind: mailJobKind, payload: JSONColumn.encode(job), runAt: context.now,
                uniqueKey: "customerMail.\(interaction.id.idText).\(recipient.contactID.idText)", maxAttempts: 6,
                now: context.now, on: tx)
        }
        return interaction.id
    }

    /// What a mail job needs to write its mail: the interaction's words, the project, the contact.
    public struct Delivery: Sendable, Equatable {
        public var subject: String
        public var body: String
        public var projectNumber: Int
        public var projectName: String
        public var contactName: String
        public var locale: AppLocale
        /// The report, for a report's mail.
        public var report: ProgressReport?
    }

    public static func delivery(_ job: MailJob, on db: any Database) async throws -> Delivery? {
        guard let interaction = try await InteractionModel.find(job.interactionId, on: db),
            let project = try await ProjectModel.find(job.projectId, on: db),
            let contact = try await ContactModel.find(job.contactId, on: db), contact.deletedAt == nil,
            contact.customerID == project.customerID
        else { return nil }
        var report: ProgressReport?
        if job.kind == .report {
            report = try await ProgressReportModel.find(job.recordId, on: db)?.value
        }
        return Delivery(
            subject: interaction.subject, body: interaction.body, projectNumber: project.number,
            projectName: project.name, contactName: contact.name,
            locale: contact.preferredLanguage.flatMap(AppLocale.init(rawValue:)) ?? .zhHans, report: report)
    }
}
