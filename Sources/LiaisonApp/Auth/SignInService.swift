import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The sign-in decision: password check, lockout after repeated failures, and the audit of every attempt.
enum SignInService {
    enum Outcome {
        case success(Person)
        case invalid
        case locked(until: Date)
    }

    static func attempt(email: String, password: String, request: Request) async throws -> Outcome {
        let now = request.now
        let actor = AuditActor(userID: nil, label: email.lowercased().prefix(254).description, address: request.clientAddress)
        guard let record = try await PeopleQueries.signInRecord(email: email, on: request.db) else {
            // Spend the same time as a real check so response times do not reveal which addresses exist.
            _ = try? await request.password.async.verify(password, created: request.application.dummyPasswordHash)
            try await request.write { tx in
                var changes = AuditChanges()
                changes.note("reason", "unknownEmail")
                try await AuditLog.append(
                    .signInFailed, recordType: "user", recordID: nil, changes: changes, by: actor, at: now, on: tx)
            }
            return .invalid
        }
        let person = record.person
        if let until = person.lockedUntil, until > now {
            try await request.write { tx in
                var changes = AuditChanges()
                changes.note("reason", "locked")
                try await AuditLog.append(
                    .signInFailed, recordType: "user", recordID: person.id.uuidString, changes: changes, by: actor,
                    at: now, on: tx)
            }
            return .locked(until: until)
        }
        let matches = (try? await request.password.async.verify(password, created: record.passwordHash)) ?? false
        guard matches, person.active else {
            let lock = try await request.write { tx in
                try await PeopleCommands.recordFailedSignIn(id: person.id, by: actor, at: now, on: tx)
            }
            if let lock { return .locked(until: lock) }
            return .invalid
        }
        let signedIn = AuditActor(userID: person.id, label: person.email, address: request.clientAddress)
        try await request.write { tx in
            try await PeopleCommands.recordSignIn(id: person.id, by: signedIn, at: now, on: tx)
        }
        return .success(person)
    }
}

extension Application {
    private struct DummyHashKey: StorageKey {
        typealias Value = String
    }

    /// A hash of a random password, checked against when an email is unknown so that timing reveals nothing.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}
