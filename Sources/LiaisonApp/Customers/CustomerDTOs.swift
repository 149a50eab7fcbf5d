import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct CustomerDTO: Content {
    var id: UUID
    var kind: String
    var name: String
    var nameEn: String?
    var industry: String?
    var tier: String
    var region: String?
    var status: String
    var classification: String
    var tags: [String]
    var ownerId: UUID?
    var website: String?
    var phone: String?
    var address: String?
    var notes: String?
    var contactCount: Int
    var lastActivityAt: Date
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ c: Customer) {
        id = c.id
        kind = c.kind.rawValue
        name = c.name
        nameEn = c.nameEn
        industry = c.industry
        tier = c.tier.rawValue
        region = c.region
        status = c.status.rawValue
        classification = c.classification.rawValue
        tags = c.tags
        ownerId = c.ownerID
        website = c.website
        phone = c.phone
        address = c.address
        notes = c.notes
        contactCount = c.contactCount
        lastActivityAt = c.lastActivityAt
        version = c.version
        createdAt = c.createdAt
        updatedAt = c.updatedAt
    }
}

struct CreateCustomerRequest: Content {
    var kind: String?
    var name: String?
    var nameEn: String?
    var industry: String?
    var tier: String?
    var region: String?
    var status: String?
    var classification: String?
    var tags: [String]?
    var ownerId: String?
    var website: String?
    var phone: String?
    var address: String?
    var notes: String?

    var input: CustomerInput {
        CustomerInput(
            kind: kind, name: name, nameEn: nameEn, industry: industry, tier: tier, region: region, status: status,
            classification: classification, tags: tags, ownerID: ownerId, website: website, phone: phone,
            address: address, notes: notes)
    }
}

/// A partial update of a customer: absent fields stay, `null` clears an optional field.
struct UpdateCustomerRequest: Decodable {
    var kind: String?
    var name: String?
    var nameEn: Patch<String>
    var industry: Patch<String>
    var tier: String?
    var region: Patch<String>
    var status: String?
    var classification: String?
    var tags: [String]?
    var ownerId: String?
    var website: Patch<String>
    var phone: Patch<String>
    var address: Patch<String>
    var notes: Patch<String>

    enum CodingKeys: String, CodingKey {
        case kind, name, nameEn, industry, tier, region, status, classification, tags, ownerId, website, phone
        case address, notes
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        nameEn = try Patch(c, .nameEn)
        industry = try Patch(c, .industry)
        tier = try c.decodeIfPresent(String.self, forKey: .tier)
        region = try Patch(c, .region)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        classification = try c.decodeIfPresent(String.self, forKey: .classification)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        ownerId = try c.decodeIfPresent(String.self, forKey: .ownerId)
        website = try Patch(c, .website)
        phone = try Patch(c, .phone)
        address = try Patch(c, .address)
        notes = try Patch(c, .notes)
    }

    func merged(onto c: Customer) -> CustomerInput {
        CustomerInput(
            kind: kind ?? c.kind.rawValue, name: name ?? c.name, nameEn: nameEn.apply(to: c.nameEn),
            industry: industry.apply(to: c.industry), tier: tier ?? c.tier.rawValue, region: region.apply(to: c.region),
            status: status ?? c.status.rawValue, classification: classification ?? c.classification.rawValue,
            tags: tags ?? c.tags, ownerID: ownerId ?? c.ownerID?.uuidString, website: website.apply(to: c.website),
            phone: phone.apply(to: c.phone), address: address.apply(to: c.address), notes: notes.apply(to: c.notes))
    }
}

struct TeamMemberDTO: Content {
    var userId: UUID
    var name: String
    var email: String
    var role: String
    var addedAt: Date

    init(_ m: TeamMember) {
        userId = m.userID
        name = m.name
        email = m.email
        role = m.role.rawValue
        addedAt = m.addedAt
    }
}

struct TeamAddRequest: Content {
    var userId: String?
    var role: String?
}

struct ContactDTO: Content {
    var id: UUID
    var customerId: UUID
    var name: String
    var title: String?
    var role: String?
    var emails: [String]
    var phones: [String]
    var wechat: String?
    var otherIds: [String: String]
    var preferredChannel: String?
    var preferredLanguage: String?
    var consent: [String: Bool]
    var notes: String?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ c: Contact) {
        id = c.id
        customerId = c.customerID
        name = c.name
        title = c.title
        role = c.role?.rawValue
        emails = c.emails
        phones = c.phones
        wechat = c.wechat
        otherIds = c.otherIDs
        preferredChannel = c.preferredChannel?.rawValue
        preferredLanguage = c.preferredLanguage?.rawValue
        consent = Dictionary(uniqueKeysWithValues: c.consent.map { ($0.key.rawValue, $0.value) })
        notes = c.notes
        version = c.version
        createdAt = c.createdAt
        updatedAt = c.updatedAt
    }
}

/// A new contact. `email` and `phone` are shorthands for a one-element `emails` / `phones`.
struct CreateContactRequest: Content {
    var customerId: String?
    var name: String?
    var title: String?
    var role: String?
    var email: String?
    var emails: [String]?
    var phone: String?
    var phones: [String]?
    var wechat: String?
    var otherIds: [String: String]?
    var preferredChannel: String?
    var preferredLanguage: String?
    var consent: [String: Bool]?
    var notes: String?

    var input: ContactInput {
        ContactInput(
            customerID: customerId, name: name, title: title, role: role,
            emails: (email.map { [$0] } ?? []) + (emails ?? []), phones: (phone.map { [$0] } ?? []) + (phones ?? []),
            wechat: wechat, otherIDs: otherIds, preferredChannel: preferredChannel,
            preferredLanguage: preferredLanguage, consent: consent, notes: notes)
    }
}

struct UpdateContactRequest: Decodable {
    var name: String?
    var title: Patch<String>
    var role: Patch<String>
    var emails: [String]?
    var phones: [String]?
    var wechat: Patch<String>
    var otherIds: [String: String]?
    var preferredChannel: Patch<String>
    var preferredLanguage: Patch<String>
    var consent: [String: Bool]?
    var notes: Patch<String>

    enum CodingKeys: String, CodingKey {
        case name, title, role, emails, phones, wechat, otherIds, preferredChannel, preferredLanguage, consent, notes
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        title = try Patch(c, .title)
        role = try Patch(c, .role)
        emails = try c.decodeIfPresent([String].self, forKey: .emails)
        phones = try c.decodeIfPresent([String].self, forKey: .phones)
        wechat = try Patch(c, .wechat)
        otherIds = try c.decodeIfPresent([String: String].self, forKey: .otherIds)
        preferredChannel = try Patch(c, .preferredChannel)
        preferredLanguage = try Patch(c, .preferredLanguage)
        consent = try c.decodeIfPresent([String: Bool].self, forKey: .consent)
        notes = try Patch(c, .notes)
    }

    func merged(onto c: Contact) -> ContactInput {
        ContactInput(
            customerID: c.customerID.uuidString, name: name ?? c.name, title: title.apply(to: c.title),
            role: role.apply(to: c.role?.rawValue), emails: emails ?? c.emails, phones: phones ?? c.phones,
            wechat: wechat.apply(to: c.wechat), otherIDs: otherIds ?? c.otherIDs,
            preferredChannel: preferredChannel.apply(to: c.preferredChannel?.rawValue),
            preferredLanguage: preferredLanguage.apply(to: c.preferredLanguage?.rawValue),
            consent: consent ?? Dictionary(uniqueKeysWithValues: c.consent.map { ($0.key.rawValue, $0.value) }),
            notes: notes.apply(to: c.notes))
    }
}
