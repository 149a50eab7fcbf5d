import Foundation
import Testing

@testable import LiaisonCore

/// Events between nodes: a JSON array per message, never longer than PostgreSQL's NOTIFY allows, read back equal.
@Suite struct LiveEventWireTests {
    @Test func eventsComeBackAsTheyWereSent() {
        let events: [LiveEvent] = [
            .requestCreated(UUID(), customer: UUID()), .requestChanged(UUID(), customer: UUID()),
            .messageAdded(UUID(), request: UUID(), customer: UUID()),
            .notification(for: UUID(), customer: nil, request: UUID()), .resync(),
        ]
        let messages = LiveEventWire.encode(events)
        #expect(messages.count == 1)
        #expect(messages.compactMap(LiveEventWire.decode).flatMap { $0 } == events)
    }

    @Test func manyEventsAreSplitIntoMessagesWithinTheLimit() {
        let events = (0..<500).map { _ in LiveEvent.messageAdded(UUID(), request: UUID(), customer: UUID()) }
        let messages = LiveEventWire.encode(events)
        #expect(messages.count > 1)
        #expect(messages.allSatisfy { $0.utf8.count <= LiveEventWire.limit })
        #expect(messages.compactMap(LiveEventWire.decode).flatMap { $0 } == events)
        #expect(LiveEventWire.encode([]).isEmpty)
    }

    @Test func aMessageThisVersionDoesNotKnowIsIgnored() {
        #expect(LiveEventWire.decode("not json") == nil)
        #expect(LiveEventWire.decode(#"[{"id":"\#(UUID().uuidString)","kind":"somethingNew"}]"#) == nil)
    }
}
