import FluentKit
import Foundation
import LiaisonCore

/// Settings the request commands need from configuration.
public struct RequestSettings: Sendable, Equatable {
    /// Share of a target after which the assignee is warned (default 75%).
    public var warnShare: Double

    public init(warnShare: Double = 0.75) {
        self.warnShare = warnShare
    }
}

public enum RequestCommands {
    /// Applies a person's change in one go: the fields first (a new kind or priority recomputes the SLA targets,
    /// audited as such; time used stays used), then the status move, and when that resolves the request and a
    /// `survey` is given, the contact's invitation to rate the service as a public message. Returns the request as
    /// it then stands. A move the status does not allow is refused as `status`'s `badTransition`.
    public static func update(
        _ id: UUID, _ changes: Changes, expectedVersion: Int?, survey: SurveyInvitation? = nil,
        in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        let model = try await load(id, expectedVersion: expectedVersion, on: tx)
        try await applyFields(changes, to: model, in: context, on: tx)
        guard let status = changes.status, status != RequestStatus(rawValue: model.status) ?? .open else {
            return try model.value
        }
        do {
            try await changeStatus(model, to: status, in: context, on: tx)
        } catch DataError.conflict(let reason) where reason == "badTransition" {
            throw ValidationFailure([ValidationIssue("status", "badTransition")])
        }
        if status == .resolved, let survey {
            try await Satisfaction.issue(
                for: id, tokenHash: survey.tokenHash, validFor: survey.validFor, at: context.now, on: tx)
            _ = try await RequestConversation.add(
                .init(visibility: .public, channel: Channel(rawValue: model.channel) ?? .portal, body: survey.message),
                to: model, in: context, on: tx)
        }
        return try model.value
    }

    /// The field changes of `update`, on a request already read; saved and audited when anything changed.
    static func applyFields(_ changes: Changes, to model: RequestModel, in context: WriteContext, on tx: any Database)
        async throws
    {
        let (actor, now, settings) = (context.actor, context.now, context.settings)
        let id = model.id!
        var audit = AuditChanges()
        if let subject = changes.subject {
            audit.field("subject", from: model.subject, to: subject)
            model.subject = subject
        }
        if let queue = changes.queueID {
            if let queue, try await DepartmentModel.find(queue, on: tx) == nil {
                throw ValidationFailure([ValidationIssue("queueId", "invalidReference")])
            }
            audit.field("queueId", from: model.queueID?.idText, to: queue?.idText)
            model.queueID = queue
        }
        var newAssignee: UUID?
        if let assignee = changes.assigneeID {
            if let assignee {
                try await requireAssignable(assignee, customerID: model.customerID, queueID: model.queueID, on: tx)
            }
            if assignee != model.assigneeID { newAssignee = assignee }
            audit.field("assigneeId", from: model.assigneeID?.idText, to: assignee?.idText)
            model.assigneeID = assignee
        }
        let kindChanged = changes.kind.map { $0.rawValue != model.kind } ?? false
        let priorityChanged = changes.priority.map { $0.rawValue != model.priority } ?? false
        if let kind = changes.kind { audit.field("kind", from: model.kind, to: kind.rawValue); model.kind = kind.rawValue }
        if let priority = changes.priority {
            audit.field("priority", from: model.priority, to: priority.rawValue)
            model.priority = priority.rawValue
        }
        guard !audit.isEmpty else { return }
        let calendar = try await calendar(for: model.slaPolicyID, by: actor, at: now, on: tx)
        if kindChanged || priorityChanged {
            let policy = try await policy(for: model.slaPolicyID, by: actor, at: now, on: tx)
            var tier = CustomerTier.standard
            if let customer = model.customerID, let row = try await CustomerRow.find(customer, on: tx) {
                tier = CustomerTier(rawValue: row.tier) ?? .standard
            }
            var sla = try model.slaState
            let before = sla.targets
            sla.retarget(policy.targets(kind: RequestKind(rawValue: model.kind) ?? .inquiry,
                priority: Priority(rawValue: model.priority) ?? .normal, tier: tier))
            model.setSLAState(sla)
            var retarget = AuditChanges()
            retarget.field("targets", from: JSONColumn.encode(before), to: JSONColumn.encode(sla.targets))
            try await AuditLog.append(
                .requestRetargeted, recordType: .request, recordID: id.idText, changes: retarget, by: actor,
                at: now, on: tx)
        }
        try refresh(model, calendar: calendar, settings: settings)
        model.version += 1
        model.updatedAt = now
        try await model.save(on: tx)
        LiveEvents.announce(.requestChanged(id, customer: model.customerID))
        if changes.subject != nil, model.customerID != nil {
            let title = RequestNumber.format(Int(model.number)) + " " + model.subject
            try await SearchIndex.revise(refID: id, title: title, updatedAt: now, on: tx)
        }
        try await AuditLog.append(
            newAssignee != nil && audit.fields.count == 1 ? .requestAssigned : .requestUpdated, recordType: .request,
            recordID: id.idText, changes: audit, by: actor, at: now, on: tx)
        if let newAssignee, newAssignee != actor.userID { try await notifyAssigned(model, to: newAssignee, at: now, on: tx) }
    }

