import FluentKit
import LiaisonCore
import PostgresNIO
import SQLKit

/// How a database engine is told apart at run time.
public enum Engine: String, Sendable {
    case sqlite
    case postgres

    public init(_ db: any Database) {
        self = (db as? any SQLDatabase)?.dialect.name == "postgresql" ? .postgres : .sqlite
    }
}

/// The one way to change data: a transaction in which the change and its audit entries commit together.
public struct Writer: Sendable {
    public let committer: GroupCommitter
    /// Told after each PostgreSQL transaction has committed (on SQLite the committer tells it once per group).
    let afterCommit: (@Sendable () -> Void)?
    /// The channel a PostgreSQL write's events are sent on (`LiveEvents`); nil sends none. On SQLite the committer
    /// hands them over.
    let eventChannel: String?

    public init(
        committer: GroupCommitter = GroupCommitter(), afterCommit: (@Sendable () -> Void)? = nil,
        eventChannel: String? = nil
    ) {
        self.committer = committer
        self.afterCommit = afterCommit
        self.eventChannel = eventChannel
    }

    /// Runs `body` in a transaction and returns once the change is durable. On SQLite, concurrent writes are
    /// gathered into one `IMMEDIATE` transaction and share one commit (group commit, see `GroupCommitter`); on
    /// PostgreSQL writers run concurrently and serialise only where they must (the audit chain's advisory lock).
    ///
    /// `body` must not itself call `write`: on SQLite it would wait for the group it is part of. It may run twice
    /// (on SQLite, again after a rollback when another write of its group failed), so it changes nothing outside
    /// the transaction.
    public func write<T: Sendable>(
        on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        switch Engine(db) {
        case .postgres:
            // A deadlock or serialisation failure rolls the whole transaction back; since a body may run twice,
            // it is simply run again (with a short random pause so that the two do not meet again at once).
            var attempt = 0
            while true {
                do {
                    let value = try await db.transaction { tx in
                        let events = LiveEventCollector()
                        let value = try await events.collect { try await body(tx) }
                        try await Self.notify(events.events, channel: eventChannel, on: tx)
                        return value
                    }
                    afterCommit?()
                    return value
                } catch let error as PSQLError where attempt < Self.postgresRetries && Self.isTransient(error) {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(Int.random(in: 1...5) * attempt))
                }
            }
        case .sqlite:
            return try await committer.write(on: db, body)
        }
    }

    /// Sends a write's events as the last statements of its transaction: PostgreSQL delivers a NOTIFY to every
    /// listening connection (this node's own included) when the transaction commits, and never when it rolls back.
    static func notify(_ events: [LiveEvent], channel: String?, on tx: any Database) async throws {
        guard let channel, !events.isEmpty, let sql = tx as? any SQLDatabase else { return }
        for message in LiveEventWire.encode(events) {
            try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: message))").run()
        }
    }

    /// How often a PostgreSQL write that met a deadlock or a serialisation failure is run again.
    static let postgresRetries = 4

    /// PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001): the transaction was rolled back
    /// as a whole and may simply be run again.
    static func isTransient(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }
}
