import Foundation

/// A project as entered (API body or form); on an update a field left out keeps its value.
public struct ProjectInput: Sendable, Equatable {
    public var customerID: String?
    public var name: String?
    public var description: String?
    public var managerID: String?
    public var startOn: String?
    public var endOn: String?
    /// Requirements to include at creation (ignored on an update: inclusion has operations of its own).
    public var requirementIDs: [String]?

    public init(
        customerID: String? = nil, name: String? = nil, description: String? = nil, managerID: String? = nil,
        startOn: String? = nil, endOn: String? = nil, requirementIDs: [String]? = nil
    ) {
        self.customerID = customerID
        self.name = name
        self.description = description
        self.managerID = managerID
        self.startOn = startOn
        self.endOn = endOn
        self.requirementIDs = requirementIDs
    }
}

public struct ValidProject: Sendable, Equatable {
    public var customerID: UUID
    public var name: String
    public var description: String?
    public var managerID: UUID?
    public var startOn: LocalDate?
    public var endOn: LocalDate?
    /// Requirements to include at creation, each once, in the order given.
    public var requirementIDs: [UUID]

    public init(
        customerID: UUID, name: String, description: String?, managerID: UUID?, startOn: LocalDate?, endOn: LocalDate?,
        requirementIDs: [UUID] = []
    ) {
        self.customerID = customerID
        self.name = name
        self.description = description
        self.managerID = managerID
        self.startOn = startOn
        self.endOn = endOn
        self.requirementIDs = requirementIDs
    }
}

extension ProjectInput {
    public static let maxName = 200
    public static let maxDescription = 20_000
    /// The most requirements a project takes at creation.
    public static let maxRequirements = 50

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
        var requirements: [UUID] = []
        let given = requirementIDs ?? []
        if given.count > Self.maxRequirements {
            v.add("requirementIds", "tooMany", [String(Self.maxRequirements)])
        } else {
            for text in given {
                guard let id = v.requiredReference("requirementIds", text) else { break }
                if !requirements.contains(id) { requirements.append(id) }
            }
        }
        try v.check()
        guard let customer else { throw ValidationFailure([ValidationIssue("customerId", "required")]) }
        return ValidProject(
            customerID: customer, name: name, description: description, managerID: manager, startOn: start,
            endOn: end, requirementIDs: requirements)
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
