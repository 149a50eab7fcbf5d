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
        /// The body as plain text, its timeline excerpt and its search text, worked out once before the write (on
        /// the caller's thread, not the writer's).
        public let plainBody: String
        let excerpt: String
        let searchPart: SearchIndex.PreparedPart

        public init(visibility: RequestMessage.Visibility, channel: Channel, body: String, contactID: UUID? = nil) {
            self.visibility = visibility
            self.channel = channel
            self.body = body
            self.contactID = contactID
            plainBody = Markdown.plainText(body.trimmed())
            excerpt = TimelineWriter.excerpt(of: plainBody)
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
        let (actor, now, settings) = (context.actor, context.now, context.settings)
        let id = request.id!
        let status = RequestStatus(rawValue: request.status) ?? .open
        if status == .closed { throw DataError.conflict(reason: "requestClosed") }
        let body = message.body.trimmed()
        guard !body.isEmpty else { throw ValidationFailure([ValidationIssue("body", "required")]) }
        guard body.count <= 100_000 else { throw ValidationFailure([ValidationIssue("body", "tooLong", ["100000"])]) }
        if let contact = message.contactID {
            guard try await CustomerRow.customerID(ofContact: contact, on: tx) == request.customerID else {
                throw ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")])
            }
        }
        let fromCustomer = message.contactID != nil
        let model = RequestMessageModel()
        model.id = UUID.timeOrdered()
        model.requestID = id
        model.authorID = fromCustomer ? nil : actor.userID
        model.contactID = message.contactID
        model.visibility = (fromCustomer ? RequestMessage.Visibility.public : message.visibility).rawValue
        model.channel = message.channel.rawValue
        model.body = body
        model.createdAt = now
        try await model.insert(on: tx)

        let calendar = try await RequestCommands.calendar(for: request.slaPolicyID, by: actor, at: now, on: tx)
        var sla = try request.slaState
        if fromCustomer {
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
        try await request.save(on: tx)
        LiveEvents.announce(.messageAdded(model.id!, request: id, customer: request.customerID))

        try await TimelineWriter.record(
            kind: .requestMessage, refID: id, customerID: request.customerID,
            contactIDs: message.contactID.map { [$0] } ?? [], occurredAt: now, channel: message.channel,
            direction: fromCustomer ? .inbound : (message.visibility == .public ? .outbound : .internal),
            title: RequestNumber.format(Int(request.number)) + " " + request.subject, excerpt: message.excerpt,
            actorLabel: actor.label, on: tx)
        // Replies and notes are found by search as their request (its customer's classification, its title).
        if let classification = try await CustomerRow.classification(of: request.customerID, on: tx) {
            try await SearchIndex.addPart(
                .request, refID: id, customerID: request.customerID, classification: classification,
                title: RequestNumber.format(Int(request.number)) + " " + request.subject,
                prepared: message.searchPart, at: now, on: tx)
        }
        try await CustomerCommands.touch(request.customerID, activityAt: now, on: tx)
        var changes = AuditChanges()
        changes.note("messageId", model.id!.idText)
        changes.note("visibility", model.visibility)
        // A person named who may not know the customer is not told (and learns nothing of the request).
        var withheld = 0
        for person in try await mentioned(in: body, on: tx) where person != actor.userID {
            let told = try await NotificationStore.add(
                to: person, kind: "mention", textKey: "notify.mentioned",
                values: [actor.label, RequestNumber.format(Int(request.number)), request.subject],
                subject: .request(id, messageID: model.id), about: request.customerID, at: now, on: tx)
            if !told { withheld += 1 }
        }
        if withheld > 0 { changes.note("mentionsWithheld", String(withheld)) }
        try await AuditLog.append(
            .messageAdded, recordType: .request, recordID: id.idText, changes: changes, by: actor, at: now, on: tx)
        return model.value
    }

    public static func list(_ requestID: UUID, includeInternal: Bool, on db: any Database) async throws -> [RequestMessage] {
        let query = RequestMessageModel.query(on: db).filter(\.$requestID == requestID)
        if !includeInternal { query.filter(\.$visibility == RequestMessage.Visibility.public.rawValue) }
        return try await query.sort(\.$createdAt).sort(\.$id).all().map(\.value)
    }

    /// Active people named in the text as @name or @email (or the part of the email before @).
    static func mentioned(in body: String, on db: any Database) async throws -> [UUID] {
        guard body.contains("@") else { return [] }
        let people = try await UserModel.query(on: db).filter(\.$active == true).all()
        let handles = people.flatMap { person -> [(id: UUID, handle: String)] in
            let local = person.email.split(separator: "@").first.map(String.init) ?? ""
            return [(person.id!, person.name), (person.id!, person.email), (person.id!, local)]
        }
        return Mentions.find(in: body, handles: handles).sorted { $0.idText < $1.idText }
    }
}
