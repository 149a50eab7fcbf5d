import FluentKit
import Foundation
import LiaisonCore

public enum DepartmentQueries {
    /// Every department in name order (pinyin for Chinese names) with its active member count. Companies have tens
    /// of departments, not thousands, so the list is not paged.
    public static func all(on db: any Database) async throws -> [Department] {
        let models = try await DepartmentModel.query(on: db).sort(\.$sortKey).sort(\.$id).all()
        let members = try await UserModel.query(on: db).filter(\.$active == true).filter(\.$department.$id != nil)
            .field(\.$id).field(\.$department.$id).all()
        let counts = Dictionary(grouping: members.compactMap { $0.$department.id }, by: { $0 }).mapValues(\.count)
        return models.map { $0.department(memberCount: counts[$0.id!] ?? 0) }
    }

    public static func find(id: UUID, on db: any Database) async throws -> Department? {
        guard let model = try await DepartmentModel.find(id, on: db) else { return nil }
        let members = try await UserModel.query(on: db).filter(\.$department.$id == id).filter(\.$active == true)
            .count()
        return model.department(memberCount: members)
    }
}

extension DepartmentModel {
    func department(memberCount: Int) -> Department {
        Department(
            id: id!, name: name, nameEn: nameEn, code: code, parentID: $parent.id, memberCount: memberCount,
            assignment: AssignmentMode(rawValue: assignment) ?? .manual, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
