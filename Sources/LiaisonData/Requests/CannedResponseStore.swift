import FluentKit
import Foundation
import LiaisonCore

final class CannedResponseModel: Model, @unchecked Sendable {
    static let schema = "canned_responses"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "department_id") var departmentID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "body_zh") var bodyZh: String
    @Field(key: "body_en") var bodyEn: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var record: CannedResponseRecord {
        CannedResponseRecord(
            id: id!, departmentID: departmentID, title: title, bodyZh: bodyZh, bodyEn: bodyEn, version: version,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// A reusable reply of a department (or of everyone when it has none), in Chinese and English, with blanks such as
/// `{{contact.name}}`.
public struct CannedResponseRecord: Sendable, Equatable {
    public var id: UUID
    public var departmentID: UUID?
    public var title: String
    public var bodyZh: String
    public var bodyEn: String
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public func body(in locale: AppLocale) -> String { locale == .en ? bodyEn : bodyZh }
}

public struct CannedResponseDraft: Sendable, Equatable {
    public var departmentID: UUID?
    public var title: String
    public var bodyZh: String
    public var bodyEn: String

    public init(departmentID: UUID?, title: String, bodyZh: String, bodyEn: String) {
        self.departmentID = departmentID
        self.title = title
        self.bodyZh = bodyZh
        self.bodyEn = bodyEn
    }
}

public enum CannedResponseStore {
    /// Responses of a department and the company-wide ones (nil department), by title.
    public static func list(department: UUID?, on db: any Database) async throws -> [CannedResponseRecord] {
        let query = CannedResponseModel.query(on: db)
        if let department {
            query.group(.or) { $0.filter(\.$departmentID == department).filter(\.$departmentID == nil) }
        }
        return try await query.sort(\.$title).all().map(\.record)
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> CannedResponseRecord? {
        try await CannedResponseModel.find(id, on: db)?.record
    }

    public static func save(
        _ id: UUID?, _ draft: CannedResponseDraft, expectedVersion: Int?, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> CannedResponseRecord {
        if let department = draft.departmentID, try await DepartmentModel.find(department, on: tx) == nil {
            throw ValidationFailure([ValidationIssue("departmentId", "invalidReference")])
        }
        let model: CannedResponseModel
        var changes = AuditChanges()
        if let id {
            guard let found = try await CannedResponseModel.find(id, on: tx) else { throw DataError.notFound }
            if let expectedVersion, expectedVersion != found.version {
                throw DataError.staleVersion(current: found.version)
            }
            model = found
            changes.field("title", from: model.title, to: draft.title)
            changes.field("bodyZh", from: model.bodyZh, to: draft.bodyZh)
            changes.field("bodyEn", from: model.bodyEn, to: draft.bodyEn)
            changes.field("departmentId", from: model.departmentID?.uuidString, to: draft.departmentID?.uuidString)
            model.version += 1
        } else {
            model = CannedResponseModel()
            model.id = UUID()
            model.version = 1
            model.createdAt = now
            changes.set("title", draft.title)
        }
        model.departmentID = draft.departmentID
        model.title = draft.title
        model.bodyZh = draft.bodyZh
        model.bodyEn = draft.bodyEn
        model.updatedAt = now
        try await model.save(on: tx)
        try await AuditLog.append(
            id == nil ? .cannedResponseCreated : .cannedResponseUpdated, recordType: .cannedResponse,
            recordID: model.id!.uuidString, changes: changes, by: actor, at: now, on: tx)
        return model.record
    }

    public static func delete(_ id: UUID, by actor: AuditActor, at now: Date, on tx: any Database) async throws {
        guard let model = try await CannedResponseModel.find(id, on: tx) else { throw DataError.notFound }
        var changes = AuditChanges()
        changes.field("title", from: model.title, to: nil)
        try await model.delete(on: tx)
        try await AuditLog.append(
            .cannedResponseDeleted, recordType: .cannedResponse, recordID: id.uuidString, changes: changes,
            by: actor, at: now, on: tx)
    }
}
