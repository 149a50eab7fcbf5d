import FluentKit
import Foundation
import LiaisonCore

/// Messages on a request: public replies, customer messages and internal notes.
public enum RequestConversation {
    public struct NewMessage: Sendable, Equatable {
        public var visibility: RequestMessage.Visibility
        public var channel: Channel
        public var body: String
        /// Set for a message from the customer's contact; nil for staff.
        public var contactID: UUID?
        /// A message from outside without a contact (mail from an unknown sender): the customer's side all the same.
        public var fromOutside: Bool
        /// A message no person wrote: from outside, an auto-reply or a bounce; from us, a notice (an acknowledgement).
        /// Recorded (and ours mailed, marked as automatic), but it neither reopens the request nor moves its clocks,
        /// so that two robots cannot keep a request going and a notice is no response.
        public var automatic: Bool
        /// The body as plain text and its search text, worked out once before the write (on the caller's thread,
        /// not the writer's).
        public let plainBody: String
        let searchPart: SearchIndex.PreparedPart

        public init(
            visibility: RequestMessage.Visibility, channel: Channel, body: String, contactID: UUID? = nil,
            fromOutside: Bool = false, automatic: Bool = false
        ) {
            self.visibility = visibility
            self.channel = channel
            self.body = body
            self.contactID = contactID
            self.fromOutside = fromOutside || contactID != nil
            self.automatic = automatic
            plainBody = Markdown.plainText(body.trimmed())
            searchPart = SearchIndex.PreparedPart(plainBody)
        }
    }

    /// Adds a message. A public staff reply answers the customer (stops the first- and next-response clocks and
    /// opens a new request); a customer message reopens a waiting or resolved request and starts the next-response
    /// clock. Closed requests take no messages. Colleagues named with @ are notified.
    public static func add(
        _ message: NewMessage, to id: UUID, in context: WriteContext, on tx: any Database
    ) async throws -> RequestMessage {
        guard let request = try await RequestModel.load(id, on: tx) else { throw DataError.notFound }
        return try await add(message, to: request, in: context, on: tx)
    }

    /// `add` on a request already read (and perhaps changed) in the same write.
    static func add(
        _ message: NewMessage, to request: RequestModel, in context: WriteContext, on tx: any Database
    ) async throws -> RequestMessage {
        let calendar = try await RequestCommands.calendar(
            for: request.slaPolicyID, by: context.actor, at: context.now, on: tx)
        let plan = try await plan(message, to: request, calendar: calendar, in: context)
        request.stored = SavedColumns(request)
        return try await apply(plan, in: context, on: tx)
    }

    /// A message worked out before its write (`prepare`): what the write stores, and the request as it was read,
    /// so that the write can tell whether the plan still holds.
    public struct PreparedMessage: Sendable {
        let message: NewMessage
        let requestID: UUID
        /// The request as the plan read it; nil when no plan could be made before the write.
        let read: RequestSnapshot?
        let plan: Plan?
    }

    /// Works a message out before its write, from the request as `db` (outside the write) holds it: the SLA clocks,
    /// the request's new row, the message, timeline and audit values. The write (`add(_:in:on:)`) then only checks
    /// that the request is still as read and runs the statements, so this work is not done on SQLite's one writer
    /// thread. Anything that keeps a plan from being made (the request is missing, closed, the body is invalid)
    /// leaves it to the write, which decides as always.
    public static func prepare(
        _ message: NewMessage, to id: UUID, in context: WriteContext, on db: any Database
    ) async -> PreparedMessage {
        do {
            guard let request = try await RequestModel.load(id, on: db) else { throw DataError.notFound }
            let read = RequestSnapshot(request)
            let calendar = try await RequestCommands.calendar(
                for: request.slaPolicyID, by: context.actor, at: context.now, on: db)
            let plan = try await plan(message, to: request, calendar: calendar, in: context)
            return PreparedMessage(message: message, requestID: id, read: read, plan: plan)
        } catch {
            return PreparedMessage(message: message, requestID: id, read: nil, plan: nil)
        }
    }

