import FluentKit
import Foundation
import LiaisonCore

public enum ContactQueries {
    /// A contact the viewer may see (its customer decides), or nil.
    public static func find(_ id: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> (Contact, CustomerAccess)?
    {
        guard let model = try await ContactModel.find(id, on: db), model.deletedAt == nil,
            let access = try await CustomerQueries.access(model.customerID, for: viewer, on: db)
        else { return nil }
        return (try model.value, access)
    }

    /// A customer's contacts by name; the caller has checked the viewer may see the customer.
    public static func list(customerID: UUID, on db: any Database) async throws -> [Contact] {
        try await ContactModel.query(on: db).filter(\.$customerID == customerID).filter(\.$deletedAt == nil)
            .sort(\.$sortKey).sort(\.$id).all().map { try $0.value }
    }

    public static func names(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let models = try await ContactModel.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: models.map { ($0.id!, $0.name) })
    }

    /// Existing contacts with any of these emails or phones (normalised), for duplicate warnings: only contacts the
    /// viewer may see (a hidden customer's contact must not be confirmed to exist), and none that were deleted.
    public static func matching(emails: [String], phones: [String], for viewer: CustomerViewer, on db: any Database)
        async throws -> [(value: String, contactID: UUID, customerID: UUID)]
    {
        let values = emails.map { $0.lowercased() } + phones.map(ContactIdentity.normalisePhone)
        guard !values.isEmpty else { return [] }
        let found = try await ContactIdentityModel.query(on: db).filter(\.$value ~~ values).all()
        guard !found.isEmpty else { return [] }
        let live = Set(
            try await ContactModel.query(on: db).filter(\.$id ~~ found.map(\.contactID)).filter(\.$deletedAt == nil)
                .all().compactMap(\.id))
        var visible: [UUID: Bool] = [:]
        var matches: [(value: String, contactID: UUID, customerID: UUID)] = []
        for identity in found where live.contains(identity.contactID) {
            if visible[identity.customerID] == nil {
                visible[identity.customerID] = try await CustomerQueries.access(identity.customerID, for: viewer, on: db) != nil
            }
            if visible[identity.customerID] == true {
                matches.append((identity.value, identity.contactID, identity.customerID))
            }
        }
        return matches
    }
}

enum ContactIdentity {
    /// Digits only, without a leading 0086/+86 country code, so 138-0013-8000 and +86 13800138000 match.
    static func normalisePhone(_ phone: String) -> String {
        var digits = String(phone.split(separator: "转").first ?? "").filter(\.isNumber)
        if digits.hasPrefix("0086") { digits.removeFirst(4) } else if digits.hasPrefix("86"), digits.count == 13 {
            digits.removeFirst(2)
        }
        return digits
    }
}

public enum ContactCommands {
    public static func create(_ input: ValidContact, in context: WriteContext, on tx: any Database)
        async throws -> Contact
    {
        let (actor, now) = (context.actor, context.now)
        guard let customer = try await CustomerModel.find(input.customerID, on: tx), customer.deletedAt == nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        let model = ContactModel()
        model.id = UUID()
        model.customerID = input.customerID
        model.portalScope = PortalScope.own.rawValue
        model.apply(input)
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        try await writeIdentities(model, on: tx)
        try await index(model, customer: customer, on: tx)
        customer.contactCount += 1
        try await customer.update(on: tx)
        var changes = AuditChanges()
        changes.set("name", input.name)
        changes.set("customerId", input.customerID.idText)
        try await AuditLog.append(
            .contactCreated, recordType: .contact, recordID: model.id!.idText, changes: changes, by: actor,
            at: now, on: tx)
        return try model.value
    }

    /// Updates a contact; moving a contact to another customer is not allowed (create a new one instead).
    public static func update(
        _ id: UUID, with input: ValidContact, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws -> Contact {
        let (actor, now) = (context.actor, context.now)
        guard let model = try await ContactModel.find(id, on: tx), model.deletedAt == nil,
            let customer = try await CustomerModel.find(model.customerID, on: tx)
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        if input.customerID != model.customerID {
            throw ValidationFailure([ValidationIssue("customerId", "cannotMove")])
        }
        let before = try model.value
        var changes = AuditChanges()
        changes.field("name", from: before.name, to: input.name)
        changes.field("title", from: before.title, to: input.title)
        changes.field("role", from: before.role?.rawValue, to: input.role?.rawValue)
        changes.field("emails", from: before.emails.joined(separator: ","), to: input.emails.joined(separator: ","))
        changes.field("phones", from: before.phones.joined(separator: ","), to: input.phones.joined(separator: ","))
        changes.field("wechat", from: before.wechat, to: input.wechat)
        changes.field("preferredChannel", from: before.preferredChannel?.rawValue, to: input.preferredChannel?.rawValue)
        changes.field(
            "preferredLanguage", from: before.preferredLanguage?.rawValue, to: input.preferredLanguage?.rawValue)
        let consentText = { (map: [Channel: Bool]) in
            map.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
                .joined(separator: ",")
        }
        changes.field("consent", from: consentText(before.consent), to: consentText(input.consent))
        if before.otherIDs != input.otherIDs { changes.note("otherIds", "changed") }
        if before.notes != input.notes { changes.note("notes", "changed") }
        guard !changes.isEmpty else { return before }
        model.apply(input)
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await ContactIdentityModel.query(on: tx).filter(\.$contactID == id).delete()
        try await writeIdentities(model, on: tx)
        try await index(model, customer: customer, on: tx)
        try await AuditLog.append(
            .contactUpdated, recordType: .contact, recordID: id.idText, changes: changes, by: actor, at: now,
            on: tx)
        return try model.value
    }

    public static func delete(
        _ id: UUID, expectedVersion: Int?, in context: WriteContext, on tx: any Database
    ) async throws {
        let (actor, now) = (context.actor, context.now)
        guard let model = try await ContactModel.find(id, on: tx), model.deletedAt == nil else {
            throw DataError.notFound
        }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        model.deletedAt = now
        model.version += 1
        try await model.update(on: tx)
        try await ContactIdentityModel.query(on: tx).filter(\.$contactID == id).delete()
        try await SearchIndex.remove(refID: id, on: tx)
        if let customer = try await CustomerModel.find(model.customerID, on: tx) {
            customer.contactCount = max(customer.contactCount - 1, 0)
            try await customer.update(on: tx)
        }
        try await PortalAccounts.close(contactID: id, in: context, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        try await AuditLog.append(
            .contactDeleted, recordType: .contact, recordID: id.idText, changes: changes, by: actor, at: now,
            on: tx)
    }

    private static func writeIdentities(_ model: ContactModel, on tx: any Database) async throws {
        let value = try model.value
        var rows = value.emails.map { ("email", $0.lowercased()) }
        rows += value.phones.map { ("phone", ContactIdentity.normalisePhone($0)) }
        if let wechat = value.wechat { rows.append(("wechat", wechat.lowercased())) }
        for (kind, text) in rows where !text.isEmpty {
            try await ContactIdentityModel(contactID: model.id!, customerID: model.customerID, kind: kind, value: text)
                .create(on: tx)
        }
    }

    static func index(_ model: ContactModel, customer: CustomerModel, on tx: any Database) async throws {
        try await SearchIndex.upsert(
            .contact, refID: model.id!, customerID: model.customerID,
            classification: Classification(rawValue: customer.classification) ?? .secret, title: model.name,
            text: SearchIndex.joined(model.searchText + "\n" + customer.name, notes: model.notes),
            updatedAt: model.updatedAt, on: tx)
    }
}
