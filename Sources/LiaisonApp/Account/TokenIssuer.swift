import FluentKit
import Foundation
import LiaisonCore
import LiaisonData

/// Issues personal access tokens. The secret is shown once and stored only as its hash.
enum TokenIssuer {
    static let secretPrefix = "lia_"

    struct Issued: Sendable {
        var info: APITokenInfo
        var secret: String
    }

    struct Input: Sendable {
        var name: String
        var expiresAt: Date?
    }

    /// Checks a token's name and lifetime in days (1-3650, or none for no expiry).
    static func validate(name: String?, expiresInDays: Int?, now: Date) throws(ValidationFailure) -> Input {
        var validator = FieldValidator()
        let name = validator.requiredText("name", name, max: 100)
        var expiresAt: Date?
        if let days = expiresInDays {
            if (1...3650).contains(days) {
                expiresAt = now.addingTimeInterval(Double(days) * 86_400)
            } else {
                validator.add("expiresInDays", "outOfRange", ["1", "3650"])
            }
        }
        try validator.check()
        return Input(name: name, expiresAt: expiresAt)
    }

    static func issue(
        for userID: UUID, _ input: Input, by actor: AuditActor, now: Date, effects: Effects, writer: Writer,
        db: any Database
    ) async throws -> Issued {
        let secret = secretPrefix + effects.secret(bytes: 24)
        let prefix = String(secret.prefix(secretPrefix.count + 8))
        let hash = TokenHash.of(secret)
        let info = try await writer.write(on: db) { tx in
            try await APITokenStore.create(
                userID: userID, name: input.name, tokenHash: hash, prefix: prefix, expiresAt: input.expiresAt,
                by: actor, at: now, on: tx)
        }
        return Issued(info: info, secret: secret)
    }
}
