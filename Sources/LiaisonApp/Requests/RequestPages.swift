import Foundation

struct QueuePage: Encodable {
    struct Row: Encodable {
        var number: String
        var subject: String
        var link: String
        var customer: String
        var kind: String
        var kindCode: String
        var priority: String
        var priorityCode: String
        var status: String
        var statusCode: String
        var assignee: String
        var due: String
        var dueISO: String
        var breached: Bool
    }

    struct Tab: Encodable {
        var label: String
        var link: String
        var current: Bool
    }

    var heading: String
    var tabs: [Tab]
    var rows: [Row]
    var hasRows: Bool
    var queues: [Choice]
    var showQueuePicker: Bool
    var action: String
    var newLink: String?
    var nextLink: String?
}

struct RequestPage: Encodable {
    struct Message: Encodable {
        var id: String
        var author: String
        var isPublic: Bool
        var fromCustomer: Bool
        var channel: String
        var date: String
        var body: String
        var splitAction: String?
        var files: [InteractionPage.File]
        var hasFiles: Bool
        /// For a message that went or came by mail: its state's words and code (queued, sent, failed, received),
        /// the server's answer, the quoted earlier messages and the raw message's link.
        var delivery: String?
        var deliveryCode: String
        var deliveryDetail: String
        var quoted: String?
        var rawLink: String?
    }

    struct Clock: Encodable {
        var label: String
        var due: String
        var dueISO: String
        var breached: Bool
        var done: String
    }

    struct Canned: Encodable {
        var id: String
        var title: String
        var text: String
    }

    var id: String
    var number: String
    var subject: String
    var customer: String
    var customerLink: String
    var contact: String
    var kind: String
    var priority: String
    var priorityCode: String
    var status: String
    var statusCode: String
    var assignee: String
    var queue: String
    var clocks: [Clock]
    var breaches: [String]
    var hasBreaches: Bool
    var satisfaction: String
    var mergedInto: String?
    var messages: [Message]
    var canHandle: Bool
    var replyAction: String
    var statusAction: String
    var nextStatuses: [Choice]
    var updateAction: String
    var kinds: [Choice]
    var priorities: [Choice]
    var assignees: [Choice]
    var mergeAction: String
    var canned: [Canned]
    var hasCanned: Bool
    var closed: Bool
    var errors: [String: String]
    var draft: String
    /// Requirements taken from this request, and "turn into a requirement".
    var requirements: RequirementLinks? = nil
    /// The commitments made on this request.
    var commitmentBlock: CommitmentBlock? = nil
    /// For a request without a customer (mail from an unknown sender): who wrote, and the action that links it.
    var unlinked: Unlinked?
    /// The composer's message check: where it asks, and what it found when a send was refused.
    var checkAction: String = MessageCheckRoutes.check.link()
    var commitAction: String = ""
    var check: MessageCheckPanel?
    var overrideReason: String = ""

    struct Unlinked: Encodable {
        var sender: String
        var senderName: String
        var action: String
        var canCreate: Bool
    }
}

struct NewRequestPage: Encodable {
    var action: String
    /// The chosen customer first, then the newest ones: a picker finds any other.
    var customers: [Choice]
    var customerID: String
    var contacts: [Choice]
    /// Finding a customer without JavaScript: the text looked for and what it found.
    var findAction: String
    var find: String
    var found: [FoundCustomer]?
    var foundNone: Bool { found?.isEmpty == true }
    var kinds: [Choice]
    var priorities: [Choice]
    var channels: [Choice]
    var queues: [Choice]
    var subject: String
    var body: String
    var errors: [String: String]
}

struct FoundCustomer: Encodable {
    var name: String
    var nameEn: String?
    var link: String
}
