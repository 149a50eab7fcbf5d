import Foundation

/// A webhook as shown: never its secret.
public struct Webhook: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var url: String
    public var events: [WebhookEvent]
    public var active: Bool
    public var maxClassification: Classification
    /// Failed deliveries in a row (each after its retries); at `HookLimits.failuresBeforeDisabling` it is disabled.
    public var consecutiveFailures: Int
    public var disabledAt: Date?
    public var disabledReason: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, url: String, events: [WebhookEvent], active: Bool, maxClassification: Classification,
        consecutiveFailures: Int, disabledAt: Date?, disabledReason: String?, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.url = url
        self.events = events
        self.active = active
        self.maxClassification = maxClassification
        self.consecutiveFailures = consecutiveFailures
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A department's chat robot as shown: its address only as a hint (it holds the robot's key), its secret only as
/// whether one is stored.
public struct ChatRobot: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var departmentID: UUID
    public var kind: RobotKind
    public var urlHint: String
    public var hasSecret: Bool
    public var events: [RobotEvent]
    public var language: RobotLanguage
    public var includeSubject: Bool
    public var active: Bool
    public var consecutiveFailures: Int
    public var disabledAt: Date?
    public var disabledReason: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, departmentID: UUID, kind: RobotKind, urlHint: String, hasSecret: Bool,
        events: [RobotEvent], language: RobotLanguage, includeSubject: Bool, active: Bool, consecutiveFailures: Int,
        disabledAt: Date?, disabledReason: String?, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.departmentID = departmentID
        self.kind = kind
        self.urlHint = urlHint
        self.hasSecret = hasSecret
        self.events = events
        self.language = language
        self.includeSubject = includeSubject
        self.active = active
        self.consecutiveFailures = consecutiveFailures
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Who a delivery is for.
public enum HookTargetKind: String, Sendable, Codable, CaseIterable {
    case webhook
    case robot
}

/// One event sent (or to be sent) to a webhook or robot: the delivery log.
public struct HookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Queued, or failed and waiting for its next try.
        case pending
        case succeeded
        /// Failed on its last try.
        case failed
        /// Not sent: the record is gone, or its customer is more restricted than the target may receive, or the
        /// target was disabled or deleted meanwhile.
        case skipped
    }

    public var id: UUID
    public var targetKind: HookTargetKind
    public var targetID: UUID
    public var event: String
    public var auditID: Int64?
    public var recordID: UUID?
    public var status: Status
    public var attempts: Int
    public var responseStatus: Int?
    /// The first bytes of the last answer (`HookLimits.responseExcerpt`).
    public var responseExcerpt: String?
    public var error: String?
    public var durationMillis: Int?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, targetKind: HookTargetKind, targetID: UUID, event: String, auditID: Int64?, recordID: UUID?,
        status: Status, attempts: Int, responseStatus: Int?, responseExcerpt: String?, error: String?,
        durationMillis: Int?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.targetKind = targetKind
        self.targetID = targetID
        self.event = event
        self.auditID = auditID
        self.recordID = recordID
        self.status = status
        self.attempts = attempts
        self.responseStatus = responseStatus
        self.responseExcerpt = responseExcerpt
        self.error = error
        self.durationMillis = durationMillis
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The numbers that bound webhooks and robots.
public enum HookLimits {
    /// Tries per delivery (the first and its retries, with the job runner's backoff: 15 s, 30 s, 1 min, 2 min, 4 min).
    public static let attempts = 6
    /// Failed deliveries in a row after which a webhook or robot is disabled and administrators are told.
    public static let failuresBeforeDisabling = 10
    /// Bytes of an answer kept in the delivery log.
    public static let responseExcerpt = 500
    /// Deliveries kept per webhook or robot; older ones are removed.
    public static let deliveriesKept = 200
    /// Seconds a receiver may take to answer.
    public static let timeoutSeconds: Int64 = 10
    /// Audit entries the dispatcher reads per run.
    public static let entriesPerRun = 500
}
