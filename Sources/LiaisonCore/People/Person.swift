import Foundation

/// A person who signs in, as the rest of the system sees them: a member of staff, or a customer's contact with a
/// portal account (role `customer`, `contactID` set).
public struct Person: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var email: String
    public var name: String
    public var title: String?
    public var phone: String?
    public var departmentID: UUID?
    public var roles: Set<Role>
    public var locale: AppLocale?
    public var timeZone: String
    public var active: Bool
    public var mustChangePassword: Bool
    public var lockedUntil: Date?
    /// Away (leave, travel) until this moment; automatic assignment skips the person meanwhile.
    public var absentUntil: Date?
    public var lastSignInAt: Date?
    /// The contact a portal account belongs to; nil for staff.
    public var contactID: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, email: String, name: String, title: String? = nil, phone: String? = nil, departmentID: UUID? = nil,
        roles: Set<Role>, locale: AppLocale? = nil, timeZone: String = "Asia/Shanghai", active: Bool = true,
        mustChangePassword: Bool = false, lockedUntil: Date? = nil, absentUntil: Date? = nil, lastSignInAt: Date? = nil,
        contactID: UUID? = nil, version: Int = 1,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.title = title
        self.phone = phone
        self.departmentID = departmentID
        self.roles = roles
        self.locale = locale
        self.timeZone = timeZone
        self.active = active
        self.mustChangePassword = mustChangePassword
        self.lockedUntil = lockedUntil
        self.absentUntil = absentUntil
        self.lastSignInAt = lastSignInAt
        self.contactID = contactID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A customer's contact signed in to the portal, not a member of staff.
    public var isCustomer: Bool { roles.contains(.customer) }

    public var capabilities: Set<Capability> { AccessPolicy.capabilities(of: roles) }

    public func can(_ capability: Capability) -> Bool { capabilities.contains(capability) }
}
