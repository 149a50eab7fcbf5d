import Foundation

/// The organisation's settings: one small set of named values, each stored under its own key, so a later feature
/// adds a key without a new table.
public struct OrganisationSettings: Sendable, Equatable {
    public var companyNameZh: String
    public var companyNameEn: String
    /// The logo's content (SHA-256 in the blob store) and type, when one is uploaded.
    public var logo: Logo?
    /// The department whose queue receives the public feedback form's requests.
    public var feedbackQueueID: UUID?
    /// Whether an announcement waits for a supervisor's approval before it is published.
    public var announcementsNeedApproval: Bool
    /// Nudge thresholds by customer tier and the commitment reminder's lead time.
    public var followUp: FollowUpSettings
    public var version: Int
    public var updatedAt: Date?

    public struct Logo: Sendable, Equatable {
        public var sha256: String
        public var mime: String
        public var size: Int

        public init(sha256: String, mime: String, size: Int) {
            self.sha256 = sha256
            self.mime = mime
            self.size = size
        }
    }

    public init(
        companyNameZh: String = "", companyNameEn: String = "", logo: Logo? = nil, feedbackQueueID: UUID? = nil,
        announcementsNeedApproval: Bool = false, followUp: FollowUpSettings = FollowUpSettings(), version: Int = 0,
        updatedAt: Date? = nil
    ) {
        self.companyNameZh = companyNameZh
        self.companyNameEn = companyNameEn
        self.logo = logo
        self.feedbackQueueID = feedbackQueueID
        self.announcementsNeedApproval = announcementsNeedApproval
        self.followUp = followUp
        self.version = version
        self.updatedAt = updatedAt
    }

    /// The company's name in a language, the other language's when that one is empty.
    public func companyName(in locale: AppLocale) -> String {
        let preferred = locale == .en ? companyNameEn : companyNameZh
        return preferred.isEmpty ? (locale == .en ? companyNameZh : companyNameEn) : preferred
    }

    /// The keys the settings are stored under.
    public enum Key: String, CaseIterable, Sendable {
        case companyNameZh = "company.nameZh"
        case companyNameEn = "company.nameEn"
        case logoSHA256 = "company.logoSha256"
        case logoMime = "company.logoMime"
        case logoSize = "company.logoSize"
        case feedbackQueueID = "feedback.queueId"
        case announcementsNeedApproval = "announcements.needApproval"
        case quietDaysStrategic = "nudges.quietDays.strategic"
        case quietDaysKey = "nudges.quietDays.key"
        case quietDaysStandard = "nudges.quietDays.standard"
        case quietDaysSmall = "nudges.quietDays.small"
        case commitmentReminderHours = "commitments.reminderHours"

        /// The key of a tier's quiet days.
        public static func quietDays(_ tier: CustomerTier) -> Key {
            switch tier {
            case .strategic: .quietDaysStrategic
            case .key: .quietDaysKey
            case .standard: .quietDaysStandard
            case .small: .quietDaysSmall
            }
        }
    }

    /// Logo types the public site shows inline (SVG is refused: it can carry script).
    public static let logoTypes = ["image/png", "image/jpeg", "image/webp"]
    public static let logoMaxBytes = 512 * 1024
}

/// Settings as entered; a field left out keeps its value.
public struct SettingsInput: Sendable, Equatable {
    public var companyNameZh: String?
    public var companyNameEn: String?
    /// Empty text clears the queue.
    public var feedbackQueueID: String?
    public var announcementsNeedApproval: Bool?
    /// Days by tier (whole numbers as text, from a form or the API); a tier left out keeps its value.
    public var quietDays: [CustomerTier: String]
    public var reminderHours: String?

    public init(
        companyNameZh: String? = nil, companyNameEn: String? = nil, feedbackQueueID: String? = nil,
        announcementsNeedApproval: Bool? = nil, quietDays: [CustomerTier: String] = [:], reminderHours: String? = nil
    ) {
        self.companyNameZh = companyNameZh
        self.companyNameEn = companyNameEn
        self.feedbackQueueID = feedbackQueueID
        self.announcementsNeedApproval = announcementsNeedApproval
        self.quietDays = quietDays
        self.reminderHours = reminderHours
    }

    /// The settings that result from applying this input to `current`.
    public func validated(over current: OrganisationSettings) throws(ValidationFailure) -> OrganisationSettings {
        var v = FieldValidator()
        var next = current
        if let companyNameZh { next.companyNameZh = v.cleanText("companyNameZh", companyNameZh, max: 100) }
        if let companyNameEn { next.companyNameEn = v.cleanText("companyNameEn", companyNameEn, max: 100) }
        if let feedbackQueueID {
            if !feedbackQueueID.isEmpty, feedbackQueueID.trimmed().isEmpty {
                v.add("feedbackQueueId", "invalidReference")
            } else {
                next.feedbackQueueID = v.reference("feedbackQueueId", feedbackQueueID)
            }
        }
        if let announcementsNeedApproval { next.announcementsNeedApproval = announcementsNeedApproval }
        for tier in CustomerTier.allCases {
            guard let raw = quietDays[tier] else { continue }
            let field = "quietDays" + tier.rawValue.prefix(1).uppercased() + tier.rawValue.dropFirst()
            if let days = Self.whole(field, raw, in: FollowUpSettings.dayRange, &v) { next.followUp.quietDays[tier] = days }
        }
        if let reminderHours,
            let hours = Self.whole("commitmentReminderHours", reminderHours, in: FollowUpSettings.hourRange, &v)
        {
            next.followUp.reminderHours = hours
        }
        try v.check()
        return next
    }

    /// A whole number within `range`: `required`, `invalidNumber` or `outOfRange` otherwise.
    private static func whole(_ field: String, _ raw: String, in range: ClosedRange<Int>, _ v: inout FieldValidator)
        -> Int?
    {
        let text = raw.trimmedSpaces()
        guard !text.isEmpty else {
            v.add(field, "required")
            return nil
        }
        guard text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            v.add(field, "invalidNumber")
            return nil
        }
        guard range.contains(value) else {
            v.add(field, "outOfRange", [String(range.lowerBound), String(range.upperBound)])
            return nil
        }
        return value
    }
}
