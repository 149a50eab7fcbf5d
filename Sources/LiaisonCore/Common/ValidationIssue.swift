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

    /// Trims the text; records `required` when empty and `tooLong` past `max` characters.
    @discardableResult
    public mutating func requiredText(_ field: String, _ value: String?, max: Int) -> String {
        let trimmed = (value ?? "").trimmed()
        if trimmed.isEmpty {
            add(field, "required")
        } else if trimmed.count > max {
            add(field, "tooLong", [String(max)])
        }
        return trimmed
    }

    /// Trims the text; nil when empty; records `tooLong` past `max` characters.
    public mutating func optionalText(_ field: String, _ value: String?, max: Int) -> String? {
        guard let trimmed = value?.trimmed(), !trimmed.isEmpty else {
            return nil
        }
        if trimmed.count > max {
            add(field, "tooLong", [String(max)])
        }
        return trimmed
    }

    public func check() throws(ValidationFailure) {
        if !issues.isEmpty {
            throw ValidationFailure(issues)
        }
    }
}
