import Crypto
import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The customer's evaluation of a project: staff ask named contacts of the project's customer (each gets a
/// single-use link, mailed by a job; only its hash is stored), and a contact submits once, through the link or in
/// the portal. A second submission is refused (`alreadySubmitted`): the evaluation stays as the customer gave it.
public enum CustomerEvaluationCommands {
    public static let mailJobKind = "evaluation.mail"

    /// What an evaluation mail job carries: the evaluation, and its link sealed with the server's key.
    public struct MailJob: Codable, Sendable, Equatable {
        public var evaluationId: UUID
        public var link: String
    }

    /// A contact asked and the secret of their link.
    public struct IssuedLink: Sendable, Equatable {
        public var contactID: UUID
        public var name: String
        public var email: String?
        public var token: String
    }

    /// Asks these contacts of the project's customer for an evaluation. A contact who already submitted is left
    /// as they are; one asked before gets a new link (the old one stops working). Secrets derive from `seed`,
    /// drawn before the write, so that a write run twice makes the same links.
    public static func ask(
        projectID: UUID, contactIDs: [UUID], seed: [UInt8], secrets: SecretBox, link: @Sendable (String) -> String,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> [IssuedLink] {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        if contactIDs.isEmpty { throw ValidationFailure([ValidationIssue("contactIds", "required")]) }
        var links: [IssuedLink] = []
        for contactID in Array(Set(contactIDs)).sorted(by: { $0.idText < $1.idText }) {
            guard let contact = try await ContactModel.find(contactID, on: tx), contact.deletedAt == nil,
                contact.customerID == project.customerID
            else { throw ValidationFailure([ValidationIssue("contactIds", "notOfThisCustomer")]) }
            let model =
                try await CustomerEvaluationModel.query(on: tx).filter(\.$projectID == projectID)
                .filter(\.$contactID == contactID).first() ?? CustomerEvaluationModel()
            if model.submittedAt != nil { continue }
            let emails = JSONColumn.decode(
                [String].self, contact.emails, default: [], column: "contacts.emails", row: contactID)
            let token = Self.token(project: projectID, contact: contactID, seed: seed)
            let isNew = model.id == nil
            if isNew {
                model.id = UUID.timeOrdered(at: context.now)
                model.projectID = projectID
                model.contactID = contactID
                model.createdAt = context.now
            }
            model.name = contact.name
            model.email = emails.first
            model.locale = (contact.preferredLanguage.flatMap(AppLocale.init(rawValue:)) ?? .zhHans).rawValue
            model.tokenHash = Self.hash(token)
            model.askedAt = context.now
            model.askedBy = context.actor.userID
            model.mailedAt = nil
            if isNew { try await model.create(on: tx) } else { try await model.update(on: tx) }
            guard let id = model.id else { continue }
            if emails.first != nil {
                let job = MailJob(evaluationId: id, link: try secrets.seal(link(token)))
                _ = try await JobQueue.enqueue(
                    kind: mailJobKind, payload: JSONColumn.encode(job), runAt: context.now,
                    uniqueKey: "evaluation.mail.\(id.idText).\(Int(context.now.timeIntervalSince1970))",
                    maxAttempts: 6, now: context.now, on: tx)
            }
            var changes = AuditChanges()
            changes.set("contactId", contactID.idText)
            changes.note("projectId", projectID.idText)
            if let email = emails.first { changes.note("email", email) }
            try await AuditLog.append(
                .evaluationRequested, recordType: .evaluation, recordID: id.idText, changes: changes,
                by: context.actor, at: context.now, on: tx)
            links.append(IssuedLink(contactID: contactID, name: contact.name, email: emails.first, token: token))
        }
        return links
    }

    /// What an evaluation link (or a portal contact's view of a project's evaluation) is worth now.
    public enum Outcome: Sendable, Equatable {
        /// Awaiting this contact's evaluation.
        case open(CustomerEvaluationQueries.View)
        /// Submitted just now.
        case submitted(CustomerEvaluationQueries.View)
        /// Submitted before: the evaluation stays as given.
        case alreadySubmitted(CustomerEvaluationQueries.View)
        /// No such link.
        case unknown
    }

    /// Submits through a mailed link.
    public static func submit(
        tokenHash: String, _ input: ValidEvaluation, address: String?, in context: WriteContext, on tx: any Database
    ) async throws -> Outcome {
        guard let model = try await CustomerEvaluationModel.query(on: tx).filter(\.$tokenHash == tokenHash).first()
        else { return .unknown }
        return try await submit(model, input, address: address, portalUserID: nil, in: context, on: tx)
    }

    /// Submits in the portal, as the signed-in contact of the project's customer; the contact need not have been
    /// asked.
    public static func submit(
        projectID: UUID, viewer: PortalViewer, _ input: ValidEvaluation, locale: AppLocale, address: String?,
        in context: WriteContext, on tx: any Database
    ) async throws -> Outcome {
        guard let project = try await ProjectModel.find(projectID, on: tx), project.customerID == viewer.customerID
        else { return .unknown }
        let model =
            try await CustomerEvaluationModel.query(on: tx).filter(\.$projectID == projectID)
            .filter(\.$contactID == viewer.contactID).first() ?? CustomerEvaluationModel()
        if model.id == nil {
            model.id = UUID.timeOrdered(at: context.now)
            model.projectID = projectID
            model.contactID = viewer.contactID
            model.name = viewer.contactName
            model.locale = locale.rawValue
            model.createdAt = context.now
            try await model.create(on: tx)
        }
        return try await submit(model, input, address: address, portalUserID: viewer.userID, in: context, on: tx)
    }

    static func submit(
        _ model: CustomerEvaluationModel, _ input: ValidEvaluation, address: String?, portalUserID: UUID?,
        in context: WriteContext, on tx: any Database
    ) async throws -> Outcome {
        guard let view = try await CustomerEvaluationQueries.view(model, on: tx) else { return .unknown }
        if model.submittedAt != nil { return .alreadySubmitted(view) }
        model.set(input.scores)
        model.comment = input.comment
        model.submittedAt = context.now
        model.submittedAddress = address
        model.submittedUserID = portalUserID
        try await model.update(on: tx)
        var changes = AuditChanges()
        for point in CustomerEvaluation.Point.allCases {
            changes.set(point.rawValue, input.scores[point].map(String.init))
        }
        if let comment = input.comment { changes.set("comment", comment) }
        changes.note("projectId", model.projectID.idText)
        changes.note("contactId", model.contactID.idText)
        if let address { changes.note("address", address) }
        try await AuditLog.append(
            .evaluationSubmitted, recordType: .evaluation, recordID: (model.id ?? UUID()).idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        var done = view
        done.evaluation = model.value
        return .submitted(done)
    }

    /// Marks an evaluation's mail sent.
    public static func markMailed(_ id: UUID, at now: Date, on tx: any Database) async throws {
        try await CustomerEvaluationModel.query(on: tx).filter(\.$id == id).filter(\.$mailedAt == nil)
            .set(\.$mailedAt, to: now).update()
    }

    /// A link's secret: HMAC-SHA256 over the project and contact under the asker's random key, in hex.
    static func token(project: UUID, contact: UUID, seed: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(("evaluation/" + project.idText + "/" + contact.idText).utf8), using: SymmetricKey(data: seed))
        return Hex.encode(Data(mac))
    }

    /// The stored form of a link's secret: SHA-256 in hex.
    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}

/// Reads for the evaluation form (by link or in the portal) and its mail.
public enum CustomerEvaluationQueries {
    /// What the form shows: the project, the contact, the language, and the evaluation as it stands.
    public struct View: Sendable, Equatable {
        public var projectID: UUID
        public var projectNumber: String
        public var projectName: String
        public var customerName: String
        public var contactName: String
        public var locale: AppLocale
        public var evaluation: CustomerEvaluation
    }

    static func view(_ model: CustomerEvaluationModel, on db: any Database) async throws -> View? {
        guard let project = try await ProjectModel.find(model.projectID, on: db),
            let customer = try await CustomerModel.find(project.customerID, on: db), customer.deletedAt == nil
        else { return nil }
        return View(
            projectID: model.projectID, projectNumber: project.value.numberText, projectName: project.name,
            customerName: customer.name, contactName: model.name,
            locale: AppLocale(rawValue: model.locale) ?? .zhHans, evaluation: model.value)
    }

    /// The form behind a link.
    public static func check(tokenHash: String, on db: any Database) async throws
        -> CustomerEvaluationCommands.Outcome
    {
        guard let model = try await CustomerEvaluationModel.query(on: db).filter(\.$tokenHash == tokenHash).first(),
            let view = try await view(model, on: db)
        else { return .unknown }
        return model.submittedAt == nil ? .open(view) : .alreadySubmitted(view)
    }

    /// A portal contact's evaluation of one of its customer's projects (open when not yet given); unknown for a
    /// project of another customer.
    public static func forPortal(projectID: UUID, viewer: PortalViewer, on db: any Database) async throws
        -> CustomerEvaluationCommands.Outcome
    {
        guard let project = try await ProjectModel.find(projectID, on: db), project.customerID == viewer.customerID
        else { return .unknown }
        if let model = try await CustomerEvaluationModel.query(on: db).filter(\.$projectID == projectID)
            .filter(\.$contactID == viewer.contactID).first(), let view = try await view(model, on: db)
        {
            return model.submittedAt == nil ? .open(view) : .alreadySubmitted(view)
        }
        let empty = CustomerEvaluation(
            id: UUID(), projectID: projectID, contactID: viewer.contactID, contactName: viewer.contactName,
            askedAt: nil, scores: [:], comment: nil, submittedAt: nil)
        return .open(
            View(
                projectID: projectID, projectNumber: project.value.numberText, projectName: project.name,
                customerName: viewer.customerName, contactName: viewer.contactName, locale: .zhHans,
                evaluation: empty))
    }

    /// A portal item: a project of the contact's customer that is closing or closed, or that the contact was
    /// asked to evaluate, with the contact's evaluation when given.
    public struct PortalItem: Sendable, Equatable {
        public var projectID: UUID
        public var projectNumber: String
        public var projectName: String
        public var asked: Bool
        public var submittedAt: Date?
    }

    public static func portalList(viewer: PortalViewer, on db: any Database) async throws -> [PortalItem] {
        let rows = try await db.sql.raw(
            """
            SELECT p.id, p.number, p.name, e.asked_at, e.submitted_at FROM projects p
            LEFT JOIN customer_evaluations e ON e.project_id = p.id AND e.contact_id = \(bind: viewer.contactID)
            WHERE p.customer_id = \(bind: viewer.customerID)
                AND (p.status IN ('closing', 'closed') OR e.id IS NOT NULL)
            ORDER BY p.number DESC LIMIT 200
            """
        ).all()
        return try rows.map { row in
            PortalItem(
                projectID: try row.uuid("id"),
                projectNumber: ProjectNumber.format(try row.decode(column: "number", as: Int.self)),
                projectName: try row.decode(column: "name", as: String.self),
                asked: try row.optional("asked_at", Date.self) != nil,
                submittedAt: try row.optional("submitted_at", Date.self))
        }
    }

    /// What an evaluation mail needs: the address, and whether it is still worth sending.
    public struct Delivery: Sendable, Equatable {
        public var email: String
        public var view: View
        /// Sent already, or submitted meanwhile: nothing to send.
        public var settled: Bool
    }

    public static func delivery(_ id: UUID, on db: any Database) async throws -> Delivery? {
        guard let model = try await CustomerEvaluationModel.find(id, on: db), let email = model.email,
            let view = try await view(model, on: db)
        else { return nil }
        return Delivery(email: email, view: view, settled: model.mailedAt != nil || model.submittedAt != nil)
    }
}