    /// Adds a prepared message: its plan when the request is still as the plan read it, else as `add` would.
    public static func add(_ prepared: PreparedMessage, in context: WriteContext, on tx: any Database) async throws
        -> RequestMessage
    {
        guard let request = try await RequestModel.load(prepared.requestID, on: tx) else { throw DataError.notFound }
        if let plan = prepared.plan, let read = prepared.read, RequestSnapshot(request) == read {
            return try await apply(plan, in: context, on: tx)
        }
        return try await add(prepared.message, to: request, in: context, on: tx)
    }

    /// What adding a message stores, worked out from the request (which it changes: SLA clocks, status, version)
    /// without reading the database.
    struct Plan: Sendable {
        let message: NewMessage
        let body: String
        let messageID: UUID
        let requestID: UUID
        let customerID: UUID?
        let queueID: UUID?
        let contactID: UUID?
        let assigneeID: UUID?
        let requestNumber: Int64
        let visibility: RequestMessage.Visibility
        let number: String
        let subject: String
        let requestUpdate: FixedStatement
        let requestValues: [SQLValue]
        /// The audit entry's changes, encoded (a note is added, and they are encoded again, only when mentions
        /// were withheld).
        let changes: AuditChanges
        let encodedChanges: String
    }

    static func plan(
        _ message: NewMessage, to request: RequestModel, calendar: BusinessCalendar, in context: WriteContext
    ) async throws -> Plan {
        let (now, settings) = (context.now, context.settings)
        let id = request.id!
        let status = RequestStatus(rawValue: request.status) ?? .open
        if status == .closed { throw DataError.conflict(reason: "requestClosed") }
        let body = message.body.trimmed()
        guard !body.isEmpty else { throw ValidationFailure([ValidationIssue("body", "required")]) }
        guard body.count <= 100_000 else { throw ValidationFailure([ValidationIssue("body", "tooLong", ["100000"])]) }
        let fromCustomer = message.fromOutside
        let visibility = fromCustomer ? RequestMessage.Visibility.public : message.visibility
        var sla = try request.slaState
        if message.automatic {
            // Recorded only: no clock, no status.
        } else if fromCustomer {
            sla.customerMessage(at: now, status: status)
            request.setSLAState(sla)
            if status == .waitingOnCustomer || status == .resolved {
                try await RequestCommands.move(request, to: .open, calendar: calendar, settings: settings, at: now)
            }
        } else if message.visibility == .public {
            sla.publicReply(at: now)
            request.setSLAState(sla)
            if status == .new {
                try await RequestCommands.move(request, to: .open, calendar: calendar, settings: settings, at: now)
            }
        }
        try RequestCommands.refresh(request, calendar: calendar, settings: settings)
        request.version += 1
        request.updatedAt = now
        let update = request.saveStatement()
        let messageID = UUID.timeOrdered()
        var changes = AuditChanges()
        changes.note("messageId", messageID.idText)
        changes.note("visibility", visibility.rawValue)
        let number = RequestNumber.format(Int(request.number))
        return Plan(
            message: message, body: body, messageID: messageID, requestID: id, customerID: request.customerID, queueID: request.queueID, contactID: request.contactID,
            assigneeID: request.assigneeID, requestNumber: request.number,
            visibility: visibility, number: number, subject: request.subject,
            requestUpdate: update.statement, requestValues: update.values, changes: changes,
            encodedChanges: AuditLog.encode(changes))
    }

