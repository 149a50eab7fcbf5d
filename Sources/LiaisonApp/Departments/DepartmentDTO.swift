import Foundation
import LiaisonCore
import Vapor

struct DepartmentDTO: Content {
    var id: UUID
    var name: String
    var nameEn: String?
    var code: String?
    var parentId: UUID?
    var memberCount: Int
    var assignment: String
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ department: Department) {
        id = department.id
        name = department.name
        nameEn = department.nameEn
        code = department.code
        parentId = department.parentID
        memberCount = department.memberCount
        assignment = department.assignment.rawValue
        version = department.version
        createdAt = department.createdAt
        updatedAt = department.updatedAt
    }
}

struct CreateDepartmentRequest: Content {
    var name: String?
    var nameEn: String?
    var code: String?
    var parentId: String?
    var assignment: String?

    var input: DepartmentInput {
        DepartmentInput(name: name, nameEn: nameEn, code: code, parentID: parentId)
    }
}

struct UpdateDepartmentRequest: Decodable {
    var name: String?
    var nameEn: Patch<String>
    var code: Patch<String>
    var parentId: Patch<String>
    var assignment: String?

    enum CodingKeys: String, CodingKey {
        case name, nameEn, code, parentId, assignment
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        nameEn = try Patch(container, .nameEn)
        code = try Patch(container, .code)
        parentId = try Patch(container, .parentId)
        assignment = try container.decodeIfPresent(String.self, forKey: .assignment)
    }

    func merged(onto department: Department) -> DepartmentInput {
        DepartmentInput(
            name: name ?? department.name, nameEn: nameEn.apply(to: department.nameEn),
            code: code.apply(to: department.code), parentID: parentId.apply(to: department.parentID?.uuidString))
    }
}
