import Foundation

/// A mailbox as entered: the address customers write to, the queue department its mail lands in, how to send
/// through its mail server (SMTP) and, optionally, how to read it (IMAP). Passwords are write-only: absent keeps
/// the stored one, empty removes it.
public struct MailboxInput: Sendable, Equatable {
    public var address: String?
    public var name: String?
    public var departmentID: String?
    public var active: Bool?
    public var smtpHost: String?
    public var smtpPort: Int?
    public var smtpSecurity: String?
    public var smtpUsername: String?
    public var smtpPassword: String?
    public var smtpAuth: String?
    public var verifyCertificate: Bool?
    public var acknowledge: Bool?
    public var imapHost: String?
    public var imapPort: Int?
    public var imapSecurity: String?
    public var imapUsername: String?
    public var imapPassword: String?
    public var imapFolder: String?
    public var imapAfter: String?
    public var imapMoveFolder: String?
    /// Seconds a server may take to accept the connection (1-120; 10 by default) and to answer a command (1-600; 30).
    public var connectTimeout: Int?
    public var commandTimeout: Int?

    public init() {}
}

/// How a connection to a mail server is protected (the same words as the mail clients use).
public enum MailSecurity: String, Sendable, Codable, CaseIterable {
    case none
    case starttls
    case tls
}

public enum MailAuthentication: String, Sendable, Codable, CaseIterable {
    case automatic
    case plain
    case login
}

/// What happens to a message once Liaison has taken it from the IMAP folder.
public enum MailAfterTaking: String, Sendable, Codable, CaseIterable {
    /// Flagged as read, left where it is.
    case seen
    /// Moved to another folder.
    case move
}

/// A password field of a form or request: keep what is stored, remove it, or store a new one.
public enum SecretChange: Sendable, Equatable {
    case keep
    case clear
    case set(String)

    init(_ raw: String?) {
        guard let raw else {
            self = .keep
            return
        }
        self = raw.isEmpty ? .clear : .set(raw)
    }
}

public struct ValidMailbox: Sendable, Equatable {
    public struct Server: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var security: MailSecurity
        public var username: String?
        public var password: SecretChange
    }

    public var address: EmailAddress
    public var name: String?
    public var departmentID: UUID
    public var active: Bool
    public var smtp: Server
    public var smtpAuth: MailAuthentication
    public var verifyCertificate: Bool
    /// Nil: mail reaches this address some other way (`liaison mail ingest`, the inbound endpoint).
    public var imap: Server?
    public var imapFolder: String
    public var imapAfter: MailAfterTaking
    public var imapMoveFolder: String?
    public var connectTimeout: Int
    public var commandTimeout: Int
    public var acknowledge: Bool
}

extension MailboxInput {
    public func validated() throws(ValidationFailure) -> ValidMailbox {
        var v = FieldValidator()
        let addressText = v.requiredText("address", address, max: 254)
        let address = EmailAddress(addressText)
        if address == nil, !addressText.isEmpty { v.add("address", "invalidEmail") }
        let name = v.optionalText("name", name, max: 100)
        var department: UUID?
        if let raw = departmentID?.trimmedSpaces(), !raw.isEmpty {
            department = UUIDText.parse(raw)
            if department == nil { v.add("departmentId", "invalidReference") }
        } else {
            v.add("departmentId", "required")
        }
        let smtpSecurity = v.choice("smtpSecurity", smtpSecurity, default: MailSecurity.starttls)
        let smtpHost = Self.host("smtpHost", smtpHost, required: true, &v)
        let smtpPort = Self.port("smtpPort", smtpPort, default: smtpSecurity == .tls ? 465 : smtpSecurity == .starttls ? 587 : 25, &v)
        let smtpUsername = v.optionalText("smtpUsername", smtpUsername, max: 200)
        let smtpPassword = Self.secret("smtpPassword", smtpPassword, &v)
        let smtpAuth = v.choice("smtpAuth", smtpAuth, default: MailAuthentication.automatic)

        var imap: ValidMailbox.Server?
        let imapSecurity = v.choice("imapSecurity", imapSecurity, default: MailSecurity.tls)
        // Checked even without a host: a value given is never dropped unread.
        let port = Self.port("imapPort", imapPort, default: imapSecurity == .tls ? 993 : 143, &v)
        let imapPassword = Self.secret("imapPassword", imapPassword, &v)
        if let imapHost = Self.host("imapHost", imapHost, required: false, &v) {
            let username = v.requiredText("imapUsername", imapUsername, max: 200)
            imap = ValidMailbox.Server(
                host: imapHost, port: port, security: imapSecurity, username: username,
                password: imapPassword)
        } else {
            _ = v.optionalText("imapUsername", imapUsername, max: 200)
        }
        let folder = v.optionalText("imapFolder", imapFolder, max: 200) ?? "INBOX"
        let after = v.choice("imapAfter", imapAfter, default: MailAfterTaking.seen)
        let moveFolder = v.optionalText("imapMoveFolder", imapMoveFolder, max: 200)
        if imap != nil, after == .move, moveFolder == nil { v.add("imapMoveFolder", "required") }
        let connectTimeout = Self.seconds("connectTimeout", connectTimeout, in: 1...120, default: 10, &v)
        let commandTimeout = Self.seconds("commandTimeout", commandTimeout, in: 1...600, default: 30, &v)
        try v.check()
        // Each of these added its issue when missing, so a passed check has them all.
        guard let address, let department, let smtpHost else {
            throw ValidationFailure([ValidationIssue("address", "required")])
        }
        return ValidMailbox(
            address: address, name: name, departmentID: department, active: active ?? true,
            smtp: .init(host: smtpHost, port: smtpPort, security: smtpSecurity, username: smtpUsername, password: smtpPassword),
            smtpAuth: smtpAuth, verifyCertificate: verifyCertificate ?? true, imap: imap, imapFolder: folder,
            imapAfter: after, imapMoveFolder: after == .move ? moveFolder : nil, connectTimeout: connectTimeout,
            commandTimeout: commandTimeout, acknowledge: acknowledge ?? true)
    }

    private static func seconds(
        _ field: String, _ value: Int?, in range: ClosedRange<Int>, default fallback: Int, _ v: inout FieldValidator
    ) -> Int {
        guard let value else { return fallback }
        guard range.contains(value) else {
            v.add(field, "outOfRange", [String(range.lowerBound), String(range.upperBound)])
            return fallback
        }
        return value
    }

    /// A host name or an IP address: letters, digits, dots, hyphens (and the colons and brackets of IPv6).
    private static func host(_ field: String, _ raw: String?, required: Bool, _ v: inout FieldValidator) -> String? {
        let text = (raw ?? "").trimmedSpaces().lowercased()
        if text.isEmpty {
            if required { v.add(field, "required") }
            return nil
        }
        guard text.count <= 253,
            text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:[]".unicodeScalars.contains($0)) })
        else {
            v.add(field, "invalidHost")
            return nil
        }
        return text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
    }

    private static func port(_ field: String, _ value: Int?, default fallback: Int, _ v: inout FieldValidator) -> Int {
        guard let value else { return fallback }
        guard (1...65535).contains(value) else {
            v.add(field, "outOfRange", ["1", "65535"])
            return fallback
        }
        return value
    }

    /// Any characters but control characters (a line break would end the command that carries it), up to 500.
    private static func secret(_ field: String, _ raw: String?, _ v: inout FieldValidator) -> SecretChange {
        let change = SecretChange(raw)
        if case .set(let text) = change {
            if text.count > 500 { v.add(field, "tooLong", ["500"]) }
            if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { v.add(field, "controlCharacter") }
        }
        return change
    }
}
