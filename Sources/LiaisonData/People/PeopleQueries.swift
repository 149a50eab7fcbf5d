import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// What a list of people may be narrowed by.
public struct PeopleFilter: Sendable, Equatable {
    public var text: String?
    public var departmentID: UUID?
    public var role: Role?
    public var active: Bool?

    public init(text: String? = nil, departmentID: UUID? = nil, role: Role? = nil, active: Bool? = nil) {
        self.text = text
        self.departmentID = departmentID
        self.role = role
        self.active = active
    }
}

/// The stored credentials of a person, for the sign-in check only.
public struct SignInRecord: Sendable {
    public var person: Person
    public var passwordHash: String
    public var failedSignIns: Int
}

public enum PeopleQueries {
    public static func find(id: UUID, on db: any Database) async throws -> Person? {
        guard let model = try await UserModel.find(id, on: db) else { return nil }
        return try await withRoles([model], on: db).first
    }

    public static func signInRecord(email: String, on db: any Database) async throws -> SignInRecord? {
        let normalized = EmailAddress.normalised(email)
        var found = try await UserModel.query(on: db).filter(\.$email == normalized).first()
        // An address stored before addresses were NFKC-folded (full-width letters) keeps its old form.
        let legacy = email.trimmed().lowercased()
        if found == nil, legacy != normalized {
            found = try await UserModel.query(on: db).filter(\.$email == legacy).first()
        }
        guard let model = found else { return nil }
        let person = try await withRoles([model], on: db)[0]
        return SignInRecord(person: person, passwordHash: model.passwordHash, failedSignIns: model.failedSignIns)
    }

    public static func passwordHash(of id: UUID, on db: any Database) async throws -> String? {
        try await UserModel.query(on: db).filter(\.$id == id).field(\.$id).field(\.$passwordHash).first()?
            .passwordHash
    }

    /// Staff sorted by name (pinyin order for Chinese names), keyset-paged on (sort key, id). Portal accounts are
    /// not staff and are not listed (their contact's page shows them).
    public static func list(_ filter: PeopleFilter, page: PageQuery, on db: any Database) async throws
        -> CursorPage<Person>
    {
        let query = UserModel.query(on: db).filter(\.$contactID == nil)
        if let text = filter.text?.trimmedSpaces(), !text.isEmpty {
            let like = DatabaseQuery.Filter.Method.caseInsensitiveLike(on: db)
            let pattern = "%\(text.lowercased())%"
            let isLatin = text.unicodeScalars.allSatisfy(\.isASCII)
            query.group(.or) { group in
                group.filter(\.$name, like, pattern)
                group.filter(\.$email, like, pattern)
                if isLatin {
                    // Pinyin typed for a Chinese name: match the start of any syllable of the reading.
                    let key = SortKey.make(text)
                    group.filter(\.$sortKey, like, "\(key)%")
                    group.filter(\.$sortKey, like, "% \(key)%")
                }
            }
        }
        if let department = filter.departmentID {
            query.filter(\.$department.$id == department)
        }
        if let active = filter.active {
            query.filter(\.$active == active)
        }
        if let role = filter.role {
            query.join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
                .filter(UserRoleModel.self, \.$role == role.rawValue)
        }
        if let after = page.after, let afterID = UUIDText.parse(after.id) {
            query.group(.or) { group in
                group.filter(\.$sortKey > after.key)
                group.group(.and) { same in
                    same.filter(\.$sortKey == after.key)
                    same.filter(\.$id > afterID)
                }
            }
        }
        let models = try await query.sort(\.$sortKey).sort(\.$id).limit(page.limit + 1).all()
        let shown = Array(models.prefix(page.limit))
        let next = models.count > page.limit ? shown.last.map { Cursor(key: $0.sortKey, id: $0.id!.uuidString) } : nil
        return CursorPage(items: try await withRoles(shown, on: db), nextCursor: next?.encoded)
    }

    /// Active people whose account is locked after failed sign-ins right now.
    public static func locked(at now: Date, on db: any Database) async throws -> [Person] {
        let models = try await UserModel.query(on: db).filter(\.$active == true).filter(\.$lockedUntil > now)
            .sort(\.$sortKey).limit(50).all()
        return try await withRoles(models, on: db)
    }

