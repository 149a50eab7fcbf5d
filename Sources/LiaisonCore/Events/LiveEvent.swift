import Foundation

/// Something that changed, told to the pages and API clients that show it (server-sent events). An event carries
/// a kind and ids, never content: whoever receives it fetches what it shows through the usual, access-checked
/// routes. `customerID` decides who may receive it (need-to-know), `recipientID` narrows a notification to its
/// person.
public struct LiveEvent: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A request was opened.
        case requestCreated
        /// A request's status, assignee, queue, priority, kind, subject or SLA breaches changed.
        case requestChanged
        /// A reply, a customer message or an internal note was added to a request.
        case messageAdded
        /// A person has a new notification.
        case notification
        /// Events may have been missed (a node's listening connection was down): show everything afresh.
        case resync

        /// Whether the event tells of a request, which only people who may see customers receive.
        public var isAboutRequests: Bool {
            self == .requestCreated || self == .requestChanged || self == .messageAdded
        }
    }

    /// Unique, time-ordered: the stream's `id:`.
    public var id: UUID
    public var kind: Kind
    public var requestID: UUID?
    public var customerID: UUID?
    public var messageID: UUID?
    /// The one person a notification is for.
    public var recipientID: UUID?

    public init(
        id: UUID = UUID.timeOrdered(), kind: Kind, requestID: UUID? = nil, customerID: UUID? = nil,
        messageID: UUID? = nil, recipientID: UUID? = nil
    ) {
        self.id = id
        self.kind = kind
        self.requestID = requestID
        self.customerID = customerID
        self.messageID = messageID
        self.recipientID = recipientID
    }

    public static func requestCreated(_ requestID: UUID, customer: UUID?) -> Self {
        Self(kind: .requestCreated, requestID: requestID, customerID: customer)
    }

    public static func requestChanged(_ requestID: UUID, customer: UUID?) -> Self {
        Self(kind: .requestChanged, requestID: requestID, customerID: customer)
    }

    public static func messageAdded(_ messageID: UUID, request requestID: UUID, customer: UUID?) -> Self {
        Self(kind: .messageAdded, requestID: requestID, customerID: customer, messageID: messageID)
    }

    /// A notification for `recipient`, about a customer's record (`customer`) or about nothing of a customer's.
    public static func notification(for recipient: UUID, customer: UUID?, request: UUID?) -> Self {
        Self(kind: .notification, requestID: request, customerID: customer, recipientID: recipient)
    }

    public static func resync() -> Self { Self(kind: .resync) }

    /// What the event tells, without its id: a write that tells of one change twice (an update that also moves the
    /// status) sends it once.
    public struct Subject: Hashable, Sendable {
        var kind: Kind
        var requestID, customerID, messageID, recipientID: UUID?
    }

    public var subject: Subject {
        Subject(
            kind: kind, requestID: requestID, customerID: customerID, messageID: messageID, recipientID: recipientID)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind
        case requestID = "requestId"
        case customerID = "customerId"
        case messageID = "messageId"
        case recipientID = "recipientId"
    }
}

/// Events as they travel between nodes: a JSON array per message, each message at most `limit` bytes
/// (PostgreSQL refuses a NOTIFY payload of 8000 bytes or more).
public enum LiveEventWire {
    public static let limit = 7_000

    /// The events in as few messages as fit; an empty list makes no message.
    public static func encode(_ events: [LiveEvent]) -> [String] {
        let encoder = CompactJSONEncoder()
        var messages: [String] = []
        var current: [String] = []
        var size = 2
        for event in events {
            guard let bytes = try? encoder.encode(event) else { continue }
            let item = String(decoding: bytes, as: UTF8.self)
            if !current.isEmpty, size + item.utf8.count + 1 > limit {
                messages.append("[" + current.joined(separator: ",") + "]")
                current = []
                size = 2
            }
            current.append(item)
            size += item.utf8.count + 1
        }
        if !current.isEmpty { messages.append("[" + current.joined(separator: ",") + "]") }
        return messages
    }

    /// The events of one message; nil when it is not one this version understands.
    public static func decode(_ message: String) -> [LiveEvent]? {
        try? JSONDecoder().decode([LiveEvent].self, from: Data(message.utf8))
    }
}
