import Foundation
import LiaisonCore
import Vapor

/// A person on the API. Account-security fields are shown only to those who manage people.
struct UserDTO: Content {
    var id: UUID
    var email: String
    var name: String
    var title: String?
    var phone: String?
    var departmentId: UUID?
    var roles: [String]
    var locale: String?
    var timeZone: String
    var active: Bool
    var mustChangePassword: Bool?
    var lockedUntil: Date?
    var absentUntil: Date?
    var lastSignInAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date
    /// Present once, in the answer that created the person or reset their password.
    var oneTimePassword: String?

    init(_ person: Person, detailed: Bool, oneTimePassword: String? = nil) {
        id = person.id
        email = person.email
        name = person.name
        title = person.title
        phone = person.phone
        departmentId = person.departmentID
        roles = person.roles.sorted().map(\.rawValue)
        locale = person.locale?.rawValue
        timeZone = person.timeZone
        active = person.active
        mustChangePassword = detailed ? person.mustChangePassword : nil
        lockedUntil = detailed ? person.lockedUntil : nil
        absentUntil = person.absentUntil
        lastSignInAt = detailed ? person.lastSignInAt : nil
        version = person.version
        createdAt = person.createdAt
        updatedAt = person.updatedAt
        self.oneTimePassword = oneTimePassword
    }
}

struct MeDTO: Content {
    var user: UserDTO
    var capabilities: [String]
}

struct CreateUserRequest: Content {
    var email: String?
    var name: String?
    var title: String?
    var phone: String?
    var departmentId: String?
    var roles: [String]?
    var locale: String?
    var timeZone: String?
    var password: String?

    var input: PersonInput {
        PersonInput(
            email: email, name: name, title: title, phone: phone, departmentID: departmentId, roles: roles,
            locale: locale, timeZone: timeZone)
    }
}

/// A partial update: absent fields stay as they are, `null` clears a field that may be empty.
struct UpdateUserRequest: Decodable {
    var email: String?
    var name: String?
    var title: Patch<String>
    var phone: Patch<String>
    var departmentId: Patch<String>
    var roles: [String]?
    var locale: Patch<String>
    var timeZone: String?
    var active: Bool?
    var absentUntil: Patch<String>

    enum CodingKeys: String, CodingKey {
        case email, name, title, phone, departmentId, roles, locale, timeZone, active, absentUntil
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        title = try Patch(container, .title)
        phone = try Patch(container, .phone)
        departmentId = try Patch(container, .departmentId)
        roles = try container.decodeIfPresent([String].self, forKey: .roles)
        locale = try Patch(container, .locale)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
        absentUntil = try Patch(container, .absentUntil)
    }

    /// The person's fields with this patch laid over them.
    func merged(onto person: Person) -> PersonInput {
        PersonInput(
            email: email ?? person.email, name: name ?? person.name, title: title.apply(to: person.title),
            phone: phone.apply(to: person.phone),
            departmentID: departmentId.apply(to: person.departmentID?.uuidString),
            roles: roles ?? person.roles.map(\.rawValue), locale: locale.apply(to: person.locale?.rawValue),
            timeZone: timeZone ?? person.timeZone)
    }
}

/// A field of a partial update: left alone, cleared with `null`, or set.
enum Patch<Value: Decodable & Sendable>: Sendable {
    case absent
    case clear
    case set(Value)

    init<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws {
        if !container.contains(key) {
            self = .absent
        } else if try container.decodeNil(forKey: key) {
            self = .clear
        } else {
            self = .set(try container.decode(Value.self, forKey: key))
        }
    }

    func apply(to current: Value?) -> Value? {
        switch self {
        case .absent: current
        case .clear: nil
        case .set(let value): value
        }
    }
}
