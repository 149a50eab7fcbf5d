import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Changes to customers. Each runs inside a `Writer` transaction with its audit entry and search update.
public enum CustomerCommands {
    /// Creates a customer. Its owner (the given one, else the creator) joins the account team as owner.
    public static func create(
        _ input: ValidCustomer, in context: WriteContext, on tx: any Database
    ) async throws -> Customer {
        let (actor, now) = (context.actor, context.now)
        let owner = input.ownerID ?? actor.userID
        if let owner { try await requireActivePerson(owner, field: "ownerId", on: tx) }
        let model = CustomerModel()
        model.id = UUID()
        model.apply(input)
        model.ownerID = owner
        model.contactCount = 0
        model.lastActivityAt = now
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        if let owner {
            try await TeamCommands.put(customerID: model.id!, userID: owner, role: .owner, at: now, on: tx)
        }
        try await index(model, on: tx)
        var changes = AuditChanges()
        changes.set("name", input.name)
        changes.set("classification", input.classification.rawValue)
        changes.set("ownerId", owner?.idText)
        try await AuditLog.append(
            .customerCreated, recordType: .customer, recordID: model.id!.idText, changes: changes, by: actor,
            at: now, on: tx)
        return try model.value
    }

    public static func update(
        _ id: UUID, with input: ValidCustomer, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> Customer {
        let (actor, now) = (context.actor, context.now)
        guard let model = try await CustomerModel.find(id, on: tx), model.deletedAt == nil else {
            throw DataError.notFound
        }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        let before = try model.value
        let newOwner = input.ownerID ?? model.ownerID
        if let newOwner, newOwner != model.ownerID { try await requireActivePerson(newOwner, field: "ownerId", on: tx) }
        var changes = AuditChanges()
        changes.field("kind", from: before.kind.rawValue, to: input.kind.rawValue)
        changes.field("name", from: before.name, to: input.name)
        changes.field("nameEn", from: before.nameEn, to: input.nameEn)
        changes.field("industry", from: before.industry, to: input.industry)
        changes.field("tier", from: before.tier.rawValue, to: input.tier.rawValue)
        changes.field("region", from: before.region, to: input.region)
        changes.field("status", from: before.status.rawValue, to: input.status.rawValue)
        changes.field("classification", from: before.classification.rawValue, to: input.classification.rawValue)
        changes.field("tags", from: before.tags.joined(separator: ","), to: input.tags.joined(separator: ","))
        changes.field("ownerId", from: before.ownerID?.idText, to: newOwner?.idText)
        changes.field("website", from: before.website, to: input.website)
        changes.field("phone", from: before.phone, to: input.phone)
        changes.field("address", from: before.address, to: input.address)
        if before.notes != input.notes { changes.note("notes", "changed") }
        guard !changes.isEmpty else { return before }
        model.apply(input)
        if newOwner != model.ownerID, let newOwner {
            if let previous = model.ownerID {
                try await TeamCommands.put(customerID: id, userID: previous, role: .sales, at: now, on: tx)
            }
            try await TeamCommands.put(customerID: id, userID: newOwner, role: .owner, at: now, on: tx)
        }
        model.ownerID = newOwner
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await index(model, on: tx)
        if before.classification != input.classification {
            try await SearchIndex.reclassify(customerID: id, as: input.classification, on: tx)
        }
        try await AuditLog.append(
            .customerUpdated, recordType: .customer, recordID: id.idText, changes: changes, by: actor, at: now,
            on: tx)
        return try model.value
    }

    /// Deletes a customer (kept, but hidden from everyone and removed from search). Audited.
    public static func delete(
        _ id: UUID, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws {
        let (actor, now) = (context.actor, context.now)
        guard let model = try await CustomerModel.find(id, on: tx), model.deletedAt == nil else {
            throw DataError.notFound
        }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        model.deletedAt = now
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await SearchIndex.removeAll(customerID: id, on: tx)
        try await PortalAccounts.close(customerID: id, in: context, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        try await AuditLog.append(
            .customerDeleted, recordType: .customer, recordID: id.idText, changes: changes, by: actor, at: now,
            on: tx)
    }

    /// Marks activity on the customer (an interaction, later a request), for "recently contacted" ordering.
    /// Moves the customer's last activity forward (never back); one statement, as it runs with every message.
    /// Moves the customer's last activity forward to `activityAt` when it is more than `activityStep` behind.
    ///
    /// Every message and interaction calls this; moving the time on each would rewrite the customer's row and its
    /// entry in the "recent" index (two more pages) on every write of a busy conversation. Kept to the minute, as
    /// "last seen" times usually are: the timeline keeps the exact times.
    static func touch(_ id: UUID, activityAt: Date, on tx: any Database) async throws {
        let behind = activityAt.addingTimeInterval(-activityStep)
        try await tx.run(touchStatement, [.date(activityAt), .uuid(id), .date(behind)])
    }

    private static let touchStatement = FixedStatement(
        "UPDATE customers SET last_activity_at = ? WHERE id = ? AND last_activity_at < ?")

    /// How far a customer's last activity may lag behind (see `touch`).
    static let activityStep: TimeInterval = 60

    /// The customer's document: its fields, then its notes (Markdown, indexed as plain text).
    static func index(_ model: CustomerModel, on tx: any Database) async throws {
        try await SearchIndex.upsert(
            .customer, refID: model.id!, customerID: model.id!,
            classification: Classification(rawValue: model.classification) ?? .secret, title: model.name,
            text: SearchIndex.joined(model.searchText, notes: model.notes), alsoNamed: model.nameEn.map { [$0] } ?? [],
            updatedAt: model.updatedAt, on: tx)
    }

    static func requireActivePerson(_ id: UUID, field: String, on tx: any Database) async throws {
        guard let person = try await UserModel.find(id, on: tx), person.active, person.contactID == nil else {
            throw ValidationFailure([ValidationIssue(field, "invalidReference")])
        }
    }
}

/// Who is on a customer's account team.
public enum TeamCommands {
    /// Adds a person to the team or changes their role there.
    public static func add(
        customerID: UUID, userID: UUID, role: TeamRole, in context: WriteContext, on tx: any Database
    ) async throws {
        let (actor, now) = (context.actor, context.now)
        guard let customer = try await CustomerModel.find(customerID, on: tx), customer.deletedAt == nil else {
            throw DataError.notFound
        }
        try await CustomerCommands.requireActivePerson(userID, field: "userId", on: tx)
        if role == .owner || customer.ownerID == userID {
            throw ValidationFailure([ValidationIssue("role", "ownerChangesOnCustomer")])
        }
        try await put(customerID: customerID, userID: userID, role: role, at: now, on: tx)
        var changes = AuditChanges()
        changes.set("userId", userID.idText)
        changes.set("role", role.rawValue)
        try await AuditLog.append(
            .teamMemberAdded, recordType: .customer, recordID: customerID.idText, changes: changes, by: actor,
            at: now, on: tx)
    }

    public static func remove(
        customerID: UUID, userID: UUID, in context: WriteContext, on tx: any Database
    ) async throws {
        let (actor, now) = (context.actor, context.now)
        guard let customer = try await CustomerModel.find(customerID, on: tx), customer.deletedAt == nil else {
            throw DataError.notFound
        }
        if customer.ownerID == userID { throw DataError.conflict(reason: "ownerStaysOnTeam") }
        let query = TeamMemberModel.query(on: tx).filter(\.$customerID == customerID).filter(\.$userID == userID)
        guard try await query.count() > 0 else { throw DataError.notFound }
        try await TeamMemberModel.query(on: tx).filter(\.$customerID == customerID).filter(\.$userID == userID)
            .delete()
        var changes = AuditChanges()
        changes.field("userId", from: userID.idText, to: nil)
        try await AuditLog.append(
            .teamMemberRemoved, recordType: .customer, recordID: customerID.idText, changes: changes, by: actor,
            at: now, on: tx)
    }

    static func put(customerID: UUID, userID: UUID, role: TeamRole, at now: Date, on tx: any Database) async throws {
        if let existing = try await TeamMemberModel.query(on: tx).filter(\.$customerID == customerID)
            .filter(\.$userID == userID).first()
        {
            existing.role = role.rawValue
            try await existing.update(on: tx)
        } else {
            let member = TeamMemberModel()
            member.id = UUID()
            member.customerID = customerID
            member.userID = userID
            member.role = role.rawValue
            member.addedAt = now
            try await member.create(on: tx)
        }
    }
}
