import Foundation

/// What an outgoing webhook subscribes to. The raw values are a contract: a payload's `event` and the
/// `X-Liaison-Event` header carry them, and receivers match on them.
public enum WebhookEvent: String, CaseIterable, Codable, Sendable {
    case requestCreated = "request.created"
    /// Kind, priority, status, queue, assignee or subject changed.
    case requestUpdated = "request.updated"
    /// A public message was added (a reply by staff or a customer's message); internal notes never leave.
    case requestReplied = "request.replied"
    case requestSLABreached = "request.sla_breached"
    case customerCreated = "customer.created"
    case customerUpdated = "customer.updated"

    /// The event of a "send test" delivery; not something to subscribe to.
    public static let ping = "ping"
}

/// What a department's chat robot posts about, always requests of that department's queue.
public enum RobotEvent: String, CaseIterable, Codable, Sendable {
    case requestCreated = "request.created"
    /// A customer wrote on a request (a message from a contact, by mail or the portal).
    case customerReplied = "request.customer_replied"
    case requestSLABreached = "request.sla_breached"
}

/// The chat apps a robot posts to, each with its own body and way of signing.
public enum RobotKind: String, CaseIterable, Codable, Sendable {
    /// 企业微信 group robot: the key is in the URL.
    case wecom
    /// 钉钉 custom robot: the access token is in the URL; with 加签, a SEC… secret signs each call.
    case dingtalk
    /// 飞书 custom bot: the hook id is in the URL; with 签名校验, a secret signs each body.
    case feishu
    /// Slack incoming webhook: the URL is the secret.
    case slack

    /// Whether the app can sign calls with a secret of its own.
    public var signs: Bool { self == .dingtalk || self == .feishu }
}

/// The language of a robot's messages (a group chat has no person whose preference counts).
public enum RobotLanguage: String, CaseIterable, Codable, Sendable {
    case zhHans = "zh-Hans"
    case en
}

/// An entry of the audit trail as the dispatcher reads it, reduced to what decides the events it raises.
public struct HookTrigger: Sendable, Equatable {
    public var action: String
    /// The message's visibility (`request.message`).
    public var visibility: String?

    public init(action: String, visibility: String? = nil) {
        self.action = action
        self.visibility = visibility
    }

    /// The audit actions that may raise an event; the dispatcher reads the others' ids only to move past them.
    public static let actions: Set<String> = [
        AuditAction.requestCreated.rawValue, AuditAction.requestUpdated.rawValue,
        AuditAction.requestStatusChanged.rawValue, AuditAction.requestAssigned.rawValue,
        AuditAction.messageAdded.rawValue, AuditAction.requestBreached.rawValue,
        AuditAction.customerCreated.rawValue, AuditAction.customerUpdated.rawValue,
    ]

    /// The webhook event this entry is, if any.
    public var webhookEvent: WebhookEvent? {
        switch AuditAction(rawValue: action) {
        case .requestCreated: .requestCreated
        case .requestUpdated, .requestStatusChanged, .requestAssigned: .requestUpdated
        case .messageAdded: visibility == "public" ? .requestReplied : nil
        case .requestBreached: .requestSLABreached
        case .customerCreated: .customerCreated
        case .customerUpdated: .customerUpdated
        default: nil
        }
    }

    /// The robot event this entry is, if any; `fromCustomer` says whether a message was written by a contact.
    public func robotEvent(fromCustomer: Bool) -> RobotEvent? {
        switch AuditAction(rawValue: action) {
        case .requestCreated: .requestCreated
        case .messageAdded: visibility == "public" && fromCustomer ? .customerReplied : nil
        case .requestBreached: .requestSLABreached
        default: nil
        }
    }
}
