import Foundation

/// One problem with one input field. `code` names a catalog message (`validation.<code>`); `values` fill its blanks.
public struct ValidationIssue: Sendable, Equatable, Codable {
    public var field: String
    public var code: String
    public var values: [String]

    public init(_ field: String, _ code: String, _ values: [String] = []) {
        self.field = field
        self.code = code
        self.values = values
    }

    public var messageKey: String { "validation.\(code)" }
}

/// Thrown when input fails validation; carries every problem found, not only the first.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }
}

/// Collects issues while an input is checked field by field.
public struct FieldValidator: Sendable {
    public private(set) var issues: [ValidationIssue] = []

    public init() {}

    public mutating func add(_ field: String, _ code: String, _ values: [String] = []) {
        issues.append(ValidationIssue(field, code, values))
    }

    public func check() throws(ValidationFailure) {
        if !issues.isEmpty {
            throw ValidationFailure(issues)
        }
    }
}
