import FluentKit
import Foundation
import LiaisonCore
import SQLKit

final class WebhookModel: Model, @unchecked Sendable {
    static let schema = "webhooks"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "url") var url: String
    /// Event names, comma-separated, in `WebhookEvent` order.
    @Field(key: "events") var events: String
    /// Sealed (`SecretBox`).
    @Field(key: "secret") var secret: String
    @Field(key: "max_classification") var maxClassification: String
    @Field(key: "active") var active: Bool
    @Field(key: "consecutive_failures") var consecutiveFailures: Int
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @OptionalField(key: "disabled_reason") var disabledReason: String?
    @Field(key: "since_audit_id") var sinceAuditID: Int64
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var eventList: [WebhookEvent] { HookModels.events(events) }

    var webhook: Webhook {
        Webhook(
            id: id!, name: name, url: url, events: eventList, active: active,
            maxClassification: Classification(rawValue: maxClassification) ?? .public,
            consecutiveFailures: consecutiveFailures, disabledAt: disabledAt, disabledReason: disabledReason,
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class ChatRobotModel: Model, @unchecked Sendable {
    static let schema = "chat_robots"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "department_id") var departmentID: UUID
    @Field(key: "kind") var kind: String
    /// Sealed (`SecretBox`): the address carries the robot's key.
    @Field(key: "url") var url: String
    @Field(key: "url_hint") var urlHint: String
    /// Sealed (`SecretBox`).
    @OptionalField(key: "secret") var secret: String?
    @Field(key: "events") var events: String
    @Field(key: "language") var language: String
    @Field(key: "include_subject") var includeSubject: Bool
    @Field(key: "active") var active: Bool
    @Field(key: "consecutive_failures") var consecutiveFailures: Int
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @OptionalField(key: "disabled_reason") var disabledReason: String?
    @Field(key: "since_audit_id") var sinceAuditID: Int64
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var eventList: [RobotEvent] { HookModels.events(events) }

    var robot: ChatRobot {
        ChatRobot(
            id: id!, name: name, departmentID: departmentID, kind: RobotKind(rawValue: kind) ?? .wecom,
            urlHint: urlHint, hasSecret: secret != nil, events: eventList,
            language: RobotLanguage(rawValue: language) ?? .zhHans, includeSubject: includeSubject, active: active,
            consecutiveFailures: consecutiveFailures, disabledAt: disabledAt, disabledReason: disabledReason,
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}

final class HookDeliveryModel: Model, @unchecked Sendable {
    static let schema = "hook_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "target_kind") var targetKind: String
    @Field(key: "target_id") var targetID: UUID
    @Field(key: "event") var event: String
    @OptionalField(key: "audit_id") var auditID: Int64?
    @OptionalField(key: "record_id") var recordID: UUID?
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "response_status") var responseStatus: Int?
    @OptionalField(key: "response_excerpt") var responseExcerpt: String?
    @OptionalField(key: "error") var error: String?
    @OptionalField(key: "duration_ms") var durationMillis: Int?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var delivery: HookDelivery {
        HookDelivery(
            id: id!, targetKind: HookTargetKind(rawValue: targetKind) ?? .webhook, targetID: targetID, event: event,
            auditID: auditID, recordID: recordID, status: HookDelivery.Status(rawValue: status) ?? .failed,
            attempts: attempts, responseStatus: responseStatus, responseExcerpt: responseExcerpt, error: error,
            durationMillis: durationMillis, createdAt: createdAt, updatedAt: updatedAt)
    }
}

enum HookModels {
    static func events<T: RawRepresentable>(_ stored: String) -> [T] where T.RawValue == String {
        stored.split(separator: ",").compactMap { T(rawValue: String($0)) }
    }

    static func store<T: RawRepresentable>(_ events: [T]) -> String where T.RawValue == String {
        events.map(\.rawValue).joined(separator: ",")
    }

    /// The id of the audit trail's last entry (0 when empty): a new webhook or robot receives what comes after.
    static func trailEnd(on db: any Database) async throws -> Int64 {
        try await db.sql.raw("SELECT id FROM audit_entries ORDER BY id DESC LIMIT 1").first()
            .map { try $0.decode(column: "id", as: Int64.self) } ?? 0
    }
}
