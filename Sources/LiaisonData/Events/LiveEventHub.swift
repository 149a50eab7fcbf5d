import FluentKit
import Foundation
import LiaisonCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// A node's live event streams: committed writes' events come in (from the SQLite writer in this process, or from
/// PostgreSQL's `LISTEN` connection, which carries every node's), and each goes to the streams whose person may
/// receive it (`LiveEventHub.allows`), checked against the database when it is sent out, so that a customer
/// reclassified or a team changed in the meantime is obeyed.
///
/// One task sends the events out in the order they came, one statement per batch for the need-to-know rule
/// however many streams are open; another wakes every stream for its heartbeat. `close()` ends every stream
/// (after sending what had come in), stops the listening connection and both tasks.
public final class LiveEventHub: Sendable {
    /// Where the events of other writers come from.
    public enum Transport: Sendable {
        /// SQLite: only this process writes; the writer hands over its events (`publish`).
        case inProcess
        /// PostgreSQL: every node's writes NOTIFY `channel`; one connection of this node listens.
        case postgres(PostgresConnection.Configuration, channel: String)
    }

    /// What a stream receives.
    public enum Item: Sendable, Equatable {
        case event(LiveEvent)
        /// Time for a heartbeat (and for the stream to check that its caller may still listen).
        case beat
    }

    struct Subscriber: Sendable {
        var person: UUID
        var seesRequests: Bool
        var continuation: AsyncStream<Item>.Continuation
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextKey = 0
        var closed = false
        var sent = 0
    }

    /// The channel writes NOTIFY on PostgreSQL, nil on SQLite.
    public let channel: String?
    private let database: @Sendable () -> (any Database)?
    private let logger: Logger
    private let listener: PostgresEventListener?
    private let state = NIOLockedValueBox(State())
    private let inbox: AsyncStream<[LiveEvent]>.Continuation
    private let dispatcher: NIOLockedValueBox<Task<Void, Never>?> = .init(nil)
    private let beater: NIOLockedValueBox<Task<Void, Never>?> = .init(nil)

    /// Events a stream may hold unsent; a stream that falls further behind is ended (its client reconnects and
    /// shows everything afresh).
    static let backlog = 500

