import Foundation

/// What a row of the communication plan delivers.
public enum CommunicationContent: String, CaseIterable, Codable, Sendable {
    case progressReport
    case steeringMeeting
    case riskReview
    case kickoff
    case milestoneReview
    case other

    public var labelKey: String { "commplan.content.\(rawValue)" }
}

/// Who a row of the communication plan is for: a role at the customer (the contact roles customers already have),
/// a role on the company's side (the roles of a customer's account team), or a group named in words when no role
/// fits ("采购委员会", "all site engineers"). Roles keep the plan valid when people change; the text is the escape
/// hatch, shown as typed.
///
/// Stored and sent as one string: `customer:technical`, `team:projectManager`, `other:采购委员会`.
public enum CommunicationAudience: Hashable, Sendable, CustomStringConvertible {
    case customer(ContactRole)
    case team(TeamRole)
    case other(String)

    /// The most characters of a named group.
    public static let maxTextLength = 80

    /// The catalog key of the role's label; nil for a named group, which is shown as its text.
    public var labelKey: String? {
        switch self {
        case .customer(let role): role.labelKey
        case .team(let role): role.labelKey
        case .other: nil
        }
    }

    /// Whether the audience is on the customer's side (and so sees what is sent in the portal).
    public var isCustomer: Bool {
        if case .customer = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .customer(let role): "customer:" + role.rawValue
        case .team(let role): "team:" + role.rawValue
        case .other(let text): "other:" + text
        }
    }

    /// Reads the stored form; nil for an unknown side or role, or an empty group.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let value = String(text[text.index(after: colon)...])
        switch text[..<colon] {
        case "customer":
            guard let role = ContactRole(rawValue: value) else { return nil }
            self = .customer(role)
        case "team":
            guard let role = TeamRole(rawValue: value) else { return nil }
            self = .team(role)
        case "other":
            guard !value.isEmpty else { return nil }
            self = .other(value)
        default:
            return nil
        }
    }
}

extension CommunicationAudience: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let audience = CommunicationAudience(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not an audience like \"customer:technical\"")
        }
        self = audience
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One row of a project's communication plan: who hears what, by which channel, how often, and who sees to it.
public struct CommunicationPlanRow: Equatable, Sendable, Codable {
    public var audiences: [CommunicationAudience]
    public var content: CommunicationContent
    /// What the row is about in words (required for `other`, optional otherwise).
    public var topic: String?
    public var channel: Channel
    public var cadence: CommunicationCadence
    public var ownerID: UUID

    public init(
        audiences: [CommunicationAudience], content: CommunicationContent, topic: String?, channel: Channel,
        cadence: CommunicationCadence, ownerID: UUID
    ) {
        self.audiences = audiences
        self.content = content
        self.topic = topic
        self.channel = channel
        self.cadence = cadence
        self.ownerID = ownerID
    }
}

/// A row as entered. The cadence comes as its parts, as a form or an API body has them: `cadence` one of
/// `weekly`, `fortnightly`, `monthly`, `milestones`; `weekday` `mon`…`sun` or 1…7; `dayOfMonth` 1…31; `anchor` a
/// date (fortnightly only; the plan's first day when absent); `time` "09:30"; `timeZone` an IANA name (the
/// organisation's when absent).
public struct CommunicationPlanRowInput: Sendable, Equatable {
    public var audiences: [String]
    public var content: String?
    public var topic: String?
    public var channel: String?
    public var cadence: String?
    public var weekday: String?
    public var dayOfMonth: String?
    public var anchor: String?
    public var time: String?
    public var timeZone: String?
    public var ownerID: String?

    public init(
        audiences: [String] = [], content: String? = nil, topic: String? = nil, channel: String? = nil,
        cadence: String? = nil, weekday: String? = nil, dayOfMonth: String? = nil, anchor: String? = nil,
        time: String? = nil, timeZone: String? = nil, ownerID: String? = nil
    ) {
        self.audiences = audiences
        self.content = content
        self.topic = topic
        self.channel = channel
        self.cadence = cadence
        self.weekday = weekday
        self.dayOfMonth = dayOfMonth
        self.anchor = anchor
        self.time = time
        self.timeZone = timeZone
        self.ownerID = ownerID
    }

    /// The kinds of cadence the `cadence` field takes.
    public static let cadenceKinds = ["weekly", "fortnightly", "monthly", "milestones"]
    /// The most audiences a row names.
    public static let maxAudiences = 20

