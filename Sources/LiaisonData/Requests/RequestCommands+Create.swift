import FluentKit
import Foundation
import LiaisonCore

/// Opening a request: its clocks and search document worked out before the write where they can be, then the write.
extension RequestCommands {
    /// Creates a request with its SLA targets (fixed now, from the default policy and the customer's tier), the
    /// customer's first message, a timeline entry, a search entry and, for queues that assign automatically, an
    /// assignee.
    public static func create(
        _ input: ValidRequest, in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        try await create(PreparedRequest(input: input, clocks: nil), in: context, on: tx)
    }

    /// A new request worked out before its write (`prepare`): its SLA clocks and due times, and its search
    /// document.
    public struct PreparedRequest: Sendable {
        let input: ValidRequest
        /// Nil when they could not be worked out before the write (the write then does).
        let clocks: Clocks?
        /// The search document after the request's number, for the customer name it holds.
        let document: (customerName: String, document: SearchIndex.PreparedDocument)?

        init(input: ValidRequest, clocks: Clocks?, customerName: String? = nil) {
            self.input = input
            self.clocks = clocks
            document = customerName.map {
                ($0, SearchIndex.PreparedDocument(titleAfterLabel: " " + input.subject, text: input.plainBody + "\n" + $0))
            }
        }
    }

    /// Works out a new request's clocks from the default policy and the customer's tier as `db` (outside the write)
    /// holds them, so that this work is not done on SQLite's one writer thread. The write uses them when the
    /// customer's tier is still the one read; anything that keeps them from being worked out here is left to it.
    public static func prepare(_ input: ValidRequest, in context: WriteContext, on db: any Database) async
        -> PreparedRequest
    {
        do {
            guard let customer = try await CustomerRow.find(input.customerID, on: db) else {
                return PreparedRequest(input: input, clocks: nil)
            }
            // Outside the write: never creates the default policy (the write does, under the audit chain's lock).
            let slaContext = try await SLAContext.load(
                policyID: nil, by: context.actor, at: context.now, on: db, creatingDefault: false)
            let clocks = try Clocks(
                kind: input.kind, priority: input.priority, tier: customer.tier, slaContext: slaContext, in: context)
            return PreparedRequest(input: input, clocks: clocks, customerName: customer.name)
        } catch {
            return PreparedRequest(input: input, clocks: nil)
        }
    }

    /// A new request's SLA columns: its targets from the policy and the customer's tier, fixed at its creation, and
    /// the due times and next look that follow.
    struct Clocks: Sendable, Equatable {
        let tier: String
        let policyID: UUID
        let sla: String
        let breaches: String
        let escalations: String
        let firstResponseDueAt: Date?
        let nextResponseDueAt: Date?
        let resolutionDueAt: Date?
        let dueKey: Date?
        let firstRespondedAt: Date?
        let nextCheckAt: Date?
        /// The targets as the audit entry notes them.
        let targets: String

        init(
            kind: RequestKind, priority: Priority, tier: String, slaContext: SLAContext, in context: WriteContext
        ) throws {
            let customerTier = CustomerTier(rawValue: tier) ?? .standard
            let model = RequestModel()
            model.setSLAState(
                RequestSLA.start(
                    slaContext.policy.targets(kind: kind, priority: priority, tier: customerTier),
                    at: context.now))
            model.setBreachSet([])
            model.setHandled([])
            try RequestCommands.refresh(model, calendar: slaContext.calendar, settings: context.settings)
            self.tier = tier
            policyID = slaContext.policyID
            (sla, breaches, escalations) = (model.sla, model.breaches, model.escalations)
            (firstResponseDueAt, nextResponseDueAt, resolutionDueAt) =
                (model.firstResponseDueAt, model.nextResponseDueAt, model.resolutionDueAt)
            (dueKey, firstRespondedAt, nextCheckAt) = (model.dueKey, model.firstRespondedAt, model.nextCheckAt)
            targets = JSONColumn.encode(try model.slaState.targets)
        }

        func apply(to model: RequestModel) {
            model.slaPolicyID = policyID
            (model.sla, model.breaches, model.escalations) = (sla, breaches, escalations)
            (model.firstResponseDueAt, model.nextResponseDueAt, model.resolutionDueAt) =
                (firstResponseDueAt, nextResponseDueAt, resolutionDueAt)
            (model.dueKey, model.firstRespondedAt, model.nextCheckAt) = (dueKey, firstRespondedAt, nextCheckAt)
        }
    }

