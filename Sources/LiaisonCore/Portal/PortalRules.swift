import Foundation

/// Which requests a contact sees in the portal: only those it opened or is named on, or all of its organisation's.
public enum PortalScope: String, CaseIterable, Codable, Sendable {
    case own
    case organisation

    public var labelKey: String { "portalScope.\(rawValue)" }
}

/// What a single-use portal link is for.
public enum PortalLinkPurpose: String, CaseIterable, Codable, Sendable {
    /// Sent by staff: the contact sets a password and is signed in.
    case invitation
    /// Asked for by the contact: signs in without a password.
    case signIn

    /// How long a link stays valid.
    public var lifetime: TimeInterval {
        switch self {
        case .invitation: 7 * 86_400
        case .signIn: 20 * 60
        }
    }
}

/// What a contact may do with its organisation's requests in the portal.
public enum PortalRules {
    /// Days after resolution or closure during which a contact may reopen a request, unless configured otherwise.
    public static let defaultReopenDays = 14

    /// A contact closes a request that is still open or that was resolved (confirming it is done).
    public static func mayClose(_ status: RequestStatus) -> Bool {
        status != .closed && status.canMove(to: .closed)
    }

    /// A contact reopens a resolved or closed request within `days` of its resolution (or closure, when it was
    /// closed without being resolved first).
    public static func mayReopen(
        _ status: RequestStatus, resolvedAt: Date?, closedAt: Date?, now: Date, days: Int
    ) -> Bool {
        guard status == .resolved || status == .closed, status.canMove(to: .open) else { return false }
        guard let since = resolvedAt ?? closedAt else { return false }
        return now.timeIntervalSince(since) <= Double(days) * 86_400
    }

    /// A contact rates a request once, when it has been resolved (or closed after it).
    public static func mayRate(_ status: RequestStatus, resolvedAt: Date?, rated: Bool) -> Bool {
        !rated && (status == .resolved || (status == .closed && resolvedAt != nil))
    }

    /// Scores of the satisfaction question (CSAT).
    public static let scores = 1...5
}

/// A request as a contact opens it in the portal: the customer and the contact are the signed-in contact's, the
/// channel is the portal and the priority normal (staff judge it).
public struct PortalRequestInput: Sendable, Equatable {
    public var kind: String?
    public var subject: String?
    public var body: String?

    public init(kind: String? = nil, subject: String? = nil, body: String? = nil) {
        self.kind = kind
        self.subject = subject
        self.body = body
    }

    public func validated(customerID: UUID, contactID: UUID) throws(ValidationFailure) -> ValidRequest {
        var v = FieldValidator()
        let kind = v.choice("kind", kind, default: RequestKind.inquiry)
        let subject = v.requiredText("subject", subject, max: 200)
        let body = v.requiredText("body", body, max: 100_000, multiline: true)
        try v.check()
        return ValidRequest(
            customerID: customerID, contactID: contactID, kind: kind, priority: .normal, channel: .portal,
            subject: subject, body: body, queueID: nil, assigneeID: nil)
    }
}

/// A satisfaction rating given in the portal.
public struct PortalRatingInput: Sendable, Equatable {
    public var score: Int?
    public var comment: String?

    public init(score: Int? = nil, comment: String? = nil) {
        self.score = score
        self.comment = comment
    }

    public func validated() throws(ValidationFailure) -> (score: Int, comment: String?) {
        var v = FieldValidator()
        if let score {
            if !PortalRules.scores.contains(score) { v.add("score", "outOfRange", ["1", "5"]) }
        } else {
            v.add("score", "required")
        }
        let comment = v.optionalText("comment", comment, max: 2000, multiline: true)
        try v.check()
        return (try v.unwrap(score, "score"), comment)
    }
}
