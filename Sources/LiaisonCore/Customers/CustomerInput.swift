import Foundation

/// A customer as entered, before it is checked.
public struct CustomerInput: Sendable, Equatable {
    public var kind: String?
    public var name: String?
    public var nameEn: String?
    public var industry: String?
    public var tier: String?
    public var region: String?
    public var status: String?
    public var classification: String?
    public var tags: [String]?
    public var ownerID: String?
    public var website: String?
    public var phone: String?
    public var address: String?
    public var notes: String?

    public init(
        kind: String? = nil, name: String? = nil, nameEn: String? = nil, industry: String? = nil, tier: String? = nil,
        region: String? = nil, status: String? = nil, classification: String? = nil, tags: [String]? = nil,
        ownerID: String? = nil, website: String? = nil, phone: String? = nil, address: String? = nil,
        notes: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.industry = industry
        self.tier = tier
        self.region = region
        self.status = status
        self.classification = classification
        self.tags = tags
        self.ownerID = ownerID
        self.website = website
        self.phone = phone
        self.address = address
        self.notes = notes
    }
}

/// A customer's fields after validation.
public struct ValidCustomer: Sendable, Equatable {
    public var kind: CustomerKind
    public var name: String
    public var nameEn: String?
    public var industry: String?
    public var tier: CustomerTier
    public var region: String?
    public var status: CustomerStatus
    public var classification: Classification
    public var tags: [String]
    public var ownerID: UUID?
    public var website: String?
    public var phone: String?
    public var address: String?
    public var notes: String?
}

extension CustomerInput {
    public static let maximumTags = 20

    public func validated() throws(ValidationFailure) -> ValidCustomer {
        var v = FieldValidator()
        let kind = v.choice("kind", kind, default: CustomerKind.organization)
        let name = v.requiredText("name", name, max: 200)
        let nameEn = v.optionalText("nameEn", nameEn, max: 200)
        let industry = v.optionalText("industry", industry, max: 100)
        let tier = v.choice("tier", tier, default: CustomerTier.standard)
        let region = v.optionalText("region", region, max: 100)
        let status = v.choice("status", status, default: CustomerStatus.prospect)
        let classification = v.choice("classification", classification, default: Classification.internal)
        var cleanTags: [String] = []
        for raw in tags ?? [] {
            let tag = v.cleanText("tags", raw, max: 30)
            guard !tag.isEmpty else { continue }
            if !cleanTags.contains(where: { $0.lowercased() == tag.lowercased() }) {
                cleanTags.append(tag)
            }
        }
        if cleanTags.count > Self.maximumTags { v.add("tags", "tooMany", [String(Self.maximumTags)]) }
        let owner = v.reference("ownerId", ownerID)
        let website = v.optionalText("website", website, max: 300)
        if let website, !WebAddress.isPlausible(website) { v.add("website", "invalidURL") }
        let phone = v.optionalText("phone", phone.map(PhoneNumber.normalised), max: 40)
        if let phone, !PhoneNumber.isPlausible(phone) { v.add("phone", "invalidPhone") }
        let address = v.optionalText("address", address, max: 300)
        let notes = v.optionalText("notes", notes, max: 20_000, multiline: true)
        try v.check()
        return ValidCustomer(
            kind: kind, name: name, nameEn: nameEn, industry: industry, tier: tier, region: region, status: status,
            classification: classification, tags: cleanTags, ownerID: owner, website: website, phone: phone,
            address: address, notes: notes)
    }
}

/// Web addresses as people type them: with or without http(s)://, a dotted host.
public enum WebAddress {
    public static func isPlausible(_ text: String) -> Bool {
        let withScheme = text.contains("://") ? text : "https://" + text
        guard let url = URL(string: withScheme), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, host.contains("."), !host.hasPrefix("."), !text.contains(" ")
        else { return false }
        return true
    }
}