    /// The row, every bad field named at once. `defaultAnchor` starts a fortnightly cadence without an anchor;
    /// `defaultTimeZone` is used when none is given.
    public func validated(defaultAnchor: LocalDate, defaultTimeZone: String) throws(ValidationFailure)
        -> CommunicationPlanRow
    {
        var v = FieldValidator()
        let audiences = validAudiences(&v)
        if content?.trimmedSpaces().isEmpty ?? true { v.add("content", "required") }
        let content = v.choice("content", content, default: CommunicationContent.other)
        let topic = v.optionalText("topic", topic, max: 200)
        if content == .other, topic == nil, !(self.content?.trimmedSpaces().isEmpty ?? true) {
            v.add("topic", "required")
        }
        if channel?.trimmedSpaces().isEmpty ?? true { v.add("channel", "required") }
        let channel = v.choice("channel", channel, default: Channel.email)
        let cadence = validCadence(&v, defaultAnchor: defaultAnchor, defaultTimeZone: defaultTimeZone)
        let owner = v.requiredReference("ownerId", ownerID)
        try v.check()
        return CommunicationPlanRow(
            audiences: audiences, content: content, topic: topic, channel: channel,
            cadence: try v.unwrap(cadence, "cadence"), ownerID: try v.unwrap(owner, "ownerId"))
    }

    private func validAudiences(_ v: inout FieldValidator) -> [CommunicationAudience] {
        var result: [CommunicationAudience] = []
        for raw in audiences {
            let text = v.cleanText("audiences", raw, max: CommunicationAudience.maxTextLength + 20)
            guard !text.isEmpty else { continue }
            guard let audience = CommunicationAudience(text) else {
                v.add("audiences", "invalidAudience")
                continue
            }
            if case .other(let name) = audience, name.count > CommunicationAudience.maxTextLength {
                v.add("audiences", "tooLong", [String(CommunicationAudience.maxTextLength)])
                continue
            }
            if !result.contains(audience) { result.append(audience) }
        }
        if result.isEmpty && !v.issues.contains(where: { $0.field == "audiences" }) {
            v.add("audiences", "required")
        }
        if result.count > Self.maxAudiences { v.add("audiences", "tooMany", [String(Self.maxAudiences)]) }
        return result
    }

    private func validCadence(_ v: inout FieldValidator, defaultAnchor: LocalDate, defaultTimeZone: String)
        -> CommunicationCadence?
    {
        let kind = cadence?.trimmedSpaces() ?? ""
        guard !kind.isEmpty else {
            v.add("cadence", "required")
            return nil
        }
        guard Self.cadenceKinds.contains(kind) else {
            v.add("cadence", "invalidChoice", [Self.cadenceKinds.joined(separator: ", ")])
            return nil
        }
        let minute = validTime(&v)
        let zone = timeZone?.trimmedSpaces().isEmpty ?? true ? defaultTimeZone : timeZone!.trimmedSpaces()
        if !TimeZoneName.isKnown(zone) { v.add("timeZone", "unknownTimeZone") }
        let rule: CommunicationCadence.Rule?
        switch kind {
        case "weekly":
            rule = validWeekday(&v).map { .weekly(weekday: $0) }
        case "fortnightly":
            let weekday = validWeekday(&v)
            var anchor = defaultAnchor
            if let text = self.anchor?.trimmedSpaces(), !text.isEmpty {
                do throws(DateText.Problem) {
                    anchor = try DateText.day(text)
                } catch {
                    v.add("anchor", error.issue.code, error.issue.values)
                }
            }
            rule = weekday.map { .fortnightly(weekday: $0, anchor: anchor) }
        case "monthly":
            rule = validDayOfMonth(&v).map { .monthly(day: $0) }
        default:
            rule = .milestones
        }
        guard let rule, let minute else { return nil }
        return CommunicationCadence(rule, minuteOfDay: minute, timeZone: zone)
    }

    private func validTime(_ v: inout FieldValidator) -> Int? {
        guard let text = time?.trimmedSpaces(), !text.isEmpty else {
            v.add("time", "required")
            return nil
        }
        // "9:30" is taken as "09:30".
        let padded = text.count == 4 ? "0" + text : text
        guard let minute = CommunicationCadence.minutes(Substring(padded)) else {
            v.add("time", "invalidClockTime")
            return nil
        }
        return minute
    }

    private func validWeekday(_ v: inout FieldValidator) -> Int? {
        guard let text = weekday?.trimmedSpaces(), !text.isEmpty else {
            v.add("weekday", "required")
            return nil
        }
        if let number = Int(text), (1...7).contains(number) { return number }
        guard let weekday = CommunicationCadence.weekday(Substring(text)) else {
            v.add("weekday", "invalidWeekday")
            return nil
        }
        return weekday
    }

    private func validDayOfMonth(_ v: inout FieldValidator) -> Int? {
        guard let text = dayOfMonth?.trimmedSpaces(), !text.isEmpty else {
            v.add("dayOfMonth", "required")
            return nil
        }
        guard let day = Int(text), (1...31).contains(day) else {
            v.add("dayOfMonth", "outOfRange", ["1", "31"])
            return nil
        }
        return day
    }
}
