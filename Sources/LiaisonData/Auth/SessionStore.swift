import FluentKit
import Foundation
import LiaisonCore

/// A signed-in browser session as listed to its owner.
public struct SessionInfo: Sendable, Equatable {
    public var id: UUID
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var address: String?
    public var userAgent: String?
}

/// The person behind a valid session, and the session itself.
public struct ResolvedSession: Sendable {
    public var sessionID: UUID
    public var person: Person
    public var lastSeenAt: Date
}

/// Server-side sessions. The browser holds a random token; only its SHA-256 is stored.
public enum SessionStore {
    public static func create(
        userID: UUID, tokenHash: String, now: Date, lifetime: TimeInterval, address: String?, userAgent: String?,
        on tx: any Database
    ) async throws -> UUID {
        let model = SessionModel()
        model.id = UUID()
        model.tokenHash = tokenHash
        model.$user.id = userID
        model.createdAt = now
        model.lastSeenAt = now
        model.expiresAt = now.addingTimeInterval(lifetime)
        model.address = address
        model.userAgent = userAgent.map { String($0.prefix(300)) }
        try await model.create(on: tx)
        return model.id!
    }

    /// The session for a token hash when it is unexpired and its person is active.
    public static func resolve(tokenHash: String, now: Date, on db: any Database) async throws -> ResolvedSession? {
        guard let row = try await CredentialLookup.session(hash: tokenHash, on: db), row.s_expires_at > now,
            row.person.u_active
        else { return nil }
        return ResolvedSession(
            sessionID: row.s_id, person: row.person.value, lastSeenAt: row.s_last_seen_at)
    }

    /// Slides an idle session forward. Callers do this at most once a minute per session, not on every request.
    public static func touch(id: UUID, now: Date, lifetime: TimeInterval, on db: any Database) async throws {
        try await SessionModel.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now)
            .set(\.$expiresAt, to: now.addingTimeInterval(lifetime)).update()
    }

    public static func delete(tokenHash: String, on tx: any Database) async throws {
        try await SessionModel.query(on: tx).filter(\.$tokenHash == tokenHash).delete()
    }

    public static func delete(id: UUID, userID: UUID, on tx: any Database) async throws -> Bool {
        let query = SessionModel.query(on: tx).filter(\.$id == id).filter(\.$user.$id == userID)
        guard try await query.count() > 0 else { return false }
        try await SessionModel.query(on: tx).filter(\.$id == id).delete()
        return true
    }

    /// Ends all other sessions of a person (after a password change, say); returns how many ended.
    public static func deleteAll(userID: UUID, except keep: UUID? = nil, on tx: any Database) async throws -> Int {
        let query = SessionModel.query(on: tx).filter(\.$user.$id == userID)
        if let keep { query.filter(\.$id != keep) }
        let count = try await query.count()
        let delete = SessionModel.query(on: tx).filter(\.$user.$id == userID)
        if let keep { delete.filter(\.$id != keep) }
        try await delete.delete()
        return count
    }

    public static func list(userID: UUID, now: Date, on db: any Database) async throws -> [SessionInfo] {
        try await SessionModel.query(on: db).filter(\.$user.$id == userID).filter(\.$expiresAt > now)
            .sort(\.$lastSeenAt, .descending).all()
            .map {
                SessionInfo(
                    id: $0.id!, createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, expiresAt: $0.expiresAt,
                    address: $0.address, userAgent: $0.userAgent)
            }
    }

    /// Removes expired sessions; returns how many.
    public static func expire(now: Date, on tx: any Database) async throws -> Int {
        let count = try await SessionModel.query(on: tx).filter(\.$expiresAt <= now).count()
        if count > 0 {
            try await SessionModel.query(on: tx).filter(\.$expiresAt <= now).delete()
        }
        return count
    }
}