    /// Creates a prepared request: as `create`, with the clocks worked out before the write when the customer's
    /// tier is still the one they were worked out for.
    public static func create(
        _ prepared: PreparedRequest, in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        let input = prepared.input
        let (actor, now) = (context.actor, context.now)
        guard let customer = try await CustomerRow.find(input.customerID, on: tx) else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        if let contact = input.contactID {
            guard try await CustomerRow.customerID(ofContact: contact, on: tx) == input.customerID
            else { throw ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")]) }
        }
        if let queue = input.queueID, try await DepartmentModel.find(queue, on: tx) == nil {
            throw ValidationFailure([ValidationIssue("queueId", "invalidReference")])
        }
        if let assignee = input.assigneeID {
            try await requireAssignable(assignee, customerID: input.customerID, queueID: input.queueID, on: tx)
        }
        let clocks: Clocks
        if let planned = prepared.clocks, planned.tier == customer.tier {
            clocks = planned
        } else {
            let slaContext = try await SLAContext.load(policyID: nil, by: actor, at: now, on: tx)
            clocks = try Clocks(
                kind: input.kind, priority: input.priority, tier: customer.tier, slaContext: slaContext, in: context)
        }
        let model = RequestModel()
        model.customerID = input.customerID
        model.contactID = input.contactID
        model.kind = input.kind.rawValue
        model.priority = input.priority.rawValue
        model.channel = input.channel.rawValue
        model.subject = input.subject
        model.queueID = input.queueID
        model.assigneeID = input.assigneeID
        let document = prepared.document.flatMap { $0.customerName == customer.name ? $0.document : nil }
        let opened = try await open(
            model, clocks: clocks, body: input.body, plainBody: input.plainBody, fromOutside: input.contactID != nil,
            customer: customer, document: document, in: context, on: tx)
        return try opened.request.value
    }

    /// Opens a request from mail whose sender is no contact of any customer: it has no customer until someone
    /// links it to one (or creates one from it), and waits in `queueID`, seen by that department and by the people
    /// who see everything. Its clocks are those of the default policy for a standard customer. Not in search (whose
    /// need-to-know rule is a customer's) until linked.
    static func openWithoutCustomer(
        subject: String, body: String, plainBody: String, queueID: UUID?, in context: WriteContext, on tx: any Database
    ) async throws -> (request: RequestModel, messageID: UUID) {
        let slaContext = try await SLAContext.load(policyID: nil, by: context.actor, at: context.now, on: tx)
        let clocks = try Clocks(
            kind: .inquiry, priority: .normal, tier: CustomerTier.standard.rawValue, slaContext: slaContext,
            in: context)
        let model = RequestModel()
        model.customerID = nil
        model.contactID = nil
        model.kind = RequestKind.inquiry.rawValue
        model.priority = Priority.normal.rawValue
        model.channel = Channel.email.rawValue
        model.subject = subject
        model.queueID = queueID
        return try await open(
            model, clocks: clocks, body: body, plainBody: plainBody, fromOutside: true, customer: nil, document: nil,
            in: context, on: tx)
    }

    /// The part of opening a request that every way shares: its number, row, opening message, search document,
    /// audit entry and the assignee's notification. `model` holds the customer, contact, kind, priority, channel,
    /// subject, queue and a chosen assignee.
    static func open(
        _ model: RequestModel, clocks: Clocks, body: String, plainBody: String, fromOutside: Bool,
        customer: CustomerRow?, document: SearchIndex.PreparedDocument?, in context: WriteContext,
        on tx: any Database
    ) async throws -> (request: RequestModel, messageID: UUID) {
        let (actor, now) = (context.actor, context.now)
        model.id = UUID.timeOrdered()
        model.number = try await Counters.next("request", on: tx)
        model.status = RequestStatus.new.rawValue
        clocks.apply(to: model)
        model.createdBy = actor.userID
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        if model.assigneeID == nil, let queue = model.queueID {
            model.assigneeID = try await Assignment.pick(queue: queue, customerID: model.customerID, at: now, on: tx)
        }
        try await model.insert(on: tx)
        LiveEvents.announce(.requestCreated(model.id!, customer: model.customerID))
        let message = RequestMessageModel()
        message.id = UUID.timeOrdered()
        message.requestID = model.id!
        message.contactID = model.contactID
        message.authorID = fromOutside ? nil : actor.userID
        message.visibility = RequestMessage.Visibility.public.rawValue
        message.channel = model.channel
        message.body = body
        message.createdAt = now
        message.customerID = model.customerID
        message.opening = 1
        // The opening message is the request's entry on its customer's and contact's timelines.
        try await message.insert(on: tx)
        if let customer {
            if let document {
                try await SearchIndex.upsert(
                    .request, refID: model.id!, customerID: customer.id,
                    classification: Classification(rawValue: customer.classification) ?? .secret,
                    label: RequestNumber.format(Int(model.number)), prepared: document, updatedAt: model.updatedAt,
                    isNew: true, on: tx)
            } else {
                try await index(model, plainBody: plainBody, customer: customer, isNew: true, on: tx)
            }
            try await CustomerCommands.touch(customer.id, activityAt: now, on: tx)
        }
        var changes = AuditChanges()
        changes.set("number", RequestNumber.format(Int(model.number)))
        changes.set("customerId", model.customerID?.idText)
        changes.set("kind", model.kind)
        changes.set("priority", model.priority)
        changes.set("assigneeId", model.assigneeID?.idText)
        changes.note("targets", clocks.targets)
        try await AuditLog.append(
            .requestCreated, recordType: .request, recordID: model.id!.idText, changes: changes, by: actor, at: now,
            on: tx)
        if let assignee = model.assigneeID, assignee != actor.userID {
            try await notifyAssigned(model, to: assignee, at: now, on: tx)
        }
        return (model, message.id!)
    }

    /// What a person may change on a request at once: its fields and its status (its conversation has commands of
    /// its own). Nil leaves a value as it is; `.some(nil)` clears a queue or an assignee.
    public struct Changes: Sendable, Equatable {
        public var kind: RequestKind?
        public var priority: Priority?
        public var subject: String?
        public var queueID: UUID??
        public var assigneeID: UUID??
        public var status: RequestStatus?

        public init(
            kind: RequestKind? = nil, priority: Priority? = nil, subject: String? = nil, queueID: UUID?? = nil,
            assigneeID: UUID?? = nil, status: RequestStatus? = nil
        ) {
            self.kind = kind
            self.priority = priority
            self.subject = subject
            self.queueID = queueID
            self.assigneeID = assigneeID
            self.status = status
        }
    }
}
