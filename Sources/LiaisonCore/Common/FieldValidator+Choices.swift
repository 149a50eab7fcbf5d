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
        guard let id = UUID(uuidString: text) else {
            add(field, "invalidReference")
            return nil
        }
        return id
    }
}
