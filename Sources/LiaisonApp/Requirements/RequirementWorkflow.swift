import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The requirement writes and reads that the API and the pages share: what each checks before its write, and
/// the one command it runs.
enum RequirementWorkflow {
    /// The requirement if the caller may see its customer; "not found" otherwise.
    static func visible(_ id: UUID, _ request: Request) async throws -> (Requirement, CustomerAccess) {
        guard let found = try await RequirementQueries.find(id, for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    /// Audits the read of a requirement of a confidential or secret customer.
    static func auditRead(_ requirement: Requirement, _ access: CustomerAccess, _ request: Request) async throws {
        try await request.auditRead(
            .requirementRead, recordType: .requirement, recordID: requirement.id,
            classification: access.classification)
    }

    /// Captures a requirement for a customer the caller may see, from a source the caller may see.
    static func create(_ input: RequirementInput, _ request: Request) async throws -> Requirement {
        let valid = try input.validated()
        try await checkVisible(valid, request)
        let context = request.writeContext
        return try await request.write { tx in try await RequirementCommands.create(valid, in: context, on: tx) }
    }

    static func update(_ current: Requirement, _ input: RequirementInput, expected: Int?, _ request: Request)
        async throws -> Requirement
    {
        let valid = try input.validated(over: current)
        let context = request.writeContext
        return try await request.write { tx in
            try await RequirementCommands.update(
                current.id, with: valid, expectedVersion: expected, in: context, on: tx)
        }
    }

    /// Moves a requirement, refused with a clear message when the caller's roles do not make that move.
    static func move(_ current: Requirement, _ input: RequirementMoveInput, expected: Int?, _ request: Request)
        async throws -> Requirement
    {
        var v = FieldValidator()
        guard let valid = try input.validated() else {
            v.add("status", "required")
            try v.check()
            return current
        }
        let capabilities = try request.person.capabilities
        let context = request.writeContext
        do {
            return try await request.write { tx in
                try await RequirementCommands.move(
                    current.id, valid, capabilities: capabilities, expectedVersion: expected, in: context, on: tx)
            }
        } catch let refusal as RequirementMoveRefusal {
            throw abort(refusal, request)
        }
    }

    static func assess(
        _ current: Requirement, _ input: RequirementAssessmentInput, expected: Int?, _ request: Request
    ) async throws -> (Requirement, RequirementAssessment) {
        let existing = try await RequirementQueries.assessment(current.id, on: request.db)
        let valid = try input.validated(over: existing)
        let capabilities = try request.person.capabilities
        let context = request.writeContext
        do {
            return try await request.write { tx in
                try await RequirementCommands.assess(
                    current.id, valid, capabilities: capabilities, expectedVersion: expected, in: context, on: tx)
            }
        } catch let refusal as RequirementMoveRefusal {
            throw abort(refusal, request)
        }
    }

    /// Stores an uploaded file for the requirement's customer and links it, in one write.
    static func attach(_ current: Requirement, _ request: Request) async throws -> Attachment {
        let (data, filename) = try AttachmentUpload.upload(request)
        let file = try await AttachmentUpload.prepare(data, filename: filename, request: request)
        let context = request.writeContext
        return try await request.write { tx in
            let attachment = try await file.record(
                customerID: current.customerID, by: context.actor, at: context.now, on: tx)
            try await RequirementCommands.attach(current.id, attachment: attachment, in: context, on: tx)
            return attachment
        }
    }

    // MARK: Documents

    static func visibleDocument(_ id: UUID, _ request: Request) async throws -> (RequirementDocument, CustomerAccess) {
        guard let found = try await RequirementDocumentQueries.find(id, for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    static func auditRead(_ document: RequirementDocument, _ access: CustomerAccess, _ request: Request)
        async throws
    {
        try await request.auditRead(
            .requirementDocumentRead, recordType: .requirementDocument, recordID: document.id,
            classification: access.classification)
    }

    /// A new document over requirements the caller may see.
    static func createDocument(_ input: RequirementDocumentInput, _ request: Request) async throws
        -> RequirementDocument
    {
        let valid = try input.validated()
        try await checkRequirementsVisible(valid.requirementIDs, request)
        let context = request.writeContext
        return try await request.write { tx in
            try await RequirementDocumentCommands.create(valid, in: context, on: tx)
        }
    }

    static func revise(
        _ current: RequirementDocument, _ input: RequirementDocumentInput, expected: Int?, _ request: Request
    ) async throws -> RequirementDocument {
        let valid = try input.validated(over: current)
        try await checkRequirementsVisible(valid.requirementIDs.filter { !current.requirementIDs.contains($0) }, request)
        let context = request.writeContext
        return try await request.write { tx in
            try await RequirementDocumentCommands.revise(
                current.id, valid, expectedVersion: expected, in: context, on: tx)
        }
    }

    /// The line diff between two versions of a document (`from` before `to` or after: either order).
    static func diff(_ document: RequirementDocument, from: Int, to: Int, _ request: Request) async throws
        -> (RequirementDocumentVersion, RequirementDocumentVersion, [LineDiff.Line])
    {
        guard let old = try await RequirementDocumentQueries.version(document.id, number: from, on: request.db),
            let new = try await RequirementDocumentQueries.version(document.id, number: to, on: request.db)
        else { throw AppError.notFound }
        return (old, new, LineDiff.compare(old.body, new.body))
    }

    /// `from` and `to` of a diff query: version numbers of the document; by default the one before the newest
    /// and the newest.
    static func diffRange(from: String?, to: String?, of document: RequirementDocument) throws -> (Int, Int) {
        var v = FieldValidator()
        func number(_ field: String, _ raw: String?, _ fallback: Int) -> Int {
            guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return fallback }
            guard text.count <= 9, let value = Int(text), (1...document.currentVersion).contains(value) else {
                v.add(field, "outOfRange", ["1", String(document.currentVersion)])
                return fallback
            }
            return value
        }
        let newest = document.currentVersion
        let to = number("to", to, newest)
        let from = number("from", from, max(1, newest - 1))
        try v.check()
        return (from, to)
    }

    // MARK: Checks

    private static func checkVisible(_ valid: ValidRequirement, _ request: Request) async throws {
        let viewer = try request.viewer
        guard try await CustomerQueries.access(valid.customerID, for: viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        guard let source = valid.sourceID else { return }
        let visible: Bool =
            switch valid.sourceKind {
            case .request: try await RequestQueries.find(source, for: viewer, on: request.db) != nil
            case .interaction: try await InteractionQueries.find(source, for: viewer, on: request.db) != nil
            case .typed, .meeting: false
            }
        if !visible { throw ValidationFailure([ValidationIssue("sourceId", "invalidReference")]) }
    }

    private static func checkRequirementsVisible(_ ids: [UUID], _ request: Request) async throws {
        let viewer = try request.viewer
        for id in ids where try await RequirementQueries.find(id, for: viewer, on: request.db) == nil {
            throw ValidationFailure([ValidationIssue("requirementIds", "invalidReference")])
        }
    }

    /// A refused move as an answer: 403 naming who may make it, or 409 naming the two states.
    static func abort(_ refusal: RequirementMoveRefusal, _ request: Request) -> Abort {
        switch refusal {
        case .forbidden(let needed):
            Abort(.forbidden, reason: request.t("requirement.error.forbiddenMove", request.t(needed.requirementLabelKey)))
        case .illegal(let from, let to):
            Abort(.conflict, reason: request.t("requirement.error.illegalMove", request.t(from.labelKey), request.t(to.labelKey)))
        }
    }
}

extension Capability {
    /// Who holds the capability, as a refusal names them ("sales", "R&D", "the project manager").
    var requirementLabelKey: String { "capability.\(rawValue)" }
}
