import FluentKit
import Foundation
import LiaisonCore

/// Capturing, changing, moving and assessing requirements. Each command is one write: the change, its history
/// row and its audit entry commit together, and every reference is checked inside the write.
public enum RequirementCommands {
    /// Captures a requirement (status `captured`). The caller has checked that it may see the customer and the
    /// source; here the references are checked to exist and to belong to the customer.
    public static func create(_ input: ValidRequirement, in context: WriteContext, on tx: any Database) async throws
        -> Requirement
    {
        try await checkReferences(input, on: tx)
        let model = RequirementModel()
        model.id = UUID.timeOrdered()
        model.status = RequirementStatus.captured.rawValue
        model.createdBy = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: true)
        try await model.create(on: tx)
        let id = try model.requireID()
        try await recordTransition(id, from: nil, to: .captured, note: nil, in: context, on: tx)
        try await index(model, isNew: true, on: tx)
        try await TimelineWriter.record(
            kind: .requirement, refID: id, customerID: model.customerID, contactIDs: model.contactID.map { [$0] } ?? [],
            occurredAt: context.now, channel: nil, direction: nil, title: model.title, body: model.description,
            actorLabel: context.actor.label, on: tx)
        try await AuditLog.append(
            .requirementCreated, recordType: .requirement, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        return model.value
    }

    /// Changes a requirement's fields (not its customer, source or status).
    public static func update(
        _ id: UUID, with input: ValidRequirement, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> Requirement {
        let model = try await load(id, expectedVersion: expectedVersion, on: tx)
        guard input.customerID == model.customerID else { throw DataError.conflict(reason: "requirementCustomerFixed") }
        try await checkReferences(input, on: tx)
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: false)
        if !changes.isEmpty {
            model.version += 1
            model.updatedAt = context.now
            try await model.update(on: tx)
            try await index(model, isNew: false, on: tx)
            try await AuditLog.append(
                .requirementUpdated, recordType: .requirement, recordID: id.idText, changes: changes,
                by: context.actor, at: context.now, on: tx)
        }
        return model.value
    }