    /// - Parameters:
    ///   - database: where the need-to-know rule is read (nil once the application is gone).
    ///   - heartbeat: how often every stream gets `.beat`.
    public init(
        transport: Transport, database: @escaping @Sendable () -> (any Database)?, eventLoop: any EventLoop,
        logger: Logger, heartbeat: Duration = .seconds(15)
    ) {
        self.database = database
        self.logger = logger
        let (events, inbox) = AsyncStream.makeStream(of: [LiveEvent].self)
        self.inbox = inbox
        switch transport {
        case .inProcess:
            channel = nil
            listener = nil
        case .postgres(let configuration, let channel):
            self.channel = channel
            listener = PostgresEventListener(
                configuration: configuration, channel: channel, eventLoop: eventLoop, logger: logger,
                received: { inbox.yield($0) })
        }
        dispatcher.withLockedValue {
            $0 = Task { [self] in
                for await batch in events { await self.dispatch(batch) }
                self.endAll()
            }
        }
        beater.withLockedValue {
            $0 = Task { [self] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: heartbeat) } catch { return }
                    self.beat()
                }
            }
        }
    }

    /// The channel of an installation's events: one per schema, so that installations (or test runs) sharing a
    /// PostgreSQL database in schemas of their own never hear each other. At most 63 bytes, PostgreSQL's limit.
    public static func channel(schema: String?) -> String {
        guard let schema, !schema.isEmpty else { return "liaison_events" }
        let plain = schema.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
        if plain, schema.utf8.count <= 48 { return "liaison_events_" + schema }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in schema.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "liaison_events_" + String(hash, radix: 16)
    }

    /// Hands over the events of writes that committed in this process (SQLite). Returns at once.
    public func publish(_ events: [LiveEvent]) {
        guard !events.isEmpty else { return }
        inbox.yield(events)
    }

    /// Opens a stream for a person. `seesRequests`: whether their roles let them see customers' requests at all
    /// (notifications to them reach them either way). On PostgreSQL it returns once this node listens (or after
    /// five seconds without the database), so that a client that has its first bytes misses no later event.
    public func subscribe(person: UUID, seesRequests: Bool) async -> LiveEventSubscription {
        let (items, continuation) = AsyncStream.makeStream(
            of: Item.self, bufferingPolicy: .bufferingNewest(Self.backlog))
        let key = state.withLockedValue { state -> Int? in
            guard !state.closed else { return nil }
            state.nextKey += 1
            state.subscribers[state.nextKey] = Subscriber(
                person: person, seesRequests: seesRequests, continuation: continuation)
            return state.nextKey
        }
        guard let key else {
            continuation.finish()
            return LiveEventSubscription(items: items, key: nil, hub: self)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLockedValue { $0.subscribers.removeValue(forKey: key) }
        }
        if let listener {
            listener.start()
            await listener.waitUntilListening(atMost: .seconds(5))
        }
        return LiveEventSubscription(items: items, key: key, hub: self)
    }

    /// Streams open now.
    public var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }

    /// Events sent out to streams so far (each stream counted).
    public var sentCount: Int { state.withLockedValue { $0.sent } }

    /// Ends every stream once the events that came in before have been sent, and stops listening. Later
    /// subscriptions end at once. Safe to call more than once.
    public func close() async {
        let first = state.withLockedValue { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first {
            await listener?.stop()
            inbox.finish()
        }
        await dispatcher.withLockedValue { $0 }?.value
        let beat = beater.withLockedValue { $0 }
        beat?.cancel()
        await beat?.value
    }

    func update(_ key: Int, seesRequests: Bool) {
        state.withLockedValue { $0.subscribers[key]?.seesRequests = seesRequests }
    }

    func end(_ key: Int) {
        let subscriber = state.withLockedValue { $0.subscribers.removeValue(forKey: key) }
        subscriber?.continuation.finish()
    }

    private func beat() {
        let continuations = state.withLockedValue { $0.subscribers.values.map(\.continuation) }
        for continuation in continuations { continuation.yield(.beat) }
    }

    private func endAll() {
        let subscribers = state.withLockedValue { state in
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.continuation.finish() }
    }

    private func dispatch(_ batch: [LiveEvent]) async {
        let subscribers = state.withLockedValue { $0.subscribers }
        guard !subscribers.isEmpty else { return }
        let customers = Set(batch.compactMap(\.customerID))
        var knowers: [UUID: Set<UUID>] = [:]
        if !customers.isEmpty, let db = database() {
            do {
                knowers = try await CustomerQueries.knowers(
                    of: customers, among: Set(subscribers.values.map(\.person)), on: db)
            } catch {
                // Nobody is told of a customer's records when the rule cannot be read.
                logger.warning("live events: need-to-know could not be read: \(String(reflecting: error))")
                knowers = [:]
            }
        }
        var sent = 0
        for event in batch {
            for (key, subscriber) in subscribers where Self.allows(event, to: subscriber, knowers: knowers) {
                if case .dropped = subscriber.continuation.yield(.event(event)) {
                    logger.info("live events: a stream fell \(Self.backlog) events behind and was ended")
                    end(key)
                } else {
                    sent += 1
                }
            }
        }
        state.withLockedValue { $0.sent += sent }
    }

    /// Whether a stream may receive an event: tells of a request only to people who see requests and may know its
    /// customer; a notification only to its recipient (and, when it concerns a customer, while they may still know
    /// it); a resync to everyone.
    static func allows(_ event: LiveEvent, to subscriber: Subscriber, knowers: [UUID: Set<UUID>]) -> Bool {
        func mayKnowCustomer() -> Bool {
            guard let customer = event.customerID else { return true }
            return knowers[customer]?.contains(subscriber.person) == true
        }
        switch event.kind {
        case .requestCreated, .requestChanged, .messageAdded:
            return subscriber.seesRequests && event.customerID != nil && mayKnowCustomer()
        case .notification:
            return event.recipientID == subscriber.person && mayKnowCustomer()
        case .resync:
            return true
        }
    }
}

/// One open stream of a hub. Ending it (or dropping its items' iterator) removes it from the hub.
public final class LiveEventSubscription: Sendable {
    public let items: AsyncStream<LiveEventHub.Item>
    private let key: Int?
    private let hub: LiveEventHub

    init(items: AsyncStream<LiveEventHub.Item>, key: Int?, hub: LiveEventHub) {
        self.items = items
        self.key = key
        self.hub = hub
    }

    /// Whether the person still sees requests (their roles may have changed since the stream opened).
    public func update(seesRequests: Bool) {
        if let key { hub.update(key, seesRequests: seesRequests) }
    }

    /// Ends the stream: its iterator returns what it holds, then nil.
    public func end() {
        if let key { hub.end(key) }
    }
}
