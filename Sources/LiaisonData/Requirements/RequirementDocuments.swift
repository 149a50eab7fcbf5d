import FluentKit
import Foundation
import LiaisonCore

/// Specifications and development plans: versioned Markdown linked to requirements of one customer. A version is
/// never changed; a change is a new version.
public enum RequirementDocumentCommands {
    /// Writes a document's first version. Its requirements must all exist and be of one customer, which the
    /// document then belongs to.
    public static func create(_ input: ValidRequirementDocument, in context: WriteContext, on tx: any Database)
        async throws -> RequirementDocument
    {
        let customer = try await commonCustomer(input.requirementIDs, on: tx)
        let model = RequirementDocumentModel()
        model.id = UUID.timeOrdered()
        model.kind = input.kind.rawValue
        model.customerID = customer
        model.title = input.title
        model.currentVersion = 1
        model.createdBy = context.actor.userID
        model.createdAt = context.now
        model.updatedAt = context.now
        try await model.create(on: tx)
        let id = try model.requireID()
        try await link(id, to: input.requirementIDs, on: tx)
        try await addVersion(id, number: 1, input, in: context, on: tx)
        var changes = AuditChanges()
        changes.set("kind", input.kind.rawValue)
        changes.set("title", input.title)
        changes.set("requirementIds", input.requirementIDs.map(\.idText).joined(separator: ","))
        changes.set("version", "1")
        try await AuditLog.append(
            .requirementDocumentCreated, recordType: .requirementDocument, recordID: id.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.document(requirements: input.requirementIDs.sorted { $0.idText < $1.idText })
    }

    /// Adds the next version. `expectedVersion` is the version the author started from: another author's version
    /// saved meanwhile refuses this one (412), so nobody overwrites a version unseen.
    public static func revise(
        _ id: UUID, _ input: ValidRequirementDocument, expectedVersion: Int?, in context: WriteContext,
        on tx: any Database
    ) async throws -> RequirementDocument {
        guard let model = try await RequirementDocumentModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.currentVersion {
            throw DataError.staleVersion(current: model.currentVersion)
        }
        let customer = try await commonCustomer(input.requirementIDs, on: tx)
        guard customer == model.customerID else {
            throw ValidationFailure([ValidationIssue("requirementIds", "otherCustomer")])
        }
        let old = try await RequirementDocumentQueries.links(id, on: tx)
        var changes = AuditChanges()
        changes.field("title", from: model.title, to: input.title)
        if Set(old) != Set(input.requirementIDs) {
            changes.field(
                "requirementIds", from: old.map(\.idText).joined(separator: ","),
                to: input.requirementIDs.map(\.idText).joined(separator: ","))
            try await RequirementDocumentLinkModel.query(on: tx).filter(\.$documentID == id).delete()
            try await link(id, to: input.requirementIDs, on: tx)
        }
        let number = model.currentVersion + 1
        changes.field("version", from: String(model.currentVersion), to: String(number))
        if let note = input.note { changes.note("note", note) }
        try await addVersion(id, number: number, input, in: context, on: tx)
        model.title = input.title
        model.currentVersion = number
        model.updatedAt = context.now
        try await model.update(on: tx)
        try await AuditLog.append(
            .requirementDocumentVersioned, recordType: .requirementDocument, recordID: id.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return model.document(requirements: input.requirementIDs.sorted { $0.idText < $1.idText })
    }

    private static func addVersion(
        _ id: UUID, number: Int, _ input: ValidRequirementDocument, in context: WriteContext, on tx: any Database
    ) async throws {
        let version = RequirementDocumentVersionModel()
        version.id = UUID.timeOrdered()
        version.documentID = id
        version.number = number
        version.title = input.title
        version.body = input.body
        version.note = input.note
        version.authorID = context.actor.userID
        version.createdAt = context.now
        try await version.create(on: tx)
    }

    private static func link(_ id: UUID, to requirements: [UUID], on tx: any Database) async throws {
        for requirement in requirements {
            let row = RequirementDocumentLinkModel()
            row.id = UUID.timeOrdered()
            row.documentID = id
            row.requirementID = requirement
            try await row.create(on: tx)
        }
    }

    private static func commonCustomer(_ ids: [UUID], on tx: any Database) async throws -> UUID {
        let models = try await RequirementModel.query(on: tx).filter(\.$id ~~ ids).all()
        guard models.count == Set(ids).count, let first = models.first else {
            throw ValidationFailure([ValidationIssue("requirementIds", "invalidReference")])
        }
        guard models.allSatisfy({ $0.customerID == first.customerID }) else {
            throw ValidationFailure([ValidationIssue("requirementIds", "otherCustomer")])
        }
        return first.customerID
    }
}

public enum RequirementDocumentQueries {
    /// The document if `viewer` may see its customer.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (RequirementDocument, CustomerAccess)?
    {
        guard let model = try await RequirementDocumentModel.find(id, on: db),
            let access = try await CustomerQueries.access(model.customerID, for: viewer, on: db)
        else { return nil }
        return (model.document(requirements: try await links(id, on: db)), access)
    }

    /// The documents covering a requirement, specifications first, then by title.
    public static func ofRequirement(_ requirementID: UUID, on db: any Database) async throws -> [RequirementDocument] {
        let ids = try await RequirementDocumentLinkModel.query(on: db).filter(\.$requirementID == requirementID).all()
            .map(\.documentID)
        guard !ids.isEmpty else { return [] }
        var documents: [RequirementDocument] = []
        for model in try await RequirementDocumentModel.query(on: db).filter(\.$id ~~ ids).sort(\.$createdAt)
            .sort(\.$id).all()
        {
            documents.append(model.document(requirements: try await links(try model.requireID(), on: db)))
        }
        return documents
    }

    /// Every version of a document, newest first.
    public static func versions(_ id: UUID, on db: any Database) async throws -> [RequirementDocumentVersion] {
        try await RequirementDocumentVersionModel.query(on: db).filter(\.$documentID == id)
            .sort(\.$number, .descending).all().map(\.version)
    }

    public static func version(_ id: UUID, number: Int, on db: any Database) async throws
        -> RequirementDocumentVersion?
    {
        try await RequirementDocumentVersionModel.query(on: db).filter(\.$documentID == id)
            .filter(\.$number == number).first()?.version
    }

    static func links(_ id: UUID, on db: any Database) async throws -> [UUID] {
        try await RequirementDocumentLinkModel.query(on: db).filter(\.$documentID == id).all()
            .map(\.requirementID).sorted { $0.idText < $1.idText }
    }
}
