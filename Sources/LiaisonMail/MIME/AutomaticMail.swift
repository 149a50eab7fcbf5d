/// Mail that no person wrote: a delivery failure report (bounce), an automatic reply (out of office), or bulk and
/// list mail. Such mail is recorded but never answered and never reopens a request, so that two robots cannot keep
/// writing to each other. The reason says which sign was seen.
public enum AutomaticMail: Sendable, Equatable {
    case bounce(String)
    case autoReply(String)
    case bulk(String)

    public var reason: String {
        switch self {
        case .bounce(let reason), .autoReply(let reason), .bulk(let reason): reason
        }
    }

    /// What kind of automatic mail `mail` is, or nil when a person seems to have written it.
    public static func classify(_ mail: MailMessage) -> AutomaticMail? {
        let headers = mail.headers
        let type = HeaderParameters(headers["Content-Type"])
        if type.value == "multipart/report", (type["report-type"] ?? "").lowercased() == "delivery-status" {
            return .bounce("Content-Type: multipart/report; report-type=delivery-status")
        }
        let sender = mail.from?.key ?? ""
        let local = sender.split(separator: "@").first.map(String.init) ?? ""
        if local == "mailer-daemon" || local == "postmaster" {
            return .bounce("From: \(local)")
        }
        let subject = mail.subject.lowercased()
        let returnPath = headers["Return-Path"]?.trimmingSpaces
        if returnPath == "<>", bounceSubjects.contains(where: { subject.contains($0) }) {
            return .bounce("Return-Path: <> and a delivery failure subject")
        }
        if let value = headers["Auto-Submitted"]?.trimmingSpaces.lowercased(), !value.isEmpty, !value.hasPrefix("no") {
            return .autoReply("Auto-Submitted: \(value)")
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoreply-From", "X-Mail-Autoreply"] where headers[name] != nil {
            return .autoReply(name)
        }
        if let value = headers["X-Auto-Response-Suppress"]?.lowercased(), value.contains("oof") || value.contains("all"),
            headers["X-MS-Exchange-Inbox-Rules-Loop"] != nil || autoReplySubjects.contains(where: subjectStarts(subject))
        {
            return .autoReply("X-Auto-Response-Suppress with an automatic reply")
        }
        if let value = headers["Precedence"]?.trimmingSpaces.lowercased(), ["bulk", "junk", "list", "auto_reply"].contains(value) {
            return value == "auto_reply" ? .autoReply("Precedence: auto_reply") : .bulk("Precedence: \(value)")
        }
        if let subjectSign = autoReplySubjects.first(where: subjectStarts(subject)) {
            return .autoReply("Subject: \(subjectSign)")
        }
        if headers["List-Id"] != nil || headers["List-Unsubscribe"] != nil {
            return .bulk(headers["List-Id"] != nil ? "List-Id" : "List-Unsubscribe")
        }
        return nil
    }

    /// Whether the subject starts with `sign`, after any "Re:"-like prefixes.
    private static func subjectStarts(_ subject: String) -> (String) -> Bool {
        let bare = SubjectLine.withoutPrefixes(subject).lowercased()
        return { sign in bare.hasPrefix(sign) || subject.hasPrefix(sign) }
    }

    /// Subjects of automatic replies, in Chinese and English (lower case).
    static let autoReplySubjects = [
        "自动回复", "自动答复", "自動回覆", "自动应答", "[自动回复]", "【自动回复】", "out of office", "out of the office",
        "automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "auto-response", "away from office",
        "休假自动回复", "外出自动回复",
    ]

    static let bounceSubjects = [
        "undeliverable", "undelivered mail", "delivery status notification", "mail delivery failed",
        "delivery failure", "returned mail", "failure notice", "退信", "投递失败", "发送失败", "无法投递",
    ]
}
