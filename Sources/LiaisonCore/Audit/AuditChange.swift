/// What changed in a record: field → before/after, rendered as sorted-key JSON into the entry's `changes`.
public struct AuditChanges: Sendable, Equatable {
    public struct Change: Sendable, Equatable, Codable {
        public var from: String?
        public var to: String?
    }

    public private(set) var fields: [String: Change] = [:]
    public private(set) var notes: [String: String] = [:]

    public init() {}

    /// Records a field only when its value actually changed.
    public mutating func field(_ name: String, from old: String?, to new: String?) {
        guard old != new else { return }
        fields[name] = Change(from: old, to: new)
    }

    /// Records a created or deleted value (no "before" or no "after").
    public mutating func set(_ name: String, _ value: String?) {
        fields[name] = Change(from: nil, to: value)
    }

    /// A fact about the action that is not a field change (reason, counts).
    public mutating func note(_ name: String, _ value: String) {
        notes[name] = value
    }

    public var isEmpty: Bool { fields.isEmpty && notes.isEmpty }
}
