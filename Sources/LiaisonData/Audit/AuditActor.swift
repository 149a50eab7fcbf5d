import Foundation

/// Who did something and from where, as the audit trail records it.
public struct AuditActor: Sendable, Equatable {
    public var userID: UUID?
    public var label: String
    public var address: String?

    public init(userID: UUID?, label: String, address: String?) {
        self.userID = userID
        self.label = label
        self.address = address
    }

    /// Work done by the system itself (jobs, boot), not by a person.
    public static func system(_ label: String = "system") -> AuditActor {
        AuditActor(userID: nil, label: label, address: nil)
    }
}
