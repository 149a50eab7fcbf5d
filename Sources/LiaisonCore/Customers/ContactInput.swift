import Foundation

/// A contact person at a customer (联系人), as entered.
public struct ContactInput: Sendable, Equatable {
    public var customerID: String?
    public var name: String?
    public var title: String?
    public var role: String?
    public var emails: [String]?
    public var phones: [String]?
    public var wechat: String?
    public var otherIDs: [String: String]?
    public var preferredChannel: String?
    public var preferredLanguage: String?
    public var consent: [String: Bool]?
    public var notes: String?

    public init(
        customerID: String? = nil, name: String? = nil, title: String? = nil, role: String? = nil,
        emails: [String]? = nil, phones: [String]? = nil, wechat: String? = nil, otherIDs: [String: String]? = nil,
        preferredChannel: String? = nil, preferredLanguage: String? = nil, consent: [String: Bool]? = nil,
        notes: String? = nil
    ) {
        self.customerID = customerID
        self.name = name
        self.title = title
        self.role = role
        self.emails = emails
        self.phones = phones
        self.wechat = wechat
        self.otherIDs = otherIDs
        self.preferredChannel = preferredChannel
        self.preferredLanguage = preferredLanguage
        self.consent = consent
        self.notes = notes
    }
}

public struct ValidContact: Sendable, Equatable {
    public var customerID: UUID
    public var name: String
    public var title: String?
    public var role: ContactRole?
    public var emails: [String]
    public var phones: [String]
    public var wechat: String?
    public var otherIDs: [String: String]
    public var preferredChannel: Channel?
    public var preferredLanguage: AppLocale?
    public var consent: [Channel: Bool]
    public var notes: String?
}

extension ContactInput {
    public func validated() throws(ValidationFailure) -> ValidContact {
        var v = FieldValidator()
        let customer = v.reference("customerId", customerID)
        if customer == nil, (customerID ?? "").trimmedSpaces().isEmpty {
            v.add("customerId", "required")
        }
        let name = v.requiredText("name", name, max: 100)
        let title = v.optionalText("title", title, max: 100)
        let role = v.optionalChoice("role", role, as: ContactRole.self)
        var cleanEmails: [String] = []
        for (index, raw) in (emails ?? []).enumerated() {
            let text = raw.trimmed()
            guard !text.isEmpty else { continue }
            if InputText.hasRefused(text, multiline: false) {
                v.add("emails[\(index)]", "controlCharacter")
            } else if let email = EmailAddress(text) {
                if !cleanEmails.contains(email.value) { cleanEmails.append(email.value) }
            } else {
                v.add("emails[\(index)]", "invalidEmail")
            }
        }
        var cleanPhones: [String] = []
        for (index, raw) in (phones ?? []).enumerated() {
            let text = PhoneNumber.normalised(raw)
            guard !text.isEmpty else { continue }
            if InputText.hasRefused(text, multiline: false) {
                v.add("phones[\(index)]", "controlCharacter")
            } else if PhoneNumber.isPlausible(text), text.count <= 40 {
                if !cleanPhones.contains(text) { cleanPhones.append(text) }
            } else {
                v.add("phones[\(index)]", "invalidPhone")
            }
        }
        if cleanEmails.count > 10 { v.add("emails", "tooMany", ["10"]) }
        if cleanPhones.count > 10 { v.add("phones", "tooMany", ["10"]) }
        let wechat = v.optionalText("wechat", wechat, max: 64)
        var others: [String: String] = [:]
        for (key, value) in (otherIDs ?? [:]).sorted(by: { $0.key < $1.key }) {
            let label = v.cleanText("otherIds", key, max: 30)
            let id = v.cleanText("otherIds", value, max: 100)
            guard !label.isEmpty, !id.isEmpty else { continue }
            others[label] = id
        }
        let channel = v.optionalChoice("preferredChannel", preferredChannel, as: Channel.self)
        var language: AppLocale?
        if let raw = preferredLanguage?.trimmedSpaces(), !raw.isEmpty {
            language = AppLocale(rawValue: raw)
            if language == nil { v.add("preferredLanguage", "unknownLocale") }
        }
        var consentMap: [Channel: Bool] = [:]
        for (key, allowed) in consent ?? [:] {
            if let channel = Channel(rawValue: key) {
                consentMap[channel] = allowed
            } else {
                v.add("consent", "invalidChoice", [Channel.allCases.map(\.rawValue).joined(separator: ", ")])
            }
        }
        let notes = v.optionalText("notes", notes, max: 20_000, multiline: true)
        try v.check()
        return ValidContact(
            customerID: customer!, name: name, title: title, role: role, emails: cleanEmails, phones: cleanPhones,
            wechat: wechat, otherIDs: others, preferredChannel: channel, preferredLanguage: language,
            consent: consentMap, notes: notes)
    }
}
