import FluentKit
import Foundation

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "sort_key") var sortKey: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalParent(key: "department_id") var department: DepartmentModel?
    @OptionalField(key: "locale") var locale: String?
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "active") var active: Bool
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    @OptionalField(key: "absent_until") var absentUntil: Date?
    /// The contact a portal account belongs to; nil for staff.
    @OptionalField(key: "contact_id") var contactID: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Children(for: \.$user) var roles: [UserRoleModel]

    init() {}
}

final class UserRoleModel: Model, @unchecked Sendable {
    static let schema = "user_roles"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "role") var role: String

    init() {}

    init(userID: UUID, role: String) {
        self.id = UUID()
        self.$user.id = userID
        self.role = role
    }
}
