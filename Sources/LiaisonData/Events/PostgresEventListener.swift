import Foundation
import LiaisonCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// The one listening connection of a node on PostgreSQL: `LISTEN` on the installation's channel, every message
/// handed to the hub. Every node hears every committed write's events this way, its own included, so each reaches
/// the node's streams once. When the connection drops it is opened again (waiting 1 s, then up to 30 s between
/// tries), and the hub is told to resynchronise, since events sent meanwhile were missed.
final class PostgresEventListener: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var connection: PostgresConnection?
        var listening = false
        var stopped = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        /// Waits that ended (by their time limit) before their waiter was registered.
        var released: Set<UUID> = []
    }

    let channel: String
    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let received: @Sendable ([LiveEvent]) -> Void
    private let state = NIOLockedValueBox(State())

    init(
        configuration: PostgresConnection.Configuration, channel: String, eventLoop: any EventLoop, logger: Logger,
        received: @escaping @Sendable ([LiveEvent]) -> Void
    ) {
        self.configuration = configuration
        self.channel = channel
        self.eventLoop = eventLoop
        self.logger = logger
        self.received = received
    }

    /// Opens the connection unless it is open or being opened.
    func start() {
        state.withLockedValue { state in
            guard state.task == nil, !state.stopped else { return }
            state.task = Task { await self.run() }
        }
    }

    /// Returns once the connection listens, or after `limit` (a stream opened while PostgreSQL is out of reach
    /// still starts, and gets a resync once the connection is back).
    func waitUntilListening(atMost limit: Duration) async {
        let key = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = self.state.withLockedValue { state -> Bool in
                        if state.listening || state.stopped || state.released.contains(key) { return true }
                        state.waiters[key] = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                self.release(key)
            }
            await group.next()
            self.release(key)
            group.cancelAll()
        }
        _ = state.withLockedValue { $0.released.remove(key) }
    }

    /// Closes the connection for good.
    func stop() async {
        let (task, connection, waiters) = state.withLockedValue { state in
            state.stopped = true
            defer { state.waiters = [:] }
            return (state.task, state.connection, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume() }
        task?.cancel()
        try? await connection?.close()
        await task?.value
    }

    /// Ends one wait, whether or not its waiter is registered yet.
    private func release(_ key: UUID) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: key) { return waiter }
            state.released.insert(key)
            return nil
        }
        waiter?.resume()
    }

    private func listening(_ now: Bool) {
        let waiters = state.withLockedValue { state in
            state.listening = now
            guard now else { return [CheckedContinuation<Void, Never>]() }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func run() async {
        var pause = Duration.seconds(1)
        var attempts = 0
        while !Task.isCancelled {
            attempts += 1
            do {
                let connection = try await PostgresConnection.connect(
                    on: eventLoop, configuration: configuration, id: 0, logger: logger)
                let open = state.withLockedValue { state -> Bool in
                    guard !state.stopped else { return false }
                    state.connection = connection
                    return true
                }
                guard open else {
                    try? await connection.close()
                    return
                }
                try await connection.listen(on: channel) { notifications in
                    listening(true)
                    pause = .seconds(1)
                    // Streams may have been open while the connection was not listening.
                    if attempts > 1 { received([.resync()]) }
                    for try await notification in notifications {
                        if let events = LiveEventWire.decode(notification.payload) {
                            received(events)
                        } else {
                            logger.warning("live events: a message this version does not understand was ignored")
                        }
                    }
                }
            } catch {
                if !Task.isCancelled {
                    logger.warning("live events: the listening connection failed: \(String(reflecting: error))")
                }
            }
            listening(false)
            let connection = state.withLockedValue { state in
                defer { state.connection = nil }
                return state.connection
            }
            try? await connection?.close()
            if Task.isCancelled { return }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(30))
        }
    }
}
