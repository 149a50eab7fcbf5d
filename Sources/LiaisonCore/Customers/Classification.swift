/// How confidential a customer and everything under it is (保密等级).
public enum Classification: String, CaseIterable, Codable, Sendable, Comparable {
    case `public`
    case `internal`
    case confidential
    case secret

    /// Confidential and secret records are need-to-know: only the account team, supervisors and admins see them.
    public var isRestricted: Bool { self == .confidential || self == .secret }

    public var labelKey: String { "classification.\(rawValue)" }

    public static let unrestricted: [Classification] = allCases.filter { !$0.isRestricted }

    public static func < (lhs: Classification, rhs: Classification) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
