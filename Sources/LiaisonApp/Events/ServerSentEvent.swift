import Foundation
import LiaisonCore

/// The text of a `text/event-stream`: an event is `id:`, `event:` and one `data:` line of JSON, ended by an empty
/// line; a line starting with a colon is a comment (the heartbeat).
enum ServerSentEvent {
    /// How long a browser waits before it reconnects, in milliseconds (sent once, first).
    static let retry = "retry: 3000\n\n"

    /// Keeps proxies from closing a quiet connection, and finds out that a client has gone.
    static let heartbeat = ": keep-alive\n\n"

    /// An event's lines. The data names ids only (camelCase keys, those that are set).
    static func text(_ event: LiveEvent) -> String {
        var data = "{"
        let fields: [(String, UUID?)] = [
            ("customerId", event.customerID), ("messageId", event.messageID), ("requestId", event.requestID),
        ]
        data += fields.compactMap { name, id in id.map { "\"\(name)\":\"\($0.uuidString)\"" } }.joined(separator: ",")
        data += "}"
        return "id: \(event.id.uuidString)\nevent: \(event.kind.rawValue)\ndata: \(data)\n\n"
    }

    /// The first event of every stream: from here on, no event is missed.
    static func ready(id: UUID) -> String {
        "id: \(id.uuidString)\nevent: ready\ndata: {}\n\n"
    }
}
