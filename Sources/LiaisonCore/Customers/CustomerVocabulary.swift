/// An organisation (company, agency) or an individual person as a customer.
public enum CustomerKind: String, CaseIterable, Codable, Sendable {
    case organization
    case individual

    public var labelKey: String { "customerKind.\(rawValue)" }
}

/// Where a customer stands with the company.
public enum CustomerStatus: String, CaseIterable, Codable, Sendable {
    case prospect
    case active
    case dormant
    case former

    public var labelKey: String { "customerStatus.\(rawValue)" }
}

/// The part a person plays on a customer's account team (客户团队).
public enum TeamRole: String, CaseIterable, Codable, Sendable {
    case owner
    case sales
    case projectManager
    case engineer
    case support
    case executive
    case member

    public var labelKey: String { "teamRole.\(rawValue)" }
}

/// What a contact does at the customer.
public enum ContactRole: String, CaseIterable, Codable, Sendable {
    case decisionMaker
    case technical
    case finance
    case procurement
    case user
    case other

    public var labelKey: String { "contactRole.\(rawValue)" }
}

/// The channels of communication (渠道).
public enum Channel: String, CaseIterable, Codable, Sendable {
    case email
    case phone
    case video
    case meeting
    case portal
    case webForm
    case social
    case chat
    case visit

    public var labelKey: String { "channel.\(rawValue)" }
}

/// Who started an interaction.
public enum Direction: String, CaseIterable, Codable, Sendable {
    case inbound
    case outbound
    case `internal`

    public var labelKey: String { "direction.\(rawValue)" }
}

/// Customer tiers, from the most to the least strategic.
public enum CustomerTier: String, CaseIterable, Codable, Sendable {
    case strategic
    case key
    case standard
    case small

    public var labelKey: String { "tier.\(rawValue)" }
}