    /// Moves a request to another status; impossible moves are refused with `conflict.badTransition`.
    public static func changeStatus(
        _ id: UUID, to status: RequestStatus, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        let model = try await load(id, expectedVersion: expectedVersion, on: tx)
        try await changeStatus(model, to: status, in: context, on: tx)
        return try model.value
    }

    static func changeStatus(
        _ model: RequestModel, to status: RequestStatus, in context: WriteContext, on tx: any Database
    ) async throws {
        let (actor, now, settings) = (context.actor, context.now, context.settings)
        let id = model.id!
        let current = RequestStatus(rawValue: model.status) ?? .open
        guard current.canMove(to: status) else { throw DataError.conflict(reason: "badTransition") }
        let calendar = try await calendar(for: model.slaPolicyID, by: actor, at: now, on: tx)
        try await move(model, to: status, calendar: calendar, settings: settings, at: now)
        model.version += 1
        model.updatedAt = now
        try await model.save(on: tx)
        LiveEvents.announce(.requestChanged(id, customer: model.customerID))
        var changes = AuditChanges()
        changes.field("status", from: current.rawValue, to: status.rawValue)
        try await AuditLog.append(
            .requestStatusChanged, recordType: .request, recordID: id.idText, changes: changes, by: actor,
            at: now, on: tx)
    }

    static func move(
        _ model: RequestModel, to status: RequestStatus, calendar: BusinessCalendar, settings: RequestSettings,
        at now: Date
    ) async throws {
        var sla = try model.slaState
        sla.statusChanged(to: status, at: now, calendar: calendar)
        model.setSLAState(sla)
        model.status = status.rawValue
        switch status {
        case .resolved: model.resolvedAt = now
        case .closed: model.closedAt = now
        case .open: model.resolvedAt = nil; model.closedAt = nil
        default: break
        }
        try refresh(model, calendar: calendar, settings: settings)
    }

    /// Keeps the stored due times and the sweep's next look in step with the SLA state.
    static func refresh(_ model: RequestModel, calendar: BusinessCalendar, settings: RequestSettings) throws {
        let sla = try model.slaState
        model.firstResponseDueAt = sla.dueDate(.firstResponse, calendar: calendar)
        model.nextResponseDueAt = sla.dueDate(.nextResponse, calendar: calendar)
        model.resolutionDueAt = sla.dueDate(.resolution, calendar: calendar)
        model.dueKey = model.resolutionDueAt ?? RequestQueries.farFuture
        model.firstRespondedAt = sla.firstRespondedAt
        model.nextCheckAt = sla.nextCheck(calendar: calendar, warnShare: settings.warnShare, handled: try model.handled)
    }

    static func load(_ id: UUID, expectedVersion: Int?, on tx: any Database) async throws -> RequestModel {
        guard let model = try await RequestModel.load(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    static func policy(for id: UUID?, by actor: AuditActor, at now: Date, on tx: any Database) async throws -> SLAPolicy {
        try await SLAContext.load(policyID: id, by: actor, at: now, on: tx).policy
    }

    /// The calendar a request's clocks run on: its policy's, else the default policy's.
    static func calendar(for policyID: UUID?, by actor: AuditActor, at now: Date, on tx: any Database) async throws
        -> BusinessCalendar
    {
        try await SLAContext.load(policyID: policyID, by: actor, at: now, on: tx).calendar
    }

    static func index(_ model: RequestModel, plainBody: String, customer: CustomerRow, isNew: Bool, on tx: any Database)
        async throws
    {
        try await SearchIndex.upsert(
            .request, refID: model.id!, customerID: customer.id,
            classification: Classification(rawValue: customer.classification) ?? .secret,
            title: RequestNumber.format(Int(model.number)) + " " + model.subject,
            text: [plainBody, customer.name].joined(separator: "\n"), updatedAt: model.updatedAt,
            isNew: isNew, on: tx)
    }

    /// An assignee must be an active person who may know the request's customer: a confidential customer's request
    /// goes only to its account team (or to people who see everything), never to someone who cannot open it. A
    /// request without a customer goes only to a member of its queue or to someone who sees everything.
    static func requireAssignable(_ assignee: UUID, customerID: UUID?, queueID: UUID?, on tx: any Database) async throws {
        try await CustomerCommands.requireActivePerson(assignee, field: "assigneeId", on: tx)
        let allowed = if let customerID {
            try await CustomerQueries.mayKnow(customerID, person: assignee, on: tx)
        } else {
            try await RequestQueries.mayKnowUnlinked(queue: queueID, person: assignee, on: tx)
        }
        guard allowed else {
            throw ValidationFailure([ValidationIssue("assigneeId", "assigneeCannotSeeCustomer")])
        }
    }

    static func notifyAssigned(_ model: RequestModel, to userID: UUID, at now: Date, on tx: any Database) async throws {
        if model.customerID == nil, try await !RequestQueries.mayKnowUnlinked(queue: model.queueID, person: userID, on: tx) {
            return
        }
        try await NotificationStore.add(
            to: userID, kind: .assigned, textKey: "notify.assigned",
            values: [RequestNumber.format(Int(model.number)), model.subject], subject: .request(model.id!),
            about: model.customerID, at: now, on: tx)
    }
}