    /// Active people who have not yet replaced the one-time password they were given.
    public static func awaitingFirstSignIn(on db: any Database) async throws -> [Person] {
        let models = try await UserModel.query(on: db).filter(\.$active == true)
            .filter(\.$mustChangePassword == true).sort(\.$createdAt).limit(50).all()
        return try await withRoles(models, on: db)
    }

    /// Names of people by id, for labels in lists.
    public static func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let list = SQLList(ids.map { SQLBind($0) })
        let rows = try await db.sql.raw("SELECT id, name FROM users WHERE id IN (\(list))").all()
        var names: [UUID: String] = [:]
        for row in rows { names[try row.uuid("id")] = try row.decode(column: "name", as: String.self) }
        return names
    }

    /// Names of people by their e-mail address (lower case), for labels written with an address: timelines record
    /// who acted by the address they signed in with.
    public static func names(emails: Set<String>, on db: any Database) async throws -> [String: String] {
        let wanted = Set(emails.map { $0.lowercased() }.filter { $0.contains("@") })
        guard !wanted.isEmpty else { return [:] }
        let list = SQLList(wanted.sorted().map { SQLBind($0) })
        let rows = try await db.sql.raw("SELECT email, name FROM users WHERE email IN (\(list))").all()
        var names: [String: String] = [:]
        for row in rows {
            names[try row.decode(column: "email", as: String.self).lowercased()] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    /// A person to choose as owner, team member or assignee.
    public struct StaffMember: Sendable, Equatable, Identifiable {
        public var id: UUID
        public var name: String
        public var roles: Set<Role>
        /// The name's reading, for pickers (`SortKey`).
        public var sortKey: String = ""
    }

    /// Active people in name order (pinyin order for Chinese names), at most `limit`, with their roles. Plain rows
    /// rather than Fluent models: request and customer pages offer this list on every view, and reading 200 people
    /// through Fluent's reflection cost more than the rest of the request page.
    public static func staff(limit: Int, on db: any Database) async throws -> [StaffMember] {
        let rows = try await db.sql.raw(
            """
            SELECT u.id, u.name, u.sort_key, r.role
            FROM (SELECT id, name, sort_key FROM users WHERE active = \(bind: true) AND contact_id IS NULL ORDER BY sort_key, id
                LIMIT \(bind: limit)) u
            LEFT JOIN user_roles r ON r.user_id = u.id
            ORDER BY u.sort_key, u.id
            """
        ).all()
        var staff: [StaffMember] = []
        for row in rows {
            let id = try row.uuid("id")
            if staff.last?.id != id {
                staff.append(
                    StaffMember(
                        id: id, name: try row.decode(column: "name", as: String.self), roles: [],
                        sortKey: try row.decode(column: "sort_key", as: String.self)))
            }
            if let role = try row.optional("role", String.self).flatMap(Role.init(rawValue:)) {
                staff[staff.count - 1].roles.insert(role)
            }
        }
        return staff
    }

    public static func count(active: Bool? = nil, on db: any Database) async throws -> Int {
        let query = UserModel.query(on: db)
        if let active { query.filter(\.$active == active) }
        return try await query.count()
    }

    public static func activeAdminExists(on db: any Database) async throws -> Bool {
        try await UserModel.query(on: db).filter(\.$active == true)
            .join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
            .filter(UserRoleModel.self, \.$role == Role.admin.rawValue).first() != nil
    }

    public static func emailTaken(_ email: String, except id: UUID? = nil, on db: any Database) async throws -> Bool {
        let query = UserModel.query(on: db).filter(\.$email == email)
        if let id { query.filter(\.$id != id) }
        return try await query.first() != nil
    }

    static func withRoles(_ models: [UserModel], on db: any Database) async throws -> [Person] {
        let ids = models.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let roles = try await UserRoleModel.query(on: db).filter(\.$user.$id ~~ ids).all()
        let byUser = Dictionary(grouping: roles, by: { $0.$user.id })
        return models.map { $0.person(roles: byUser[$0.id!]?.map(\.role) ?? []) }
    }
}
