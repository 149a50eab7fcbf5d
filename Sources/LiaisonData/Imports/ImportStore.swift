import FluentKit
import Foundation
import LiaisonCore

final class ImportModel: Model, @unchecked Sendable {
    static let schema = "imports"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "filename") var filename: String
    @Field(key: "encoding") var encoding: String
    @Field(key: "rows") var rows: String
    @Field(key: "status") var status: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}
}

/// An uploaded file waiting for acceptance, with its checked rows (JSON made by the caller).
public struct StoredImport: Sendable {
    public var id: UUID
    public var kind: String
    public var createdBy: UUID
    public var filename: String
    public var encoding: String
    public var rowsJSON: String
    public var finished: Bool
    public var createdAt: Date
}

public enum ImportStore {
    public static func create(
        kind: String, createdBy: UUID, filename: String, encoding: String, rowsJSON: String, at now: Date,
        on tx: any Database
    ) async throws -> UUID {
        let model = ImportModel()
        model.id = UUID()
        model.kind = kind
        model.createdBy = createdBy
        model.filename = filename
        model.encoding = encoding
        model.rows = rowsJSON
        model.status = "preview"
        model.createdAt = now
        try await model.create(on: tx)
        return model.id!
    }

    /// An import, only for the person who uploaded it.
    public static func find(_ id: UUID, createdBy: UUID, on db: any Database) async throws -> StoredImport? {
        guard let model = try await ImportModel.find(id, on: db), model.createdBy == createdBy else { return nil }
        return StoredImport(
            id: model.id!, kind: model.kind, createdBy: model.createdBy, filename: model.filename,
            encoding: model.encoding, rowsJSON: model.rows, finished: model.status == "done", createdAt: model.createdAt)
    }

    /// Marks the import done; false when it already was (so accepting twice creates nothing twice).
    public static func finish(_ id: UUID, at now: Date, on tx: any Database) async throws -> Bool {
        guard let model = try await ImportModel.find(id, on: tx), model.status != "done" else { return false }
        model.status = "done"
        model.finishedAt = now
        try await model.update(on: tx)
        return true
    }
}

extension CustomerQueries {
    /// A customer with exactly this name that the viewer may see, for duplicate detection.
    public static func findByName(_ name: String, for viewer: CustomerViewer, on db: any Database) async throws
        -> Customer?
    {
        let candidates = try await CustomerModel.query(on: db).filter(\.$name == name).filter(\.$deletedAt == nil)
            .limit(5).all()
        for model in candidates {
            if try await access(model.id!, for: viewer, on: db) != nil { return try model.value }
        }
        return nil
    }
}

extension PeopleQueries {
    /// Active people by email, for owner columns in imports.
    public static func activeIDs(byEmail emails: Set<String>, on db: any Database) async throws -> [String: UUID] {
        guard !emails.isEmpty else { return [:] }
        let models = try await UserModel.query(on: db).filter(\.$email ~~ Array(emails)).filter(\.$active == true).all()
        return Dictionary(uniqueKeysWithValues: models.map { ($0.email, $0.id!) })
    }
}
