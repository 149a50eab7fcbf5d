import Foundation
import LiaisonCore

extension CustomerModel {
    /// The customer; stored JSON that does not decode is thrown (`JSONColumn.Undecodable`).
    var value: Customer {
        get throws { try valueOrThrow() }
    }

    private func valueOrThrow() throws -> Customer {
        Customer(
            id: id!, kind: CustomerKind(rawValue: kind) ?? .organization, name: name, nameEn: nameEn,
            industry: industry, tier: CustomerTier(rawValue: tier) ?? .standard, region: region,
            status: CustomerStatus(rawValue: status) ?? .prospect,
            classification: Classification(rawValue: classification) ?? .secret,
            tags: try JSONColumn.decode([String].self, tags, column: "customers.tags", row: id), ownerID: ownerID,
            website: website, phone: phone, address: address, notes: notes, contactCount: contactCount,
            lastActivityAt: lastActivityAt, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    func apply(_ input: ValidCustomer) {
        kind = input.kind.rawValue
        name = input.name
        nameEn = input.nameEn
        sortKey = SortKey.make(input.name)
        industry = input.industry
        tier = input.tier.rawValue
        region = input.region
        status = input.status.rawValue
        classification = input.classification.rawValue
        tags = JSONColumn.encode(input.tags)
        website = input.website
        phone = input.phone
        address = input.address
        notes = input.notes
    }

    /// Everything a search for this customer should find (tags that do not decode are logged and left out).
    var searchText: String {
        ([name] + shownFields).joined(separator: "\n")
    }

    /// The fields a search result shows below the name, as written.
    private var shownFields: [String] {
        [nameEn, industry, region, website, phone, address,
            JSONColumn.decode([String].self, tags, default: [], column: "customers.tags", row: id)
            .joined(separator: " ")]
            .compactMap { $0 }
    }

    /// What a search result shows of this customer: its fields after the name, then its notes as plain text.
    var searchShownText: String {
        SearchIndex.joined(shownFields.joined(separator: "\n"), notes: notes)
    }
}

extension ContactModel {
    /// The contact; stored JSON that does not decode is thrown (`JSONColumn.Undecodable`).
    var value: Contact {
        get throws { try valueOrThrow() }
    }

    private func valueOrThrow() throws -> Contact {
        let consentMap = try JSONColumn.decode([String: Bool].self, consent, column: "contacts.consent", row: id)
        return Contact(
            id: id!, customerID: customerID, name: name, title: title, role: role.flatMap(ContactRole.init(rawValue:)),
            emails: try JSONColumn.decode([String].self, emails, column: "contacts.emails", row: id),
            phones: try JSONColumn.decode([String].self, phones, column: "contacts.phones", row: id), wechat: wechat,
            otherIDs: try JSONColumn.decode([String: String].self, otherIDs, column: "contacts.other_ids", row: id),
            preferredChannel: preferredChannel.flatMap(Channel.init(rawValue:)),
            preferredLanguage: preferredLanguage.flatMap(AppLocale.init(rawValue:)),
            consent: Dictionary(uniqueKeysWithValues: consentMap.compactMap { key, allowed in
                Channel(rawValue: key).map { ($0, allowed) }
            }),
            notes: notes, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    func apply(_ input: ValidContact) {
        name = input.name
        sortKey = SortKey.make(input.name)
        title = input.title
        role = input.role?.rawValue
        emails = JSONColumn.encode(input.emails)
        phones = JSONColumn.encode(input.phones)
        wechat = input.wechat
        otherIDs = JSONColumn.encode(input.otherIDs)
        preferredChannel = input.preferredChannel?.rawValue
        preferredLanguage = input.preferredLanguage?.rawValue
        consent = JSONColumn.encode(Dictionary(uniqueKeysWithValues: input.consent.map { ($0.key.rawValue, $0.value) }))
        notes = input.notes
    }

    /// Everything a search for this contact should find (lists that do not decode are logged and left out).
    var searchText: String {
        var parts = [name, title, wechat].compactMap { $0 }
        parts += JSONColumn.decode([String].self, emails, default: [], column: "contacts.emails", row: id)
        let phoneList = JSONColumn.decode([String].self, phones, default: [], column: "contacts.phones", row: id)
        // Both as typed and as bare digits, so a fragment like 0013800 finds +86 138-0013-8000.
        parts += phoneList + phoneList.map(ContactIdentity.normalisePhone)
        parts += JSONColumn.decode(
            [String: String].self, otherIDs, default: [:], column: "contacts.other_ids", row: id
        ).values
        return parts.joined(separator: "\n")
    }

    /// What a search result shows of this contact: its fields after the name as written (phones once, as typed;
    /// other ids in key order), then its notes as plain text.
    var searchShownText: String {
        var parts = [title, wechat].compactMap { $0 }
        parts += JSONColumn.decode([String].self, emails, default: [], column: "contacts.emails", row: id)
        parts += JSONColumn.decode([String].self, phones, default: [], column: "contacts.phones", row: id)
        parts += JSONColumn.decode(
            [String: String].self, otherIDs, default: [:], column: "contacts.other_ids", row: id
        ).sorted { $0.key < $1.key }.map(\.value)
        return SearchIndex.joined(parts.joined(separator: "\n"), notes: notes)
    }
}

extension InteractionModel {
    /// What a search result shows of this interaction: its summary as plain text, outcome and next step, as written.
    var searchShownText: String {
        ([Markdown.plainText(body)] + [outcome, nextStep].compactMap { $0 }).joined(separator: "\n")
    }

    func value(participants: [ParticipantModel]) -> Interaction {
        Interaction(
            id: id!, customerID: customerID, channel: Channel(rawValue: channel) ?? .email,
            direction: Direction(rawValue: direction) ?? .outbound, subject: subject, body: body,
            occurredAt: occurredAt, durationMinutes: durationMinutes, outcome: outcome,
            staffIDs: participants.compactMap(\.userID), contactIDs: participants.compactMap(\.contactID),
            nextStep: nextStep, nextStepOwnerID: nextStepOwnerID, nextStepDueAt: nextStepDueAt,
            nextStepDoneAt: nextStepDoneAt, createdByID: createdBy, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}

