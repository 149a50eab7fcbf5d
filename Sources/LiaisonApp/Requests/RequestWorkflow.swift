import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The request writes, one path each for the API and the pages: what a write checks before its transaction and
/// the one command it runs. The controllers decode their input and shape the answer.
enum RequestWorkflow {
    /// The request if the caller may see it; "not found" otherwise (its customer's need-to-know rule decides).
    static func visible(_ id: UUID, _ request: Request) async throws -> (ServiceRequest, CustomerAccess) {
        guard let found = try await RequestQueries.find(id, for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    /// Opens a request for a customer the caller may see; any other customer is an invalid reference, as if it did
    /// not exist.
    static func create(_ valid: ValidRequest, _ request: Request) async throws -> ServiceRequest {
        guard try await CustomerQueries.access(valid.customerID, for: request.viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        let context = request.writeContext
        // Worked out here, on a reading connection, so that the write only checks and stores (see `prepare`).
        let prepared = await RequestCommands.prepare(valid, in: context, on: request.db)
        return try await request.write { tx in try await RequestCommands.create(prepared, in: context, on: tx) }
    }

    /// Applies a person's change to fields and status in one transaction. Resolving sends the contact a single-use
    /// satisfaction link (as a public message on the request).
    static func update(
        _ id: UUID, _ changes: RequestCommands.Changes, expectedVersion: Int?, _ request: Request
    ) async throws -> ServiceRequest {
        let context = request.writeContext
        let secret = request.effects.secret()
        // The message is in the contact's language (the server's default when the contact states none); it is
        // sent only when this change resolves the request.
        var language = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        if changes.status == .resolved, let preferred = try await RequestQueries.contactLanguage(id, on: request.db) {
            language = preferred
        }
        let link = request.publicURL(SurveyRoutes.show.link(secret))
        let survey = SurveyInvitation(
            tokenHash: TokenHash.of(secret), validFor: Double(request.appConfig.surveyDays) * 86_400,
            message: request.catalog.text("survey.message", language, [link]))
        return try await request.write { tx in
            try await RequestCommands.update(
                id, changes, expectedVersion: expectedVersion, survey: survey, in: context, on: tx)
        }
    }

    /// Adds a message, with the file already checked and stored (`AttachmentUpload.prepare`) when there is one. A
    /// public reply from staff passes the message check first (`MessageCheckWorkflow.clear`): refused on a finding
    /// that blocks, or on warnings not confirmed; a confirmed override is audited with the reply.
    static func reply(
        _ message: RequestConversation.NewMessage, file: AttachmentUpload.PreparedFile? = nil, to found: ServiceRequest,
        confirmation: MessageCheckWorkflow.Confirmation? = nil, _ request: Request
    ) async throws -> RequestMessage {
        let context = request.writeContext
        let override = try await checked(message, on: found, confirmation: confirmation, request)
        // Worked out here, on a reading connection, so that the write only checks and stores (see `prepare`).
        let prepared = await RequestConversation.prepare(message, to: found.id, in: context, on: request.db)
        return try await request.write { tx in
            let created = try await RequestConversation.add(prepared, in: context, on: tx)
            try await override?.record(
                on: .request, id: found.id.idText, by: context.actor, at: context.now, on: tx)
            if let file {
                _ = try await file.record(
                    customerID: found.customerID, messageID: created.id, by: context.actor, at: context.now, on: tx)
            }
            return created
        }
    }

    /// The message check of a public reply from staff (a customer's message, a note or an automatic notice is not
    /// checked): the override to audit with the reply, nil when there is nothing to override.
    private static func checked(
        _ message: RequestConversation.NewMessage, on found: ServiceRequest,
        confirmation: MessageCheckWorkflow.Confirmation?, _ request: Request
    ) async throws -> MessageCheckOverride? {
        guard message.visibility == .public, message.contactID == nil, !message.automatic else { return nil }
        let addressee = try await MessageCheckQueries.addressee(
            request: found.id, customer: found.customerID, contact: found.contactID, on: request.db)
        return try await MessageCheckWorkflow.clear(
            message.body, for: .init(addressee: addressee), confirmation: confirmation, request)
    }

    /// Merges a duplicate into another request the caller has found.
    static func merge(_ duplicate: ServiceRequest, into target: UUID, _ request: Request) async throws -> ServiceRequest
    {
        let context = request.writeContext
        return try await request.write { tx in
            try await RequestMergeSplit.merge(duplicate.id, into: target, in: context, on: tx)
        }
    }

    /// The message of a request that a split starts from; "not found" when the request has no such message.
    static func message(_ id: UUID, of found: ServiceRequest, _ request: Request) async throws -> RequestMessage {
        let messages = try await RequestConversation.list(found.id, includeInternal: true, on: request.db)
        guard let message = messages.first(where: { $0.id == id }) else { throw AppError.notFound }
        return message
    }

    /// Starts a new request from one message of an existing one.
    static func split(_ message: RequestMessage, subject: String, _ request: Request) async throws -> ServiceRequest {
        let context = request.writeContext
        return try await request.write { tx in
            try await RequestMergeSplit.split(message: message.id, subject: subject, in: context, on: tx)
        }
    }

    /// Links a request without a customer to an existing customer the caller may see, or to one created from it
    /// (the caller may create customers): the customer, the sender as its contact and the link in one write.
    static func link(
        _ found: ServiceRequest, _ body: LinkRequestBody, expectedVersion: Int?, _ request: Request
    ) async throws -> ServiceRequest {
        guard found.customerID == nil else { throw DataError.conflict(reason: "alreadyLinked") }
        let context = request.writeContext
        if let newCustomer = body.newCustomer {
            guard try request.person.can(.customersEdit) else { throw AppError.forbidden }
            let customer = try newCustomer.input.validated()
            let sender = try await MailStore.firstSender(of: found.id, on: request.db)
            let contactName = body.contactName?.trimmedSpaces().nilIfBlank ?? sender?.name ?? sender?.address
            return try await request.write { tx in
                let created = try await CustomerCommands.create(customer, in: context, on: tx)
                var contactID: UUID?
                if let contactName, let sender {
                    let contact = try ContactInput(
                        customerID: created.id.uuidString, name: String(contactName.prefix(100)), emails: [sender.address]
                    ).validated()
                    contactID = try await ContactCommands.create(contact, in: context, on: tx).id
                }
                return try await RequestCommands.link(
                    found.id, customerID: created.id, contactID: contactID, expectedVersion: expectedVersion,
                    in: context, on: tx)
            }
        }
        var v = FieldValidator()
        let customerID = v.requiredReference("customerId", body.customerId)
        let contactID = v.reference("contactId", body.contactId)
        try v.check()
        let customer = try v.unwrap(customerID, "customerId")
        guard try await CustomerQueries.access(customer, for: request.viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        return try await request.write { tx in
            try await RequestCommands.link(
                found.id, customerID: customer, contactID: contactID, expectedVersion: expectedVersion, in: context,
                on: tx)
        }
    }

    /// A message's raw mail as received or sent (`message/rfc822`), audited as read.
    static func rawMessage(_ messageID: UUID, of found: ServiceRequest, access: CustomerAccess, _ request: Request)
        async throws -> Response
    {
        guard let mail = try await MailStore.byMessage(of: found.id, on: request.db)[messageID] else {
            throw AppError.notFound
        }
        let bytes: [UInt8]
        if let sha256 = mail.rawSHA256 {
            guard let data = try await request.application.context.blobStore.get(sha256: sha256, on: request.db) else {
                throw AppError.notFound
            }
            bytes = Array(data)
        } else if let outgoing = try await MailOutbox.outgoing(mail.id, on: request.db),
            let mailboxID = mail.mailboxID, let mailbox = try await MailboxQueries.find(mailboxID, on: request.db)
        {
            // Our own mail is put together again as it was sent (its date aside).
            bytes = try await MailJobs.render(outgoing, mailbox: mailbox, at: mail.sentAt ?? mail.createdAt, app: request.application)
        } else {
            throw AppError.notFound
        }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            var changes = AuditChanges()
            changes.note("classification", access.classification.rawValue)
            changes.note("requestId", found.id.idText)
            try await AuditLog.append(
                .mailRawRead, recordType: .mail, recordID: mail.id.idText, changes: changes, by: actor, at: now, on: tx)
        }
        return .rawMail(Data(bytes), filename: "\(found.numberText)-\(mail.id.idText.prefix(8)).eml")
    }
}

extension Response {
    /// A raw message to save (`message/rfc822`), never shown inline or kept in a cache.
    static func rawMail(_ data: Data, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "message/rfc822")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

/// How a request without a customer is linked: to `customerId` (and `contactId`), or to `newCustomer`.
struct LinkRequestBody: Content {
    var customerId: String?
    var contactId: String?
    var newCustomer: CreateCustomerRequest?
    var contactName: String?
}
