import FluentKit
import Foundation

final class DepartmentModel: Model, @unchecked Sendable {
    static let schema = "departments"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "name_en") var nameEn: String?
    @OptionalField(key: "code") var code: String?
    @OptionalParent(key: "parent_id") var parent: DepartmentModel?
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "assignment") var assignment: String
    @OptionalField(key: "assignment_cursor") var assignmentCursor: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
