import Foundation
import LiaisonCore

extension CustomerModel {
    var value: Customer {
        Customer(
            id: id!, kind: CustomerKind(rawValue: kind) ?? .organization, name: name, nameEn: nameEn,
            industry: industry, tier: CustomerTier(rawValue: tier) ?? .standard, region: region,
            status: CustomerStatus(rawValue: status) ?? .prospect,
            classification: Classification(rawValue: classification) ?? .secret,
            tags: JSONColumn.decode([String].self, tags, default: []), ownerID: ownerID, website: website,
            phone: phone, address: address, notes: notes, contactCount: contactCount,
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

    /// Everything a search for this customer should find.
    var searchText: String {
        [name, nameEn, industry, region, website, phone, address, JSONColumn.decode([String].self, tags, default: [])
            .joined(separator: " ")]
            .compactMap { $0 }.joined(separator: "\n")
    }
}

extension ContactModel {
    var value: Contact {
        let consentMap = JSONColumn.decode([String: Bool].self, consent, default: [:])
        return Contact(
            id: id!, customerID: customerID, name: name, title: title, role: role.flatMap(ContactRole.init(rawValue:)),
            emails: JSONColumn.decode([String].self, emails, default: []),
            phones: JSONColumn.decode([String].self, phones, default: []), wechat: wechat,
            otherIDs: JSONColumn.decode([String: String].self, otherIDs, default: [:]),
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

    var searchText: String {
        var parts = [name, title, wechat].compactMap { $0 }
        parts += JSONColumn.decode([String].self, emails, default: [])
        let phoneList = JSONColumn.decode([String].self, phones, default: [])
        // Both as typed and as bare digits, so a fragment like 0013800 finds +86 138-0013-8000.
        parts += phoneList + phoneList.map(ContactIdentity.normalisePhone)
        parts += JSONColumn.decode([String: String].self, otherIDs, default: [:]).values
        return parts.joined(separator: "\n")
    }
}

extension InteractionModel {
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

