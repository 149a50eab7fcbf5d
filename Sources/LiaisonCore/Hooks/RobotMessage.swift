import Foundation

/// A robot's message, already in its language: a title line, a few lines, and a link to the request.
public struct RobotNotice: Sendable, Equatable {
    public var title: String
    public var lines: [String]
    public var link: String?
    public var linkLabel: String
    /// People to call out by their mobile number (DingTalk's `atMobiles`, WeCom's `mentioned_mobile_list`); the
    /// other apps name them in the lines.
    public var mentionMobiles: [String]

    public init(title: String, lines: [String], link: String?, linkLabel: String, mentionMobiles: [String] = []) {
        self.title = title
        self.lines = lines
        self.link = link
        self.linkLabel = linkLabel
        self.mentionMobiles = mentionMobiles
    }
}

/// The bodies and addresses each chat app expects, and how to read its answer. Signing itself (HMAC-SHA256) is
/// done by the caller, which hands in the signature.
public enum RobotMessage {
    /// The JSON body for `kind`. Feishu's signature travels in the body (`timestamp` in seconds and `sign`);
    /// DingTalk's in the address (`signedURL`).
    public static func body(
        _ kind: RobotKind, _ notice: RobotNotice, feishuSignature: (timestamp: Int64, sign: String)? = nil
    )
        -> Data
    {
        let object: [String: Any]
        switch kind {
        case .wecom where !notice.mentionMobiles.isEmpty:
            // WeCom's markdown messages cannot call anyone out by number; its text messages can.
            object = [
                "msgtype": "text",
                "text": ["content": plain(notice), "mentioned_mobile_list": notice.mentionMobiles],
            ]
        case .wecom:
            object = ["msgtype": "markdown", "markdown": ["content": markdown(notice, paragraphs: false)]]
        case .dingtalk:
            // DingTalk calls out a number only when the text also says "@number".
            let calls = notice.mentionMobiles.map { "@" + $0 }.joined(separator: " ")
            var fields: [String: Any] = [
                "msgtype": "markdown",
                "markdown": [
                    "title": notice.title,
                    "text": markdown(notice, paragraphs: true) + (calls.isEmpty ? "" : "\n\n" + calls),
                ],
            ]
            if !calls.isEmpty { fields["at"] = ["atMobiles": notice.mentionMobiles, "isAtAll": false] }
            object = fields
        case .feishu:
            var fields: [String: Any] = ["msg_type": "text", "content": ["text": plain(notice)]]
            if let feishuSignature {
                fields["timestamp"] = String(feishuSignature.timestamp)
                fields["sign"] = feishuSignature.sign
            }
            object = fields
        case .slack:
            object = ["text": slack(notice)]
        }
        // Sorted keys: the same notice is always the same bytes.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }

    /// DingTalk's address with `timestamp` (milliseconds) and the URL-encoded `sign` appended.
    public static func signedURL(_ url: String, timestampMillis: Int64, sign: String) -> String {
        let separator = url.contains("?") ? "&" : "?"
        return url + separator + "timestamp=\(timestampMillis)&sign=" + percentEncoded(sign)
    }

    /// Percent-encodes everything but unreserved characters (base64's `+`, `/` and `=` included).
    public static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Why the app refused a message that arrived with a 2xx status, or nil when it took it: WeCom and DingTalk
    /// answer `{"errcode": 0, …}`, Feishu `{"code": 0, …}` (older bots `StatusCode`); Slack answers `ok`.
    public static func refusal(_ kind: RobotKind, body: Data) -> String? {
        switch kind {
        case .slack:
            return nil
        case .wecom, .dingtalk:
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                return "not a JSON answer"
            }
            let code = (object["errcode"] as? NSNumber)?.intValue ?? -1
            return code == 0 ? nil : "errcode \(code): \(object["errmsg"] as? String ?? "")"
        case .feishu:
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                return "not a JSON answer"
            }
            let code = ((object["code"] ?? object["StatusCode"]) as? NSNumber)?.intValue ?? -1
            let message = (object["msg"] ?? object["StatusMessage"]) as? String ?? ""
            return code == 0 ? nil : "code \(code): \(message)"
        }
    }

    /// Text as Markdown without links or emphasis of its own: brackets and markers in the text are shown, not
    /// followed (a subject cannot add a link).
    static func inert(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "[": out.append("［")
            case "]": out.append("］")
            case "<": out.append("‹")
            case ">": out.append("›")
            case "*", "_", "`", "#", "~", "|": out.append(" ")
            case "\n", "\r": out.append(" ")
            default: out.append(character)
            }
        }
        return out
    }

    private static func markdown(_ notice: RobotNotice, paragraphs: Bool) -> String {
        let separator = paragraphs ? "\n\n" : "\n"
        var parts = ["**" + inert(notice.title) + "**"]
        parts += notice.lines.map(inert)
        if let link = notice.link { parts.append("[\(inert(notice.linkLabel))](\(link))") }
        return parts.joined(separator: separator)
    }

    private static func plain(_ notice: RobotNotice) -> String {
        var parts = [notice.title] + notice.lines
        if let link = notice.link { parts.append(link) }
        return parts.joined(separator: "\n")
    }

    /// Slack's mrkdwn: `&`, `<` and `>` escaped, the link as `<url|label>`.
    private static func slack(_ notice: RobotNotice) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var parts = ["*" + escaped(notice.title) + "*"] + notice.lines.map(escaped)
        if let link = notice.link { parts.append("<\(link)|\(escaped(notice.linkLabel))>") }
        return parts.joined(separator: "\n")
    }
}
