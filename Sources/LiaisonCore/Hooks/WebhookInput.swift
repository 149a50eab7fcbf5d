import Foundation

/// An outgoing webhook as entered: where to post, which events, and the secret its payloads are signed with.
public struct WebhookInput: Sendable, Equatable {
    public var name: String?
    public var url: String?
    public var events: [String]?
    /// Write-only: absent keeps the stored one (a new webhook gets one generated), text replaces it.
    public var secret: String?
    public var active: Bool?
    /// The most restricted classification of customer whose records it receives (`internal` by default).
    public var maxClassification: String?

    public init(
        name: String? = nil, url: String? = nil, events: [String]? = nil, secret: String? = nil, active: Bool? = nil,
        maxClassification: String? = nil
    ) {
        self.name = name
        self.url = url
        self.events = events
        self.secret = secret
        self.active = active
        self.maxClassification = maxClassification
    }
}

public struct ValidWebhook: Sendable, Equatable {
    public var name: String
    public var url: String
    public var events: [WebhookEvent]
    public var secret: SecretChange
    public var active: Bool
    public var maxClassification: Classification
}

extension WebhookInput {
    public func validated() throws(ValidationFailure) -> ValidWebhook {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: 100)
        let urlText = v.requiredText("url", url, max: HookURL.maxLength)
        let url = HookURL.parse(urlText)
        if url == nil, !urlText.isEmpty { v.add("url", "invalidURL") }
        let events = HookSecret.events("events", events, as: WebhookEvent.self, &v)
        var secret = HookSecret.check("secret", secret, &v)
        // A webhook is always signed: its secret can be replaced (8–200 characters) or left out, never emptied.
        if secret == .clear {
            v.add("secret", "tooShort", ["8"])
            secret = .keep
        }
        let classification = v.choice("maxClassification", maxClassification, default: Classification.internal)
        try v.check()
        let checked = try v.unwrap(url, "url")
        return ValidWebhook(
            name: name, url: checked, events: events, secret: secret, active: active ?? true,
            maxClassification: classification)
    }
}

/// A department's chat robot as entered.
public struct RobotInput: Sendable, Equatable {
    public var name: String?
    public var departmentID: String?
    public var kind: String?
    /// Write-only like the secret: the URL of a group robot holds its key. Absent keeps the stored one.
    public var url: String?
    /// DingTalk's SEC… or Feishu's signing secret. Absent keeps, empty removes.
    public var secret: String?
    public var events: [String]?
    public var language: String?
    /// Whether messages name the request's subject (never for confidential or secret customers).
    public var includeSubject: Bool?
    public var active: Bool?

    public init(
        name: String? = nil, departmentID: String? = nil, kind: String? = nil, url: String? = nil,
        secret: String? = nil, events: [String]? = nil, language: String? = nil, includeSubject: Bool? = nil,
        active: Bool? = nil
    ) {
        self.name = name
        self.departmentID = departmentID
        self.kind = kind
        self.url = url
        self.secret = secret
        self.events = events
        self.language = language
        self.includeSubject = includeSubject
        self.active = active
    }
}

public struct ValidRobot: Sendable, Equatable {
    public var name: String
    public var departmentID: UUID
    public var kind: RobotKind
    /// Nil: keep the stored address (an update that does not change it).
    public var url: String?
    public var secret: SecretChange
    public var events: [RobotEvent]
    public var language: RobotLanguage
    public var includeSubject: Bool
    public var active: Bool
}

extension RobotInput {
    /// `hasURL`: an address is stored already, so leaving it out keeps it.
    public func validated(hasURL: Bool = false) throws(ValidationFailure) -> ValidRobot {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: 100)
        let department = v.requiredReference("departmentId", departmentID)
        var kind: RobotKind?
        if let raw = self.kind?.trimmedSpaces(), !raw.isEmpty {
            kind = v.optionalChoice("kind", raw, as: RobotKind.self)
        } else {
            v.add("kind", "required")
        }
        var url: String?
        let urlText = self.url?.trimmedSpaces() ?? ""
        if urlText.isEmpty {
            if !hasURL { v.add("url", "required") }
        } else {
            url = HookURL.parse(urlText)
            if url == nil { v.add("url", "invalidURL") }
        }
        var secret = HookSecret.check("secret", secret, &v)
        if let kind, !kind.signs, case .set = secret { v.add("secret", "notSigned") }
        if let kind, !kind.signs { secret = .clear }
        let events = HookSecret.events("events", events, as: RobotEvent.self, &v)
        let language = v.choice("language", language, default: RobotLanguage.zhHans)
        try v.check()
        return ValidRobot(
            name: name, departmentID: try v.unwrap(department, "departmentId"), kind: try v.unwrap(kind, "kind"),
            url: url, secret: secret, events: events, language: language, includeSubject: includeSubject ?? false,
            active: active ?? true)
    }
}
