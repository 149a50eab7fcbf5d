import Foundation

/// The fields of a person as an administrator enters them, before they are checked.
public struct PersonInput: Sendable, Equatable {
    public var email: String?
    public var name: String?
    public var title: String?
    public var phone: String?
    public var departmentID: String?
    public var roles: [String]?
    public var locale: String?
    public var timeZone: String?

    public init(
        email: String? = nil, name: String? = nil, title: String? = nil, phone: String? = nil,
        departmentID: String? = nil, roles: [String]? = nil, locale: String? = nil, timeZone: String? = nil
    ) {
        self.email = email
        self.name = name
        self.title = title
        self.phone = phone
        self.departmentID = departmentID
        self.roles = roles
        self.locale = locale
        self.timeZone = timeZone
    }
}

/// A person's fields after validation.
public struct ValidPerson: Sendable, Equatable {
    public var email: EmailAddress
    public var name: String
    public var title: String?
    public var phone: String?
    public var departmentID: UUID?
    public var roles: Set<Role>
    public var locale: AppLocale?
    public var timeZone: String

    public init(
        email: EmailAddress, name: String, title: String? = nil, phone: String? = nil, departmentID: UUID? = nil,
        roles: Set<Role>, locale: AppLocale? = nil, timeZone: String = PersonInput.defaultTimeZone
    ) {
        self.email = email
        self.name = name
        self.title = title
        self.phone = phone
        self.departmentID = departmentID
        self.roles = roles
        self.locale = locale
        self.timeZone = timeZone
    }
}

extension PersonInput {
    public static let defaultTimeZone = "Asia/Shanghai"

    /// Checks every field and reports all problems at once. `customer` is not a staff role and is refused here.
    public func validated() throws(ValidationFailure) -> ValidPerson {
        var validator = FieldValidator()
        let emailText = validator.requiredText("email", email.map(InputText.compatible), max: 254)
        let address = EmailAddress(emailText)
        if !emailText.isEmpty, address == nil, validator.issues.allSatisfy({ $0.field != "email" }) {
            validator.add("email", "invalidEmail")
        }
        let name = validator.requiredText("name", name, max: 100)
        let title = validator.optionalText("title", title, max: 100)
        let phone = validator.optionalText("phone", phone.map(PhoneNumber.normalised), max: 40)
        if let phone, !PhoneNumber.isPlausible(phone) {
            validator.add("phone", "invalidPhone")
        }
        var departmentUUID: UUID?
        if let raw = departmentID?.trimmedSpaces(), !raw.isEmpty {
            departmentUUID = UUIDText.parse(raw)
            if departmentUUID == nil {
                validator.add("departmentId", "invalidReference")
            }
        }
        var roleSet = Set<Role>()
        for raw in roles ?? [] {
            if let role = Role(rawValue: raw), role != .customer {
                roleSet.insert(role)
            } else {
                validator.add("roles", "unknownRole", [raw])
            }
        }
        if roleSet.isEmpty, validator.issues.allSatisfy({ $0.field != "roles" }) {
            validator.add("roles", "required")
        }
        var appLocale: AppLocale?
        if let raw = locale?.trimmedSpaces(), !raw.isEmpty {
            appLocale = AppLocale(rawValue: raw)
            if appLocale == nil {
                validator.add("locale", "unknownLocale")
            }
        }
        let zone = timeZone?.trimmedSpaces().nilIfEmpty ?? Self.defaultTimeZone
        if !TimeZoneName.isKnown(zone) {
            validator.add("timeZone", "unknownTimeZone")
        }
        try validator.check()
        return ValidPerson(
            email: address!, name: name, title: title, phone: phone, departmentID: departmentUUID, roles: roleSet,
            locale: appLocale, timeZone: zone)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
