import Foundation

/// What a customer asked for (服务请求的类型).
public enum RequestKind: String, CaseIterable, Codable, Sendable {
    case inquiry
    case issue
    case complaint
    case feedback

    public var labelKey: String { "requestKind.\(rawValue)" }
}

public enum Priority: String, CaseIterable, Codable, Sendable, Comparable {
    case low
    case normal
    case high
    case urgent

    public var labelKey: String { "priority.\(rawValue)" }

    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where a request stands. The allowed moves between states are `RequestStatus.canMove(to:)`.
public enum RequestStatus: String, CaseIterable, Codable, Sendable {
    case new
    case open
    case waitingOnCustomer
    case resolved
    case closed

    public var labelKey: String { "requestStatus.\(rawValue)" }

    /// New, open and waiting requests still need the company's attention.
    public var isOpen: Bool { self == .new || self == .open || self == .waitingOnCustomer }

    /// The states a request may move to from this one. A resolved or closed request may be reopened.
    public var allowedNext: Set<RequestStatus> {
        switch self {
        case .new: [.open, .waitingOnCustomer, .resolved, .closed]
        case .open: [.waitingOnCustomer, .resolved, .closed]
        case .waitingOnCustomer: [.open, .resolved, .closed]
        case .resolved: [.open, .closed]
        case .closed: [.open]
        }
    }

    public func canMove(to next: RequestStatus) -> Bool { allowedNext.contains(next) }

    /// The resolution clock stops while the company waits on the customer, and when the request is done.
    public var clocksRun: Bool { self == .new || self == .open }
}

/// Human request numbers: R-000123.
public enum RequestNumber {
    public static func format(_ sequence: Int) -> String {
        let digits = String(sequence)
        return "R-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    public static func parse(_ text: String) -> Int? {
        let upper = text.trimmedSpaces().uppercased()
        guard upper.hasPrefix("R-"), let value = Int(upper.dropFirst(2)), value > 0 else { return nil }
        return value
    }
}
