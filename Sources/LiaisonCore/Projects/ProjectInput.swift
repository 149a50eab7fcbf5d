import Foundation

/// A project as entered (API body or form); on an update a field left out keeps its value.
public struct ProjectInput: Sendable, Equatable {
    public var customerID: String?
    public var name: String?
    public var description: String?
    public var managerID: String?
    public var startOn: String?
    public var endOn: String?

    public init(
        customerID: String? = nil, name: String? = nil, description: String? = nil, managerID: String? = nil,
        startOn: String? = nil, endOn: String? = nil
    ) {
        self.customerID = customerID
        self.name = name
        self.description = description
        self.managerID = managerID
        self.startOn = startOn
        self.endOn = endOn
    }
}

public struct ValidProject: Sendable, Equatable {
    public var customerID: UUID
    public var name: String
    public var description: String?
    public var managerID: UUID?
    public var startOn: LocalDate?
    public var endOn: LocalDate?

    public init(
        customerID: UUID, name: String, description: String?, managerID: UUID?, startOn: LocalDate?, endOn: LocalDate?
    ) {
        self.customerID = customerID
        self.name = name
        self.description = description
        self.managerID = managerID
        self.startOn = startOn
        self.endOn = endOn
    }
}

extension ProjectInput {
    public static let maxName = 200
    public static let maxDescription = 20_000

    /// Every field checked at once: a customer and a name are required; the end may not come before the start.
    public func validated() throws(ValidationFailure) -> ValidProject {
        var v = FieldValidator()
        let customer = v.requiredReference("customerId", customerID)
        let name = v.requiredText("name", name, max: Self.maxName)
        let description = v.optionalText("description", description, max: Self.maxDescription, multiline: true)
        let manager = v.reference("managerId", managerID)
        // A manager named as blank text is no manager at all: refused rather than read as "keep".
        if let managerID, managerID.trimmed().isEmpty { v.add("managerId", "invalidReference") }
        let start = v.day("startOn", startOn)
        let end = v.day("endOn", endOn)
        if let start, let end, end < start { v.add("endOn", "projectEndBeforeStart") }
        try v.check()
        guard let customer else { throw ValidationFailure([ValidationIssue("customerId", "required")]) }
        return ValidProject(
            customerID: customer, name: name, description: description, managerID: manager, startOn: start,
            endOn: end)
    }
}

/// A person to add to a project's team, as entered.
public struct ProjectMemberInput: Sendable, Equatable {
    public var userID: String?
    public var role: String?

    public init(userID: String?, role: String?) {
        self.userID = userID
        self.role = role
    }

    public func validated() throws(ValidationFailure) -> (userID: UUID, role: ProjectRole) {
        var v = FieldValidator()
        let user = v.requiredReference("userId", userID)
        var role = ProjectRole.member
        if let raw = self.role {
            if raw.trimmedSpaces().isEmpty {
                v.add("role", "invalidChoice", [ProjectRole.allCases.map(\.rawValue).joined(separator: ", ")])
            } else {
                role = v.choice("role", raw, default: ProjectRole.member)
            }
        }
        try v.check()
        guard let user else { throw ValidationFailure([ValidationIssue("userId", "required")]) }
        return (user, role)
    }
}
