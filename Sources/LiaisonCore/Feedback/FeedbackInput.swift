import Foundation

/// A message sent through the public feedback form, as typed by a visitor.
public struct FeedbackInput: Sendable, Equatable {
    public var name: String?
    public var company: String?
    public var email: String?
    public var phone: String?
    public var message: String?

    public init(name: String? = nil, company: String? = nil, email: String? = nil, phone: String? = nil, message: String? = nil) {
        self.name = name
        self.company = company
        self.email = email
        self.phone = phone
        self.message = message
    }
}

public struct ValidFeedback: Sendable, Equatable {
    public var name: String
    public var company: String?
    public var email: EmailAddress?
    public var phone: String?
    public var message: String

    public init(name: String, company: String?, email: EmailAddress?, phone: String?, message: String) {
        self.name = name
        self.company = company
        self.email = email
        self.phone = phone
        self.message = message
    }

    /// The request's subject: the first line of the message, shortened.
    public var subject: String {
        let first = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        let line = first.trimmed()
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }
}

public enum FeedbackLimits {
    public static let name = 100
    public static let company = 200
    public static let message = 5_000
}

extension FeedbackInput {
    /// Email, phone or both: a visitor must leave a way to be reached.
    public func validated() throws(ValidationFailure) -> ValidFeedback {
        var v = FieldValidator()
        let name = v.requiredText("name", name, max: FeedbackLimits.name)
        let company = v.optionalText("company", company, max: FeedbackLimits.company)
        let emailText = v.optionalText("email", email, max: 254)
        var address: EmailAddress?
        if let emailText {
            address = EmailAddress(emailText)
            if address == nil { v.add("email", "invalidEmail") }
        }
        var number: String?
        let phoneText = v.optionalText("phone", phone, max: 40)
        if let phoneText {
            let normalised = PhoneNumber.normalised(phoneText)
            if PhoneNumber.isPlausible(normalised) { number = normalised } else { v.add("phone", "invalidPhone") }
        }
        if emailText == nil, phoneText == nil { v.add("email", "contactRequired") }
        let message = v.requiredText("message", message, max: FeedbackLimits.message, multiline: true)
        try v.check()
        return ValidFeedback(name: name, company: company, email: address, phone: number, message: message)
    }
}

/// Submissions counted per client address in fixed windows: an address that sends `limit` within `window` is refused
/// until the window ends. Memory is bounded by `capacity` (the oldest windows are dropped first).
public struct FeedbackRateLimit: Sendable {
    public var limit: Int
    public var window: TimeInterval
    public var capacity: Int
    private var counts: [String: (start: Date, count: Int)] = [:]

    public init(limit: Int, window: TimeInterval, capacity: Int = 50_000) {
        self.limit = limit
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Counts one submission from `address`; false (and not counted) when the address is over its limit.
    public mutating func admit(_ address: String, now: Date) -> Bool {
        guard limit > 0 else { return true }
        var entry = counts[address] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window || now < entry.start { entry = (now, 0) }
        guard entry.count < limit else { return false }
        if counts[address] == nil, counts.count >= capacity {
            let cutoff = now.addingTimeInterval(-window)
            counts = counts.filter { $0.value.start > cutoff }
            if counts.count >= capacity { counts.removeAll(keepingCapacity: true) }
        }
        entry.count += 1
        counts[address] = entry
        return true
    }
}
