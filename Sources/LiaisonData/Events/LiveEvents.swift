import Foundation
import LiaisonCore
import NIOConcurrencyHelpers

/// How a write tells of a change: `LiveEvents.announce(.requestChanged(id, customer: c))` inside the write's
/// body. Nothing is sent then: the events are kept for the write, and go out only once its transaction has
/// committed (a write rolled back, or run again by the group commit, sends nothing of the attempt that failed).
/// On SQLite the `GroupCommitter` hands them to the in-process hub after COMMIT; on PostgreSQL the `Writer` sends
/// them with `pg_notify` as the last statement of the transaction, which PostgreSQL delivers to every node's
/// listening connection at COMMIT and drops at ROLLBACK.
public enum LiveEvents {
    /// Keeps an event for the write this body belongs to. Outside `Writer.write` (a migration, a test writing on its
    /// own) there is no commit to wait for, and nothing is sent.
    public static func announce(_ event: LiveEvent) {
        LiveEventCollector.current?.add(event)
    }
}

/// The events of one run of a write's body. A body runs on one task at a time, so the lock only makes the type
/// `Sendable`; it is never contended.
final class LiveEventCollector: Sendable {
    @TaskLocal static var current: LiveEventCollector?

    private let kept = NIOLockedValueBox<(events: [LiveEvent], told: Set<LiveEvent.Subject>)>(([], []))

    func add(_ event: LiveEvent) {
        kept.withLockedValue { kept in
            if kept.told.insert(event.subject).inserted { kept.events.append(event) }
        }
    }

    var events: [LiveEvent] { kept.withLockedValue { $0.events } }

    /// Runs `body` with this collector as the place its events go.
    func collect<T>(_ body: () async throws -> T) async rethrows -> T {
        try await LiveEventCollector.$current.withValue(self) { try await body() }
    }
}