    /// Moves a requirement to another status, if the state machine has the move and `capabilities` hold the one it
    /// needs (`RequirementMoveRefusal` otherwise). A move into review hands the requirement to an R&D department
    /// (the one given, else the one it had) and starts its assessment period. The decided states are reached only
    /// through `assess`.
    public static func move(
        _ id: UUID, _ move: ValidRequirementMove, capabilities: Set<Capability>, expectedVersion: Int?,
        in context: WriteContext, on tx: any Database
    ) async throws -> Requirement {
        let model = try await load(id, expectedVersion: expectedVersion, on: tx)
        let from = model.statusValue
        if from == move.status, move.departmentID == nil || move.departmentID == model.departmentID {
            return model.value
        }
        if RequirementStatus.decided.contains(move.status), from.canMove(to: move.status) {
            throw DataError.conflict(reason: "requirementDecidedByAssessment")
        }
        if let refusal = from.refusal(toMove: move.status, with: capabilities) { throw refusal }
        var changes = AuditChanges()
        changes.field("status", from: from.rawValue, to: move.status.rawValue)
        if move.status == .inReview {
            guard let department = move.departmentID ?? model.departmentID else {
                throw DataError.conflict(reason: "requirementNeedsDepartment")
            }
            guard try await DepartmentModel.find(department, on: tx) != nil else {
                throw DataError.conflict(reason: "requirementUnknownDepartment")
            }
            changes.field("departmentId", from: model.departmentID?.idText, to: department.idText)
            model.departmentID = department
            model.handedOffAt = context.now
            model.remindedAt = nil
        }
        if let note = move.note { changes.note("note", note) }
        model.status = move.status.rawValue
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        try await recordTransition(id, from: from, to: move.status, note: move.note, in: context, on: tx)
        try await AuditLog.append(
            .requirementStatusChanged, recordType: .requirement, recordID: id.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.value
    }

    /// Records R&D's assessment of a requirement under review; with a decision, also moves the requirement to the
    /// decided state (accepted, rejected or deferred). `expectedVersion` is the assessment's (0: none yet).
    public static func assess(
        _ id: UUID, _ input: ValidRequirementAssessment, capabilities: Set<Capability>, expectedVersion: Int?,
        in context: WriteContext, on tx: any Database
    ) async throws -> (Requirement, RequirementAssessment) {
        let model = try await load(id, expectedVersion: nil, on: tx)
        guard capabilities.contains(.requirementsAssess) else {
            throw RequirementMoveRefusal.forbidden(needs: .requirementsAssess)
        }
        guard model.statusValue == .inReview else { throw DataError.conflict(reason: "requirementNotInReview") }
        let existing = try await RequirementAssessmentModel.query(on: tx).filter(\.$requirementID == id).first()
        if let expectedVersion, expectedVersion != (existing?.version ?? 0) {
            throw DataError.staleVersion(current: existing?.version ?? 0)
        }
        let assessment = existing ?? RequirementAssessmentModel()
        var changes = AuditChanges()
        func field(_ name: String, _ old: String?, _ new: String?) {
            if existing == nil { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        field("feasibility", assessment.$feasibility.value ?? nil, input.feasibility?.rawValue)
        field("effortDays", (assessment.$effortDays.value ?? nil).map { String($0) }, input.effortDays.map { String($0) })
        field("value", assessment.$value.value ?? nil, input.value?.rawValue)
        field("risks", assessment.$risks.value ?? nil, input.risks)
        field("customerReason", assessment.$customerReason.value ?? nil, input.customerReason)
        field("internalNotes", assessment.$internalNotes.value ?? nil, input.internalNotes)
        if let decision = input.decision { changes.field("decision", from: nil, to: decision.rawValue) }
        assessment.requirementID = id
        assessment.feasibility = input.feasibility?.rawValue
        assessment.effortDays = input.effortDays
        assessment.value = input.value?.rawValue
        assessment.risks = input.risks
        assessment.customerReason = input.customerReason
        assessment.internalNotes = input.internalNotes
        assessment.assessedBy = context.actor.userID
        assessment.updatedAt = context.now
        if let decision = input.decision {
            assessment.decision = decision.rawValue
            assessment.decidedAt = context.now
        }
        if existing == nil {
            assessment.id = UUID.timeOrdered()
            assessment.version = 1
            try await assessment.create(on: tx)
        } else if !changes.isEmpty {
            assessment.version += 1
            try await assessment.update(on: tx)
        }
        if !changes.isEmpty {
            try await AuditLog.append(
                .requirementAssessed, recordType: .requirement, recordID: id.idText, changes: changes,
                by: context.actor, at: context.now, on: tx)
        }
        if let decision = input.decision {
            let from = model.statusValue
            model.status = decision.status.rawValue
            model.version += 1
            model.updatedAt = context.now
            try await model.update(on: tx)
            try await recordTransition(id, from: from, to: decision.status, note: nil, in: context, on: tx)
            var moved = AuditChanges()
            moved.field("status", from: from.rawValue, to: decision.status.rawValue)
            try await AuditLog.append(
                .requirementStatusChanged, recordType: .requirement, recordID: id.idText, changes: moved,
                by: context.actor, at: context.now, on: tx)
        }
        return (model.value, assessment.assessment)
    }

    /// Links a file already recorded for the requirement's customer (`AttachmentCommands.create`, in the same write).
    public static func attach(_ id: UUID, attachment: Attachment, in context: WriteContext, on tx: any Database)
        async throws
    {
        let model = try await load(id, expectedVersion: nil, on: tx)
        guard attachment.customerID == model.customerID else { throw DataError.notFound }
        let link = RequirementAttachmentModel()
        link.id = UUID.timeOrdered()
        link.requirementID = id
        link.attachmentID = attachment.id
        try await link.create(on: tx)
        var changes = AuditChanges()
        changes.set("attachmentId", attachment.id.idText)
        changes.set("filename", attachment.filename)
        try await AuditLog.append(
            .requirementAttached, recordType: .requirement, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
    }

    /// The requirement's search document: its title, its description and business value as plain text, and its
    /// customer's name, under the customer's classification.
    static func index(_ model: RequirementModel, isNew: Bool, on tx: any Database) async throws {
        guard let customer = try await CustomerModel.find(model.customerID, on: tx) else { return }
        try await SearchIndex.upsert(
            .requirement, refID: try model.requireID(), customerID: model.customerID,
            classification: Classification(rawValue: customer.classification) ?? .secret, title: model.title,
            text: [Markdown.plainText(model.description), model.businessValue.map(Markdown.plainText) ?? "", customer.name]
                .joined(separator: "\n"),
            updatedAt: model.updatedAt, isNew: isNew, on: tx)
    }

    static func load(_ id: UUID, expectedVersion: Int?, on tx: any Database) async throws -> RequirementModel {
        guard let model = try await RequirementModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    static func recordTransition(
        _ id: UUID, from: RequirementStatus?, to: RequirementStatus, note: String?, in context: WriteContext,
        on tx: any Database
    ) async throws {
        let row = RequirementTransitionModel()
        row.id = UUID.timeOrdered()
        row.requirementID = id
        row.fromStatus = from?.rawValue
        row.toStatus = to.rawValue
        row.actorID = context.actor.userID
        row.note = note
        row.createdAt = context.now
        try await row.create(on: tx)
    }

    /// The customer exists; the contact, the source request or interaction are the customer's; the owner is an
    /// active colleague who may know the customer. A reference that fails is reported as a field issue.
    private static func checkReferences(_ input: ValidRequirement, on tx: any Database) async throws {
        guard let customer = try await CustomerModel.find(input.customerID, on: tx), customer.deletedAt == nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        var issues: [ValidationIssue] = []
        if let contactID = input.contactID {
            let contact = try await ContactModel.find(contactID, on: tx)
            if contact == nil || contact?.customerID != input.customerID || contact?.deletedAt != nil {
                issues.append(ValidationIssue("contactId", "invalidReference"))
            }
        }
        if let sourceID = input.sourceID {
            switch input.sourceKind {
            case .request:
                let source = try await RequestModel.load(sourceID, on: tx)
                if source?.customerID != input.customerID {
                    issues.append(ValidationIssue("sourceId", "invalidReference"))
                }
            case .interaction:
                let source = try await InteractionModel.find(sourceID, on: tx)
                if source?.customerID != input.customerID {
                    issues.append(ValidationIssue("sourceId", "invalidReference"))
                }
            case .typed, .meeting:
                issues.append(ValidationIssue("sourceId", "notAllowed"))
            }
        }
        if let ownerID = input.ownerID {
            let owner = try await UserModel.find(ownerID, on: tx)
            if owner == nil || owner?.active != true || owner?.contactID != nil {
                issues.append(ValidationIssue("ownerId", "invalidReference"))
            } else if try await !CustomerQueries.mayKnow(input.customerID, person: ownerID, on: tx) {
                issues.append(ValidationIssue("ownerId", "mayNotKnowCustomer"))
            }
        }
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}
