import Foundation

extension FieldValidator {
    /// One value of an enumeration; `fallback` when empty, an `invalidChoice` issue listing the allowed values when
    /// unknown.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ raw: String?, default fallback: T)
        -> T where T.RawValue == String
    {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return fallback }
        guard let value = T(rawValue: text) else {
            add(field, "invalidChoice", [T.allCases.map(\.rawValue).joined(separator: ", ")])
            return fallback
        }
        return value
    }

    /// An optional enumeration value: nil when empty.
    public mutating func optionalChoice<T: RawRepresentable & CaseIterable>(_ field: String, _ raw: String?, as: T.Type)
        -> T? where T.RawValue == String
    {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            add(field, "invalidChoice", [T.allCases.map(\.rawValue).joined(separator: ", ")])
            return nil
        }
        return value
    }

    /// An optional record id: nil when empty, an `invalidReference` issue when it is not a UUID.
    public mutating func reference(_ field: String, _ raw: String?) -> UUID? {
        guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return nil }
        guard let id = UUIDText.parse(text) else {
            add(field, "invalidReference")
            return nil
        }
        return id
    }

    /// A required record id: a `required` issue when missing or blank (white space of any width counts as blank),
    /// an `invalidReference` issue when it is not a UUID; nil exactly when an issue was recorded.
    public mutating func requiredReference(_ field: String, _ raw: String?) -> UUID? {
        guard let text = raw?.trimmed(), !text.isEmpty else {
            add(field, "required")
            return nil
        }
        guard let id = UUIDText.parse(text) else {
            add(field, "invalidReference")
            return nil
        }
        return id
    }

    /// A value whose field recorded an issue when it came out nil: call after `check()`. It turns a gap in the
    /// rules into a validation error instead of a crash, so nothing derived from input is ever force unwrapped.
    public func unwrap<T>(_ value: T?, _ field: String) throws(ValidationFailure) -> T {
        guard let value else {
            throw ValidationFailure(issues.isEmpty ? [ValidationIssue(field, "required")] : issues)
        }
        return value
    }
}
