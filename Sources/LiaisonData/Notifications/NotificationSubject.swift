import Foundation

/// What a notification is about, as a kind and an id: LiaisonApp turns it into a link to its page. The data layer
/// never writes a web path.
public struct NotificationSubject: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case request
        case calendar
        case webhook
        case robot
        case requirement
        /// A project's communication plan (the id is the project's).
        case communicationPlan
        /// A project's work plan (the id is the project's).
        case workPlan
        /// An improvement action.
        case improvement
        /// A project's change requests (the id is the project's).
        case changeRequests
        /// A commitment.
        case commitment
        /// A customer (a nudge to contact it).
        case customer
    }

    public var kind: Kind
    public var id: UUID
    /// A place inside the subject's page: the message of a request that the notification is about.
    public var messageID: UUID?

    public init(_ kind: Kind, _ id: UUID, messageID: UUID? = nil) {
        self.kind = kind
        self.id = id
        self.messageID = messageID
    }

    public static func request(_ id: UUID, messageID: UUID? = nil) -> Self { Self(.request, id, messageID: messageID) }
    public static func calendar(_ id: UUID) -> Self { Self(.calendar, id) }
    public static func webhook(_ id: UUID) -> Self { Self(.webhook, id) }
    public static func robot(_ id: UUID) -> Self { Self(.robot, id) }
    public static func requirement(_ id: UUID) -> Self { Self(.requirement, id) }
    public static func communicationPlan(project id: UUID) -> Self { Self(.communicationPlan, id) }
    public static func workPlan(project id: UUID) -> Self { Self(.workPlan, id) }
    public static func improvement(_ id: UUID) -> Self { Self(.improvement, id) }
    public static func changeRequests(project id: UUID) -> Self { Self(.changeRequests, id) }
    public static func commitment(_ id: UUID) -> Self { Self(.commitment, id) }
    public static func customer(_ id: UUID) -> Self { Self(.customer, id) }
}
