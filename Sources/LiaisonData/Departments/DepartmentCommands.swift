import FluentKit
import Foundation
import LiaisonCore

public enum DepartmentCommands {
    public static func create(
        _ input: ValidDepartment, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Department {
        try await checkCode(input.code, except: nil, on: tx)
        try await checkParent(input.parentID, of: nil, on: tx)
        let model = DepartmentModel()
        model.id = UUID()
        apply(input, to: model)
        model.assignment = AssignmentMode.manual.rawValue
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("name", input.name)
        changes.set("nameEn", input.nameEn)
        changes.set("code", input.code)
        changes.set("parentId", input.parentID?.uuidString)
        try await AuditLog.append(
            .departmentCreated, recordType: .department, recordID: model.id!.uuidString, changes: changes,
            by: actor, at: now, on: tx)
        return model.department(memberCount: 0)
    }

    public static func update(
        id: UUID, with input: ValidDepartment, expectedVersion: Int?, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> Department {
        guard let model = try await DepartmentModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        try await checkCode(input.code, except: id, on: tx)
        try await checkParent(input.parentID, of: id, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: input.name)
        changes.field("nameEn", from: model.nameEn, to: input.nameEn)
        changes.field("code", from: model.code, to: input.code)
        changes.field("parentId", from: model.$parent.id?.uuidString, to: input.parentID?.uuidString)
        if !changes.isEmpty {
            apply(input, to: model)
            model.version += 1
            model.updatedAt = now
            try await model.update(on: tx)
            try await AuditLog.append(
                .departmentUpdated, recordType: .department, recordID: id.uuidString, changes: changes, by: actor,
                at: now, on: tx)
        }
        return try await DepartmentQueries.find(id: id, on: tx)!
    }

    /// A department with people in it, or with sub-departments, cannot be deleted.
    public static func delete(
        id: UUID, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        guard let model = try await DepartmentModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        if try await UserModel.query(on: tx).filter(\.$department.$id == id).count() > 0 {
            throw DataError.conflict(reason: "departmentHasMembers")
        }
        if try await DepartmentModel.query(on: tx).filter(\.$parent.$id == id).count() > 0 {
            throw DataError.conflict(reason: "departmentHasChildren")
        }
        // Its canned responses would go with it (the key cascades): they are moved or deleted first, on purpose.
        if try await CannedResponseModel.query(on: tx).filter(\.$departmentID == id).count() > 0 {
            throw DataError.conflict(reason: "departmentHasCannedResponses")
        }
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        try await model.delete(on: tx)
        try await AuditLog.append(
            .departmentDeleted, recordType: .department, recordID: id.uuidString, changes: changes, by: actor,
            at: now, on: tx)
    }

    private static func apply(_ input: ValidDepartment, to model: DepartmentModel) {
        model.name = input.name
        model.nameEn = input.nameEn
        model.code = input.code
        model.$parent.id = input.parentID
        model.sortKey = SortKey.make(input.name)
    }

    private static func checkCode(_ code: String?, except id: UUID?, on tx: any Database) async throws {
        guard let code else { return }
        let query = DepartmentModel.query(on: tx).filter(\.$code == code)
        if let id { query.filter(\.$id != id) }
        if try await query.first() != nil {
            throw ValidationFailure([ValidationIssue("code", "codeTaken")])
        }
    }

    /// The parent must exist and must not be the department itself or one of its descendants.
    private static func checkParent(_ parent: UUID?, of id: UUID?, on tx: any Database) async throws {
        guard let parent else { return }
        var cursor: UUID? = parent
        var seen = Set<UUID>()
        while let current = cursor {
            if current == id || seen.contains(current) {
                throw ValidationFailure([ValidationIssue("parentId", "parentCycle")])
            }
            seen.insert(current)
            guard let model = try await DepartmentModel.find(current, on: tx) else {
                throw ValidationFailure([ValidationIssue("parentId", "invalidReference")])
            }
            cursor = model.$parent.id
        }
    }
}
