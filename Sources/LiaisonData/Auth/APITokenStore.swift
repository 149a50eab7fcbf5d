import FluentKit
import Foundation
import LiaisonCore

/// A personal access token as its owner sees it: never the secret itself, only a recognisable prefix.
public struct APITokenInfo: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var name: String
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var expiresAt: Date?
    public var revokedAt: Date?

    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

public struct ResolvedToken: Sendable {
    public var token: APITokenInfo
    public var person: Person
    /// Whether the person may sign in (checked with the token's expiry and revocation at each use).
    var active: Bool
}

public enum APITokenStore {
    public static func create(
        userID: UUID, name: String, tokenHash: String, prefix: String, expiresAt: Date?, by actor: AuditActor,
        at now: Date, on tx: any Database
    ) async throws -> APITokenInfo {
        let model = APITokenModel()
        model.id = UUID()
        model.$user.id = userID
        model.name = name
        model.tokenHash = tokenHash
        model.prefix = prefix
        model.createdAt = now
        model.expiresAt = expiresAt
        try await model.create(on: tx)
        var changes = AuditChanges()
        changes.set("name", name)
        changes.set("prefix", prefix)
        changes.note("userId", userID.uuidString)
        try await AuditLog.append(
            .tokenCreated, recordType: .apiToken, recordID: model.id!.uuidString, changes: changes, by: actor,
            at: now, on: tx)
        return model.info
    }

    /// The token and its person when the token is unrevoked, unexpired and its person is active. With a `memo`
    /// (SQLite), a token seen since the last change is not read again: a client's requests arrive one after another
    /// with the same token.
    public static func resolve(
        tokenHash: String, now: Date, on db: any Database, memo: VersionedMemo<ResolvedToken>? = nil
    ) async throws -> ResolvedToken? {
        func read() async throws -> ResolvedToken? {
            try await CredentialLookup.token(hash: tokenHash, on: db).map {
                ResolvedToken(token: $0.info, person: $0.person.value, active: $0.person.u_active)
            }
        }
        let found: ResolvedToken?
        if let memo { found = try await memo.value(tokenHash, make: read) } else { found = try await read() }
        guard let found, found.token.isUsable(at: now), found.active else { return nil }
        return found
    }

    public static func markUsed(id: UUID, at now: Date, on db: any Database) async throws {
        try await APITokenModel.query(on: db).filter(\.$id == id).set(\.$lastUsedAt, to: now).update()
    }

    public static func list(userID: UUID, on db: any Database) async throws -> [APITokenInfo] {
        try await APITokenModel.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
            .map(\.info)
    }

    /// Revokes one of a person's tokens. Revoking twice is harmless; a token of someone else is not found.
    public static func revoke(
        id: UUID, userID: UUID, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> APITokenInfo {
        guard let model = try await APITokenModel.query(on: tx).filter(\.$id == id).filter(\.$user.$id == userID)
            .first()
        else { throw DataError.notFound }
        guard model.revokedAt == nil else { return model.info }
        model.revokedAt = now
        try await model.update(on: tx)
        try await AuditLog.append(
            .tokenRevoked, recordType: .apiToken, recordID: id.uuidString, by: actor, at: now, on: tx)
        return model.info
    }
}

extension APITokenModel {
    var info: APITokenInfo {
        APITokenInfo(
            id: id!, userID: $user.id, name: name, prefix: prefix, createdAt: createdAt, lastUsedAt: lastUsedAt,
            expiresAt: expiresAt, revokedAt: revokedAt)
    }
}
