import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Mailboxes are set up by administrators. Passwords are sealed before they are stored and never written to the
/// audit trail: an entry says only that one was set or removed.
public enum MailboxCommands {
    public static func create(
        _ input: ValidMailbox, secrets: SecretBox, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Mailbox {
        try await checkAddress(input.address.value, except: nil, on: tx)
        try await checkDepartment(input.departmentID, on: tx)
        let model = MailboxModel()
        model.id = UUID()
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        var changes = AuditChanges()
        try apply(input, to: model, secrets: secrets, changes: &changes)
        try await model.create(on: tx)
        try await AuditLog.append(
            .mailboxCreated, recordType: .mailbox, recordID: model.id!.uuidString, changes: changes, by: actor, at: now,
            on: tx)
        return model.mailbox
    }

    public static func update(
        id: UUID, with input: ValidMailbox, expectedVersion: Int?, secrets: SecretBox, by actor: AuditActor,
        at now: Date, on tx: any Database
    ) async throws -> Mailbox {
        guard let model = try await MailboxModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        try await checkAddress(input.address.value, except: id, on: tx)
        if input.departmentID != model.departmentID { try await checkDepartment(input.departmentID, on: tx) }
        var changes = AuditChanges()
        try apply(input, to: model, secrets: secrets, changes: &changes)
        if !changes.isEmpty {
            model.version += 1
            model.updatedAt = now
            try await model.update(on: tx)
            try await AuditLog.append(
                .mailboxUpdated, recordType: .mailbox, recordID: id.uuidString, changes: changes, by: actor, at: now,
                on: tx)
        }
        return model.mailbox
    }

    public static func delete(id: UUID, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws
    {
        guard let model = try await MailboxModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        var changes = AuditChanges()
        changes.field("address", from: model.address, to: nil)
        try await model.delete(on: tx)
        try await AuditLog.append(
            .mailboxDeleted, recordType: .mailbox, recordID: id.uuidString, changes: changes, by: actor, at: now, on: tx)
    }

    /// Copies `input` onto `model`, noting each change (passwords as "set" or "removed", never their text).
    private static func apply(
        _ input: ValidMailbox, to model: MailboxModel, secrets: SecretBox, changes: inout AuditChanges
    ) throws {
        let isNew = model.$address.value == nil
        func field<T: Equatable & CustomStringConvertible>(_ name: String, _ old: T?, _ new: T?) {
            if isNew {
                if let new { changes.set(name, new.description) }
            } else {
                changes.field(name, from: old?.description, to: new?.description)
            }
        }
        field("address", model.$address.value, input.address.value)
        field("name", model.$name.value ?? nil, input.name)
        field("departmentId", model.$departmentID.value?.uuidString, input.departmentID.uuidString)
        field("active", model.$active.value, input.active)
        field("smtpHost", model.$smtpHost.value, input.smtp.host)
        field("smtpPort", model.$smtpPort.value, input.smtp.port)
        field("smtpSecurity", model.$smtpSecurity.value, input.smtp.security.rawValue)
        field("smtpUsername", model.$smtpUsername.value ?? nil, input.smtp.username)
        field("smtpAuth", model.$smtpAuth.value, input.smtpAuth.rawValue)
        field("verifyCertificate", model.$verifyCertificate.value, input.verifyCertificate)
        field("imapHost", model.$imapHost.value ?? nil, input.imap?.host)
        field("imapPort", model.$imapPort.value ?? nil, input.imap?.port)
        field("imapSecurity", model.$imapSecurity.value ?? nil, input.imap?.security.rawValue)
        field("imapUsername", model.$imapUsername.value ?? nil, input.imap?.username)
        field("imapFolder", model.$imapFolder.value, input.imapFolder)
        field("imapAfter", model.$imapAfter.value, input.imapAfter.rawValue)
        field("imapMoveFolder", model.$imapMoveFolder.value ?? nil, input.imapMoveFolder)
        field("connectTimeout", model.$connectTimeout.value, input.connectTimeout)
        field("commandTimeout", model.$commandTimeout.value, input.commandTimeout)
        field("acknowledge", model.$acknowledge.value, input.acknowledge)

        model.address = input.address.value
        model.name = input.name
        model.departmentID = input.departmentID
        model.active = input.active
        model.smtpHost = input.smtp.host
        model.smtpPort = input.smtp.port
        model.smtpSecurity = input.smtp.security.rawValue
        model.smtpUsername = input.smtp.username
        model.smtpAuth = input.smtpAuth.rawValue
        model.verifyCertificate = input.verifyCertificate
        model.smtpPassword = try secret(
            "smtpPassword", input.smtp.password, stored: isNew ? nil : model.smtpPassword, secrets: secrets, &changes)
        model.imapHost = input.imap?.host
        model.imapPort = input.imap?.port
        model.imapSecurity = input.imap?.security.rawValue
        model.imapUsername = input.imap?.username
        model.imapPassword = try input.imap.map {
            try secret("imapPassword", $0.password, stored: isNew ? nil : model.imapPassword, secrets: secrets, &changes)
        } ?? nil
        model.imapFolder = input.imapFolder
        model.imapAfter = input.imapAfter.rawValue
        model.imapMoveFolder = input.imapMoveFolder
        model.connectTimeout = input.connectTimeout
        model.commandTimeout = input.commandTimeout
        model.acknowledge = input.acknowledge
        // Another server or folder: its UIDs mean nothing here.
        if !isNew, ["imapHost", "imapFolder", "imapUsername"].contains(where: { changes.fields[$0] != nil }) {
            model.imapUIDValidity = nil
            model.imapLastUID = nil
        }
        if isNew {
            model.imapUIDValidity = nil
            model.imapLastUID = nil
        }
    }

    private static func secret(
        _ name: String, _ change: SecretChange, stored: String?, secrets: SecretBox, _ changes: inout AuditChanges
    ) throws -> String? {
        switch change {
        case .keep:
            return stored
        case .clear:
            if stored != nil { changes.set(name, "removed") }
            return nil
        case .set(let password):
            changes.set(name, stored == nil ? "set" : "changed")
            return try secrets.seal(password)
        }
    }

    private static func checkAddress(_ address: String, except id: UUID?, on tx: any Database) async throws {
        var query = MailboxModel.query(on: tx).filter(\.$address == address)
        if let id { query = query.filter(\.$id != id) }
        if try await query.count() > 0 { throw ValidationFailure([ValidationIssue("address", "addressTaken")]) }
    }

    private static func checkDepartment(_ id: UUID, on tx: any Database) async throws {
        guard try await DepartmentModel.find(id, on: tx) != nil else {
            throw ValidationFailure([ValidationIssue("departmentId", "invalidReference")])
        }
    }
}

public enum MailboxQueries {
    public static func all(on db: any Database) async throws -> [Mailbox] {
        try await MailboxModel.query(on: db).sort(\.$address).all().map(\.mailbox)
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> Mailbox? {
        try await MailboxModel.find(id, on: db)?.mailbox
    }

    /// Where the IMAP poller goes on from (UIDVALIDITY and the last UID taken), nil before the first poll.
    public static func cursor(of id: UUID, on db: any Database) async throws -> (validity: Int64, lastUID: Int64)? {
        guard let model = try await MailboxModel.find(id, on: db), let validity = model.imapUIDValidity,
            let last = model.imapLastUID
        else { return nil }
        return (validity, last)
    }

    /// Records a poll: the cursor it reached (unchanged when it failed) and its error, if any. Not audited: the
    /// messages it took are, one by one.
    public static func recordPoll(
        _ id: UUID, cursor: (validity: Int64, lastUID: Int64)?, error: String?, at now: Date, on tx: any Database
    ) async throws {
        // Without a cursor the stored one stays.
        try await tx.sql.raw(
            """
            UPDATE mailboxes SET imap_uid_validity = COALESCE(\(bind: cursor?.validity), imap_uid_validity),
                imap_last_uid = COALESCE(\(bind: cursor?.lastUID), imap_last_uid), imap_polled_at = \(bind: now),
                imap_error = \(bind: error.map { String($0.prefix(1000)) })
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// When the poller last looked at the mailbox and what went wrong then.
    public static func pollState(of id: UUID, on db: any Database) async throws -> (at: Date?, error: String?) {
        struct Row: Decodable { var imap_polled_at: Date?; var imap_error: String? }
        let row = try await db.sql.raw("SELECT imap_polled_at, imap_error FROM mailboxes WHERE id = \(bind: id)")
            .first(decoding: Row.self)
        return (row?.imap_polled_at, row?.imap_error)
    }

    /// The mailbox's passwords, opened: for connecting to its servers only, never for showing.
    public static func passwords(of id: UUID, secrets: SecretBox, on db: any Database) async throws
        -> (smtp: String?, imap: String?)
    {
        guard let model = try await MailboxModel.find(id, on: db) else { throw DataError.notFound }
        return (try model.smtpPassword.map { try secrets.open($0) }, try model.imapPassword.map { try secrets.open($0) })
    }
}
