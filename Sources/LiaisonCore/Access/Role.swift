/// A role a person holds. A person may hold several; capabilities are the union of their roles'.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case admin
    case supervisor
    case departmentLead
    case projectManager
    case sales
    case engineer
    case agent
    case employee
    /// An account for another system (a mail relay), acting through its API token only.
    case service
    case customer

    /// Roles that belong to the company's own staff (everything except portal contacts).
    public static let staff: [Role] = allCases.filter { $0 != .customer }

    /// Catalog key of the role's display name.
    public var labelKey: String { "role.\(rawValue)" }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
