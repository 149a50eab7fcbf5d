import Foundation
import LiaisonCore
import Vapor

/// A webhook in the API: never its secret (only the answer that creates it carries `secret`, once).
struct WebhookDTO: Content {
    var id: UUID
    var name: String
    var url: String
    var events: [String]
    var active: Bool
    var maxClassification: String
    var consecutiveFailures: Int
    var disabledAt: Date?
    var disabledReason: String?
    /// Only when created: the signing secret, shown this once.
    var secret: String?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ webhook: Webhook, secret: String? = nil) {
        id = webhook.id
        name = webhook.name
        url = webhook.url
        events = webhook.events.map(\.rawValue)
        active = webhook.active
        maxClassification = webhook.maxClassification.rawValue
        consecutiveFailures = webhook.consecutiveFailures
        disabledAt = webhook.disabledAt
        disabledReason = webhook.disabledReason
        self.secret = secret
        version = webhook.version
        createdAt = webhook.createdAt
        updatedAt = webhook.updatedAt
    }
}

/// The body of a create or an update; on an update a field left out keeps its value.
struct WebhookBody: Content {
    var name: String?
    var url: String?
    var events: [String]?
    var secret: String?
    var active: Bool?
    var maxClassification: String?

    func input(over current: Webhook? = nil) -> WebhookInput {
        WebhookInput(
            name: name ?? current?.name, url: url ?? current?.url,
            events: events ?? current?.events.map(\.rawValue), secret: secret, active: active ?? current?.active,
            maxClassification: maxClassification ?? current?.maxClassification.rawValue)
    }
}

/// A chat robot in the API: its address only as a hint, its secret only as whether one is stored.
struct RobotDTO: Content {
    var id: UUID
    var name: String
    var departmentId: UUID
    var kind: String
    var urlHint: String
    var hasSecret: Bool
    var events: [String]
    var language: String
    var includeSubject: Bool
    var active: Bool
    var consecutiveFailures: Int
    var disabledAt: Date?
    var disabledReason: String?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ robot: ChatRobot) {
        id = robot.id
        name = robot.name
        departmentId = robot.departmentID
        kind = robot.kind.rawValue
        urlHint = robot.urlHint
        hasSecret = robot.hasSecret
        events = robot.events.map(\.rawValue)
        language = robot.language.rawValue
        includeSubject = robot.includeSubject
        active = robot.active
        consecutiveFailures = robot.consecutiveFailures
        disabledAt = robot.disabledAt
        disabledReason = robot.disabledReason
        version = robot.version
        createdAt = robot.createdAt
        updatedAt = robot.updatedAt
    }
}

struct RobotBody: Content {
    var name: String?
    var departmentId: String?
    var kind: String?
    var url: String?
    var secret: String?
    var events: [String]?
    var language: String?
    var includeSubject: Bool?
    var active: Bool?

    func input(over current: ChatRobot? = nil) -> RobotInput {
        RobotInput(
            name: name ?? current?.name, departmentID: departmentId ?? current?.departmentID.uuidString,
            kind: kind ?? current?.kind.rawValue, url: url, secret: secret,
            events: events ?? current?.events.map(\.rawValue), language: language ?? current?.language.rawValue,
            includeSubject: includeSubject ?? current?.includeSubject, active: active ?? current?.active)
    }
}

/// One entry of a delivery log.
struct DeliveryDTO: Content {
    var id: UUID
    var event: String
    var auditId: Int64?
    var recordId: UUID?
    var status: String
    var attempts: Int
    var responseStatus: Int?
    var responseExcerpt: String?
    var error: String?
    var durationMs: Int?
    var createdAt: Date
    var updatedAt: Date

    init(_ delivery: HookDelivery) {
        id = delivery.id
        event = delivery.event
        auditId = delivery.auditID
        recordId = delivery.recordID
        status = delivery.status.rawValue
        attempts = delivery.attempts
        responseStatus = delivery.responseStatus
        responseExcerpt = delivery.responseExcerpt
        error = delivery.error
        durationMs = delivery.durationMillis
        createdAt = delivery.createdAt
        updatedAt = delivery.updatedAt
    }
}
