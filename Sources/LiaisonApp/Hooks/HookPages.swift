import Foundation
import LiaisonCore

struct WebhooksPage: Encodable {
    struct Row: Encodable {
        var name: String
        var url: String
        var events: String
        var active: Bool
        var failures: Int
        var editLink: String
    }

    var rows: [Row]
    var hasRows: Bool
    var newLink: String
    var robotsLink: String
}

struct RobotsPage: Encodable {
    struct Row: Encodable {
        var name: String
        var kind: String
        var department: String
        var urlHint: String
        var events: String
        var active: Bool
        var editLink: String
    }

    var rows: [Row]
    var hasRows: Bool
    var newLink: String
    var webhooksLink: String
}

/// A delivery log line as a page shows it.
struct DeliveryLine: Encodable {
    var time: String
    var event: String
    var status: String
    var ok: Bool
    var attempts: Int
    var response: String
    var error: String
}

struct WebhookFormPage: Encodable {
    var isNew: Bool
    var action: String
    var deleteAction: String?
    var testAction: String?
    var enableAction: String?
    var cancelLink: String
    var version: Int
    var form: HookWebController.WebhookForm
    var events: [Choice]
    var classifications: [Choice]
    /// The secret, shown once right after creating.
    var newSecret: String?
    var disabledNote: String?
    var testResult: DeliveryLine?
    var deliveries: [DeliveryLine]
    var hasDeliveries: Bool
    var errors: [String: String]
}

struct RobotFormPage: Encodable {
    var isNew: Bool
    var action: String
    var deleteAction: String?
    var testAction: String?
    var enableAction: String?
    var cancelLink: String
    var version: Int
    var form: HookWebController.RobotForm
    var departments: [Choice]
    var kinds: [Choice]
    var events: [Choice]
    var languages: [Choice]
    var urlHint: String?
    var hasSecret: Bool
    var disabledNote: String?
    var testResult: DeliveryLine?
    var deliveries: [DeliveryLine]
    var hasDeliveries: Bool
    var errors: [String: String]
}
