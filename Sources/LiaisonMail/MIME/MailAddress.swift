import Foundation

/// A mailbox from an address header: the address itself (what identifies the sender) and the display name (only
/// ever shown). A display name that looks like an address ("support@bank.example" <x@evil.example>) changes
/// nothing: the address is the one inside the angle brackets.
public struct MailAddress: Sendable, Equatable, Hashable {
    public var name: String?
    /// As written, without brackets.
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The address lower-cased, for matching senders with contacts.
    public var key: String { address.lowercased() }

    /// Whether the address has the shape local@domain with nothing that cannot be in one.
    public var isValid: Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else { return false }
        return address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>(),;:\\\"[]".unicodeScalars.contains($0) }
    }

    /// The mailboxes of an address list header (From, To, Cc, Reply-To): display names with encoded words read,
    /// quoted names, comments, groups ("undisclosed-recipients:;") and old-style "addr (Name)" handled; pieces
    /// without an "@" are dropped.
    public static func list(_ header: String?) -> [MailAddress] {
        guard let header else { return [] }
        var out: [MailAddress] = []
        for item in splitTopLevel(header) {
            if let mailbox = mailbox(item) { out.append(mailbox) }
        }
        return out
    }

    /// One "name <address>" or "address" or "address (name)".
    private static func mailbox(_ item: String) -> MailAddress? {
        var phrase = ""
        var angle: String?
        var comment = ""
        var bare = ""
        var mode: Character = " "  // " ": outside, "\"": quoted, "<": angle, "(": comment
        var depth = 0
        var escaped = false
        for character in item {
            if escaped {
                if mode == "\"" { phrase.append(character) } else if mode == "(" { comment.append(character) }
                escaped = false
                continue
            }
            switch mode {
            case "\"":
                if character == "\\" { escaped = true } else if character == "\"" { mode = " " } else { phrase.append(character) }
            case "(":
                if character == "\\" {
                    escaped = true
                } else if character == "(" {
                    depth += 1
                    comment.append(character)
                } else if character == ")" {
                    depth -= 1
                    if depth == 0 { mode = " " } else { comment.append(character) }
                } else {
                    comment.append(character)
                }
            case "<":
                if character == ">" { mode = " " } else { angle = (angle ?? "") + String(character) }
            default:
                switch character {
                case "\"":
                    mode = "\""
                    phrase.append(" ")
                case "(":
                    mode = "("
                    depth = 1
                case "<":
                    mode = "<"
                    angle = ""
                default:
                    // Before an angle address this is the display name; without one it is the address.
                    phrase.append(character)
                    bare.append(character)
                }
            }
        }
        let name: String
        let address: String
        if let angle {
            // "<mailto:x@y>" and a source route ("<@relay:x@y>") seen in old mail.
            var inner = angle.trimmingSpaces
            if inner.lowercased().hasPrefix("mailto:") { inner = String(inner.dropFirst(7)) }
            if inner.hasPrefix("@"), let colon = inner.firstIndex(of: ":") { inner = String(inner[inner.index(after: colon)...]) }
            address = inner
            name = phrase
        } else {
            address = bare.filter { !$0.isWhitespace }
            name = comment
        }
        guard address.contains("@") else { return nil }
        let shown = MailHeaders.cleaned(EncodedWords.decode(name.trimmingSpaces))
        return MailAddress(name: shown.isEmpty ? nil : shown, address: address)
    }

    /// The items of a list split at commas outside quotes, comments and angle brackets; a group's name ("Team:")
    /// and its closing ";" are dropped.
    static func splitTopLevel(_ header: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        var depth = 0
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if character == "\\", quoted || depth > 0 {
                escaped = true
                current.append(character)
                continue
            }
            if quoted {
                if character == "\"" { quoted = false }
                current.append(character)
                continue
            }
            if depth > 0 {
                if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
                current.append(character)
                continue
            }
            switch character {
            case "\"": quoted = true
            case "(": depth = 1
            case "<": angle = true
            case ">": angle = false
            default: break
            }
            if !angle, character == "," || character == ";" {
                items.append(current)
                current = ""
                continue
            }
            if !angle, character == ":" {
                // A group's display name ends here.
                current = ""
                continue
            }
            current.append(character)
        }
        items.append(current)
        return items.filter { !$0.trimmingSpaces.isEmpty }
    }

    /// The header form of this mailbox: `=?UTF-8?B?...?= <address>` or the address alone.
    public var headerValue: String {
        guard let name, !name.isEmpty else { return address }
        let plain = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if plain {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped + "\" <" + address + ">"
        }
        return EncodedWords.encode(name) + " <" + address + ">"
    }
}
