import Foundation

/// An NPS campaign as entered (API body or form); on an update a field left out keeps its value.
public struct NPSSurveyInput: Sendable, Equatable {
    public var name: String?
    public var intro: String?
    public var tiers: [String]?
    public var customerIDs: [String]?
    /// RFC 3339 (API), or a wall-clock time in `closesAtZone` (a form's `datetime-local`); `closesAtDate` when
    /// already known (an update that leaves it out).
    public var closesAt: String?
    public var closesAtDate: Date?
    public var closesAtZone: TimeZone?

    public init(
        name: String? = nil, intro: String? = nil, tiers: [String]? = nil, customerIDs: [String]? = nil,
        closesAt: String? = nil, closesAtDate: Date? = nil, closesAtZone: TimeZone? = nil
    ) {
        self.name = name
        self.intro = intro
        self.tiers = tiers
        self.customerIDs = customerIDs
        self.closesAt = closesAt
        self.closesAtDate = closesAtDate
        self.closesAtZone = closesAtZone
    }
}

public struct ValidNPSSurvey: Sendable, Equatable {
    public var name: String
    public var intro: String?
    public var tiers: [CustomerTier]
    public var customerIDs: [UUID]
    public var closesAt: Date?

    public init(name: String, intro: String?, tiers: [CustomerTier], customerIDs: [UUID], closesAt: Date?) {
        self.name = name
        self.intro = intro
        self.tiers = tiers
        self.customerIDs = customerIDs
        self.closesAt = closesAt
    }
}

extension NPSSurveyInput {
    public static let maxName = 200
    public static let maxIntro = 2000
    public static let maxCustomers = 500

    /// Every field checked at once. The audience needs a tier or a customer; a closing time must lie ahead of
    /// `now`.
    public func validated(now: Date) throws(ValidationFailure) -> ValidNPSSurvey {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: Self.maxName)
        let intro = v.optionalText("intro", intro, max: Self.maxIntro, multiline: true)
        var chosenTiers: [CustomerTier] = []
        for raw in tiers ?? [] {
            guard let tier = CustomerTier(rawValue: raw.trimmedSpaces()) else {
                v.add("tiers", "invalidChoice", [CustomerTier.allCases.map(\.rawValue).joined(separator: ", ")])
                break
            }
            if !chosenTiers.contains(tier) { chosenTiers.append(tier) }
        }
        var customers: [UUID] = []
        let given = customerIDs ?? []
        if given.count > Self.maxCustomers {
            v.add("customerIds", "tooMany", [String(Self.maxCustomers)])
        } else {
            for raw in given {
                guard let id = v.requiredReference("customerIds", raw) else { break }
                if !customers.contains(id) { customers.append(id) }
            }
        }
        if chosenTiers.isEmpty, customers.isEmpty,
            !v.issues.contains(where: { $0.field == "tiers" || $0.field == "customerIds" })
        {
            v.add("tiers", "audienceRequired")
        }
        var closes = closesAtDate
        if closes != nil {
            v.inRange("closesAt", closes)
        } else if let zone = closesAtZone {
            closes = v.localMoment("closesAt", closesAt, in: zone, orMoment: true)
        } else {
            closes = v.moment("closesAt", closesAt)
        }
        if let closes, closes <= now, !v.issues.contains(where: { $0.field == "closesAt" }) {
            v.add("closesAt", "notInFuture")
        }
        try v.check()
        return ValidNPSSurvey(name: name, intro: intro, tiers: chosenTiers, customerIDs: customers, closesAt: closes)
    }
}

/// An answer as posted on the public page: the score (0–10) and an optional comment.
public enum NPSAnswerInput {
    public static let maxComment = 2000

    /// The score, or nil when it is missing or not a whole number from 0 to 10.
    public static func score(_ raw: String?) -> Int? {
        guard let text = raw?.trimmedSpaces(), text.count <= 2, let value = Int(text),
            NPSSummary.scores.contains(value)
        else { return nil }
        return value
    }
}
