import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import Vapor

/// The sign-in decision: password check, lockout after repeated failures, the per-address throttle, and the
/// audit of every attempt.
///
/// Whatever fails (an unknown email, a wrong password, an inactive or a locked account) fails the same way, after
/// the same work: one password verification (against a hash of a random password of the configured cost when there
/// is no account) and one audited write. The answer tells the caller nothing about which accounts exist; why an
/// attempt failed is in the audit trail.
enum SignInService {
    enum Outcome {
        case success(Person)
        case failed
        /// The caller's address made too many failed attempts; it may try again after `until`.
        case throttled(until: Date)
    }

    static func attempt(email: String, password: String, request: Request) async throws -> Outcome {
        let now = request.now
        let address = request.clientAddress
        let addresses = request.application.signInAddresses
        if let until = addresses.blockedUntil(address, now: now) {
            return .throttled(until: until)
        }
        let outcome = try await check(email: email, password: password, address: address, request: request)
        if case .failed = outcome, let until = addresses.recordFailure(address, now: now) {
            request.logger.warning(
                "sign-in refused for a while: too many failed sign-ins from one address",
                metadata: ["address": .string(SignInAddressGuard.key(address)), "until": .stringConvertible(until)])
        }
        return outcome
    }

    private static func check(email: String, password: String, address: String?, request: Request) async throws
        -> Outcome
    {
        let now = request.now
        // The typed address, as the audit trail shows it: control characters (a NUL typed at the form) become spaces.
        let label = InputText.stripped(email.lowercased()).prefix(254).description
        let actor = AuditActor(userID: nil, label: label, address: address)
        // An address with a control character names nobody (and PostgreSQL refuses a NUL in any text it is sent).
        let record =
            InputText.hasRefused(email, multiline: false)
            ? nil : try await PeopleQueries.signInRecord(email: email, on: request.db)
        // Always exactly one verification, so that time spent does not tell an unknown or locked account from a
        // wrong password.
        let hash = try record?.passwordHash ?? request.application.dummyPasswordHash
        let matches = (try? await request.password.async.verify(password, created: hash)) ?? false
        guard let record else {
            try await request.write { tx in
                var changes = AuditChanges()
                changes.note("reason", "unknownEmail")
                try await AuditLog.append(
                    .signInFailed, recordType: .user, recordID: nil, changes: changes, by: actor, at: now, on: tx)
            }
            return .failed
        }
        let person = record.person
        if let until = person.lockedUntil, until > now {
            try await request.write { tx in
                var changes = AuditChanges()
                changes.note("reason", "locked")
                try await AuditLog.append(
                    .signInFailed, recordType: .user, recordID: person.id.uuidString, changes: changes, by: actor,
                    at: now, on: tx)
            }
            return .failed
        }
        guard matches, person.active else {
            _ = try await request.write { tx in
                try await PeopleCommands.recordFailedSignIn(id: person.id, by: actor, at: now, on: tx)
            }
            return .failed
        }
        let signedIn = AuditActor(userID: person.id, label: person.email, address: address)
        try await request.write { tx in
            try await PeopleCommands.recordSignIn(id: person.id, by: signedIn, at: now, on: tx)
        }
        return .success(person)
    }
}

extension Application {
    private struct DummyHashKey: StorageKey {
        typealias Value = DummyPasswordHash
    }

    /// A hash of a random password at the configured cost, checked against when an email is unknown so that timing
    /// reveals nothing. Made when first needed (`liaison serve` asks for it before it listens), so that a command
    /// that signs nobody in (`liaison mail ingest` from a mail server's pipe) does not pay for a bcrypt hash.
    var dummyPasswordHash: String {
        get throws { try configured(DummyHashKey.self, "no dummy password hash").value() }
    }

    func prepareDummyPasswordHash(cost: Int, secret: @escaping @Sendable () -> String) {
        storage[DummyHashKey.self] = DummyPasswordHash(cost: cost, secret: secret)
    }
}

/// The dummy hash, made once on first use.
final class DummyPasswordHash: Sendable {
    private let made = NIOLockedValueBox<String?>(nil)
    private let cost: Int
    private let secret: @Sendable () -> String

    init(cost: Int, secret: @escaping @Sendable () -> String) {
        self.cost = cost
        self.secret = secret
    }

    func value() throws -> String {
        try made.withLockedValue { made in
            if let made { return made }
            let hash = try Bcrypt.hash(secret(), cost: cost)
            made = hash
            return hash
        }
    }
}