    /// Runs a plan's statements (and the reads that must be made inside the write: the contact's customer, the
    /// customer's classification for search, the people named).
    static func apply(_ plan: Plan, in context: WriteContext, on tx: any Database) async throws -> RequestMessage {
        let (actor, now) = (context.actor, context.now)
        let message = plan.message
        let id = plan.requestID
        if let contact = message.contactID {
            guard plan.customerID != nil, try await CustomerRow.customerID(ofContact: contact, on: tx) == plan.customerID
            else {
                throw ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")])
            }
        }
        let fromCustomer = message.fromOutside
        let model = RequestMessageModel()
        model.id = plan.messageID
        model.requestID = id
        model.authorID = fromCustomer ? nil : actor.userID
        model.contactID = message.contactID
        model.visibility = plan.visibility.rawValue
        model.channel = message.channel.rawValue
        model.body = plan.body
        model.createdAt = now
        model.customerID = plan.customerID
        model.opening = 0
        // The message is its own entry on its customer's and contact's timelines (`TimelineQueries`).
        try await model.insert(on: tx)
        try await tx.run(plan.requestUpdate, plan.requestValues)
        if !fromCustomer, plan.visibility == .public {
            // A public reply goes to the customer by mail too, when there is a mailbox and an address.
            try await MailOutbox.queueReply(
                on: (id, plan.requestNumber, plan.subject, plan.contactID, plan.customerID, plan.queueID),
                messageID: plan.messageID, automatic: message.automatic, in: context, on: tx)
        }
        LiveEvents.announce(.messageAdded(plan.messageID, request: id, customer: plan.customerID))

        // Replies and notes are found by search as their request (its customer's classification; its title is read
        // from the request's document).
        // A request without a customer is not in search until it is linked (its document is made then).
        if let customerID = plan.customerID {
            if let classification = try await CustomerRow.classification(of: customerID, on: tx) {
                try await SearchIndex.addPart(
                    .request, refID: id, customerID: customerID, classification: classification,
                    prepared: message.searchPart, at: now, on: tx)
            }
            try await CustomerCommands.touch(customerID, activityAt: now, on: tx)
        }
        var changes = plan.changes
        let body = plan.body
        // A person named who may not know the customer is not told (and learns nothing of the request).
        var withheld = 0
        // A customer's message notifies nobody by name: only staff call colleagues in.
        for person in try await fromCustomer ? [] : mentioned(in: body, on: tx) where person != actor.userID {
            if plan.customerID == nil,
                try await !RequestQueries.mayKnowUnlinked(queue: plan.queueID, person: person, on: tx)
            {
                withheld += 1
                continue
            }
            let told = try await NotificationStore.add(
                to: person, kind: .mention, textKey: "notify.mentioned",
                values: [actor.label, plan.number, plan.subject],
                subject: .request(id, messageID: model.id), about: plan.customerID, at: now, on: tx)
            if !told { withheld += 1 }
        }
        if withheld > 0 { changes.note("mentionsWithheld", String(withheld)) }
        // The customer answered (by mail, or recorded by a colleague): the person the request is assigned to hears
        // of it. An auto-reply is not an answer.
        if fromCustomer, !message.automatic, let assignee = plan.assigneeID, assignee != actor.userID {
            try await NotificationStore.add(
                to: assignee, kind: .customerReply, textKey: "notify.customerReplied",
                values: [plan.number, plan.subject],
                subject: .request(id, messageID: model.id), about: plan.customerID, at: now, on: tx)
        }
        try await AuditLog.append(
            action: AuditAction.messageAdded.rawValue, recordType: AuditRecordType.request.rawValue,
            recordID: id.idText, encodedChanges: withheld > 0 ? AuditLog.encode(changes) : plan.encodedChanges,
            by: actor, at: now, on: tx)
        return model.value
    }

    public static func list(_ requestID: UUID, includeInternal: Bool, on db: any Database) async throws -> [RequestMessage] {
        let query = RequestMessageModel.query(on: db).filter(\.$requestID == requestID)
        if !includeInternal { query.filter(\.$visibility == RequestMessage.Visibility.public.rawValue) }
        return try await query.sort(\.$createdAt).sort(\.$id).all().map(\.value)
    }

    /// Active staff named in the text as @name or @email (or the part of the email before @).
    static func mentioned(in body: String, on db: any Database) async throws -> [UUID] {
        guard body.contains("@") else { return [] }
        let people = try await UserModel.query(on: db).filter(\.$active == true).filter(\.$contactID == nil).all()
        let handles = people.flatMap { person -> [(id: UUID, handle: String)] in
            let local = person.email.split(separator: "@").first.map(String.init) ?? ""
            return [(person.id!, person.name), (person.id!, person.email), (person.id!, local)]
        }
        return Mentions.find(in: body, handles: handles).sorted { $0.idText < $1.idText }
    }
}
