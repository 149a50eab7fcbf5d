import Foundation

/// An announcement as entered, in both languages. Times are text: RFC 3339 from the API, the writer's wall clock
/// from the page (`validated(in:)` with their time zone).
public struct AnnouncementInput: Sendable, Equatable {
    public var kind: String?
    public var audience: String?
    public var tiers: [String]?
    public var customerIDs: [String]?
    public var titleZh: String?
    public var titleEn: String?
    public var bodyZh: String?
    public var bodyEn: String?
    public var publishAt: String?
    public var expiresAt: String?

    public init(
        kind: String? = nil, audience: String? = nil, tiers: [String]? = nil, customerIDs: [String]? = nil,
        titleZh: String? = nil, titleEn: String? = nil, bodyZh: String? = nil, bodyEn: String? = nil,
        publishAt: String? = nil, expiresAt: String? = nil
    ) {
        self.kind = kind
        self.audience = audience
        self.tiers = tiers
        self.customerIDs = customerIDs
        self.titleZh = titleZh
        self.titleEn = titleEn
        self.bodyZh = bodyZh
        self.bodyEn = bodyEn
        self.publishAt = publishAt
        self.expiresAt = expiresAt
    }
}

public struct ValidAnnouncement: Sendable, Equatable {
    public var kind: AnnouncementKind
    public var audience: AnnouncementAudience
    public var tiers: [CustomerTier]
    public var customerIDs: [UUID]
    public var titleZh: String
    public var titleEn: String
    public var bodyZh: String
    public var bodyEn: String
    public var publishAt: Date?
    public var expiresAt: Date?

    public init(
        kind: AnnouncementKind, audience: AnnouncementAudience, tiers: [CustomerTier], customerIDs: [UUID],
        titleZh: String, titleEn: String, bodyZh: String, bodyEn: String, publishAt: Date?, expiresAt: Date?
    ) {
        self.kind = kind
        self.audience = audience
        self.tiers = tiers
        self.customerIDs = customerIDs
        self.titleZh = titleZh
        self.titleEn = titleEn
        self.bodyZh = bodyZh
        self.bodyEn = bodyEn
        self.publishAt = publishAt
        self.expiresAt = expiresAt
    }
}

public enum AnnouncementLimits {
    public static let title = 200
    public static let body = 20_000
    public static let customers = 500
    public static let reason = 1_000
}

extension AnnouncementInput {
    /// `zone`: the times are wall-clock times there (a page's `datetime-local`); nil: RFC 3339 (the API).
    public func validated(in zone: TimeZone? = nil) throws(ValidationFailure) -> ValidAnnouncement {
        var v = FieldValidator()
        let kind: AnnouncementKind = v.choice("kind", kind, default: .news)
        let audience: AnnouncementAudience = v.choice("audience", audience, default: .public)
        var tierList: [CustomerTier] = []
        for (index, raw) in (tiers ?? []).enumerated() {
            if let tier = v.optionalChoice("tiers[\(index)]", raw, as: CustomerTier.self), !tierList.contains(tier) {
                tierList.append(tier)
            }
        }
        var customers: [UUID] = []
        let given = customerIDs ?? []
        if given.count > AnnouncementLimits.customers {
            v.add("customerIds", "tooMany", [String(AnnouncementLimits.customers)])
        } else {
            for (index, raw) in given.enumerated() {
                if let id = v.requiredReference("customerIds[\(index)]", raw), !customers.contains(id) {
                    customers.append(id)
                }
            }
        }
        switch audience {
        case .selected:
            if tierList.isEmpty, customers.isEmpty, v.issues.isEmpty { v.add("audience", "noRecipientsChosen") }
        case .public, .allCustomers:
            if !tierList.isEmpty { v.add("tiers", "notForAudience") }
            if !customers.isEmpty { v.add("customerIds", "notForAudience") }
        }
        let titleZh = v.requiredText("titleZh", titleZh, max: AnnouncementLimits.title)
        let titleEn = v.requiredText("titleEn", titleEn, max: AnnouncementLimits.title)
        let bodyZh = v.requiredText("bodyZh", bodyZh, max: AnnouncementLimits.body, multiline: true)
        let bodyEn = v.requiredText("bodyEn", bodyEn, max: AnnouncementLimits.body, multiline: true)
        func time(_ field: String, _ raw: String?) -> Date? {
            // Empty clears the time; blank of any kind is a mistake, not an empty value.
            if let raw, !raw.isEmpty, raw.trimmed().isEmpty {
                v.add(field, "invalidDate")
                return nil
            }
            guard let zone else { return v.moment(field, raw) }
            return v.localMoment(field, raw, in: zone, orMoment: true)
        }
        let publish = time("publishAt", publishAt)
        let expires = time("expiresAt", expiresAt)
        if let publish, let expires, expires <= publish { v.add("expiresAt", "notAfterPublication") }
        try v.check()
        return ValidAnnouncement(
            kind: kind, audience: audience, tiers: CustomerTier.allCases.filter(tierList.contains),
            customerIDs: customers, titleZh: titleZh, titleEn: titleEn, bodyZh: bodyZh, bodyEn: bodyEn,
            publishAt: publish, expiresAt: expires)
    }
}
