import FluentKit
import Foundation
import LiaisonCore

/// Changes to people. Each runs inside a transaction from `Writer` and appends its audit entry there.
public enum PeopleCommands {
    public static func create(
        _ person: ValidPerson, passwordHash: String, mustChangePassword: Bool, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> Person {
        if try await PeopleQueries.emailTaken(person.email.value, on: tx) {
            throw ValidationFailure([ValidationIssue("email", "emailTaken")])
        }
        try await requireDepartment(person.departmentID, on: tx)
        let model = UserModel()
        model.id = UUID()
        model.email = person.email.value
        model.name = person.name
        model.sortKey = SortKey.make(person.name)
        model.title = person.title
        model.phone = person.phone
        model.$department.id = person.departmentID
        model.locale = person.locale?.rawValue
        model.timeZone = person.timeZone
        model.passwordHash = passwordHash
        model.mustChangePassword = mustChangePassword
        model.active = true
        model.failedSignIns = 0
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        for role in person.roles.sorted() {
            try await UserRoleModel(userID: model.id!, role: role.rawValue).create(on: tx)
        }
        var changes = AuditChanges()
        changes.set("email", person.email.value)
        changes.set("name", person.name)
        changes.set("roles", person.roles.sorted().map(\.rawValue).joined(separator: ","))
        changes.set("departmentId", person.departmentID?.uuidString)
        try await AuditLog.append(
            .userCreated, recordType: .user, recordID: model.id!.uuidString, changes: changes, by: actor, at: now,
            on: tx)
        return model.person(roles: person.roles.map(\.rawValue))
    }

    public static func update(
        id: UUID, with person: ValidPerson, expectedVersion: Int?, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> Person {
        guard let model = try await UserModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        if try await PeopleQueries.emailTaken(person.email.value, except: id, on: tx) {
            throw ValidationFailure([ValidationIssue("email", "emailTaken")])
        }
        try await requireDepartment(person.departmentID, on: tx)
        let before = try await PeopleQueries.withRoles([model], on: tx)[0]
        if before.roles.contains(.admin), !person.roles.contains(.admin) {
            // Nobody locks themself out of administration by accident; another administrator must do it.
            if actor.userID == id { throw DataError.conflict(reason: "cannotDemoteSelf") }
            if model.active { try await requireAnotherActiveAdmin(than: id, on: tx) }
        }
        var changes = AuditChanges()
        changes.field("email", from: model.email, to: person.email.value)
        changes.field("name", from: model.name, to: person.name)
        changes.field("title", from: model.title, to: person.title)
        changes.field("phone", from: model.phone, to: person.phone)
        changes.field(
            "departmentId", from: model.$department.id?.uuidString, to: person.departmentID?.uuidString)
        changes.field("locale", from: model.locale, to: person.locale?.rawValue)
        changes.field("timeZone", from: model.timeZone, to: person.timeZone)
        changes.field(
            "roles", from: before.roles.sorted().map(\.rawValue).joined(separator: ","),
            to: person.roles.sorted().map(\.rawValue).joined(separator: ","))
        guard !changes.isEmpty else { return before }

        model.email = person.email.value
        model.name = person.name
        model.sortKey = SortKey.make(person.name)
        model.title = person.title
        model.phone = person.phone
        model.$department.id = person.departmentID
        model.locale = person.locale?.rawValue
        model.timeZone = person.timeZone
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        if before.roles != person.roles {
            try await UserRoleModel.query(on: tx).filter(\.$user.$id == id).delete()
            for role in person.roles.sorted() {
                try await UserRoleModel(userID: id, role: role.rawValue).create(on: tx)
            }
        }
        try await AuditLog.append(
            .userUpdated, recordType: .user, recordID: id.uuidString, changes: changes, by: actor, at: now, on: tx)
        return model.person(roles: person.roles.map(\.rawValue))
    }

    /// Deactivating ends every session and revokes every token of the person in the same transaction.
    public static func setActive(
        id: UUID, active: Bool, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Person {
        guard let model = try await UserModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        let person = try await PeopleQueries.withRoles([model], on: tx)[0]
        guard model.active != active else { return person }
        if !active {
            if actor.userID == id { throw DataError.conflict(reason: "cannotDeactivateSelf") }
            if person.roles.contains(.admin) { try await requireAnotherActiveAdmin(than: id, on: tx) }
        }
        var changes = AuditChanges()
        changes.field("active", from: String(model.active), to: String(active))
        if !active {
            let sessions = try await SessionModel.query(on: tx).filter(\.$user.$id == id).count()
            try await SessionModel.query(on: tx).filter(\.$user.$id == id).delete()
            let tokens = try await APITokenModel.query(on: tx).filter(\.$user.$id == id).filter(\.$revokedAt == nil)
                .count()
            try await APITokenModel.query(on: tx).filter(\.$user.$id == id).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: now).update()
            changes.note("sessionsEnded", String(sessions))
            changes.note("tokensRevoked", String(tokens))
        }
        model.active = active
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await AuditLog.append(
            active ? .userReactivated : .userDeactivated, recordType: .user, recordID: id.uuidString,
            changes: changes, by: actor, at: now, on: tx)
        var updated = person
        updated.active = active
        updated.version = model.version
        updated.updatedAt = now
        return updated
    }

    /// Sets a new password. `mustChange` marks a one-time password that the person replaces at next sign-in.
    public static func setPassword(
        id: UUID, hash: String, mustChange: Bool, action: AuditAction, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws {
        guard let model = try await UserModel.find(id, on: tx) else { throw DataError.notFound }
        model.passwordHash = hash
        model.mustChangePassword = mustChange
        model.failedSignIns = 0
        model.lockedUntil = nil
        model.updatedAt = now
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.note("oneTime", String(mustChange))
        try await AuditLog.append(
            action, recordType: .user, recordID: id.uuidString, changes: changes, by: actor, at: now, on: tx)
    }

    /// Counts a failed sign-in; returns the lock's end when this failure locks the account.
    public static func recordFailedSignIn(
        id: UUID, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Date? {
        guard let model = try await UserModel.find(id, on: tx) else { throw DataError.notFound }
        model.failedSignIns += 1
        let lock = SignInThrottle.lockDuration(afterFailures: model.failedSignIns).map { now.addingTimeInterval($0) }
        model.lockedUntil = lock ?? model.lockedUntil
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.note("failures", String(model.failedSignIns))
        try await AuditLog.append(
            .signInFailed, recordType: .user, recordID: id.uuidString, changes: changes, by: actor, at: now, on: tx)
        if let lock {
            var lockChanges = AuditChanges()
            lockChanges.note("until", ISO8601DateFormatter().string(from: lock))
            try await AuditLog.append(
                .accountLocked, recordType: .user, recordID: id.uuidString, changes: lockChanges, by: actor,
                at: now, on: tx)
        }
        return lock
    }

    public static func recordSignIn(id: UUID, by actor: AuditActor, at now: Date, on tx: any Database) async throws {
        guard let model = try await UserModel.find(id, on: tx) else { throw DataError.notFound }
        model.failedSignIns = 0
        model.lockedUntil = nil
        model.lastSignInAt = now
        try await model.update(on: tx)
        try await AuditLog.append(.signIn, recordType: .user, recordID: id.uuidString, by: actor, at: now, on: tx)
    }

    /// A person's own preferences; nil leaves a preference as it is.
    public static func setPreferences(
        id: UUID, locale: AppLocale?, timeZone: String?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        guard let model = try await UserModel.find(id, on: tx) else { throw DataError.notFound }
        var changes = AuditChanges()
        if let locale {
            changes.field("locale", from: model.locale, to: locale.rawValue)
            model.locale = locale.rawValue
        }
        if let timeZone {
            changes.field("timeZone", from: model.timeZone, to: timeZone)
            model.timeZone = timeZone
        }
        guard !changes.isEmpty else { return }
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await AuditLog.append(
            .preferencesChanged, recordType: .user, recordID: id.uuidString, changes: changes, by: actor, at: now, on: tx)
    }

    private static func requireDepartment(_ id: UUID?, on tx: any Database) async throws {
        guard let id else { return }
        if try await DepartmentModel.find(id, on: tx) == nil {
            throw ValidationFailure([ValidationIssue("departmentId", "invalidReference")])
        }
    }

    private static func requireAnotherActiveAdmin(than id: UUID, on tx: any Database) async throws {
        let others = try await UserModel.query(on: tx).filter(\.$active == true).filter(\.$id != id)
            .join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
            .filter(UserRoleModel.self, \.$role == Role.admin.rawValue).count()
        if others == 0 { throw DataError.conflict(reason: "lastAdmin") }
    }
}
