/// How a connection to a mail server is protected.
public enum ConnectionSecurity: String, Sendable, Codable, CaseIterable {
    /// No TLS (a relay on the same machine or network only).
    case none
    /// Plain connection upgraded with STARTTLS (SMTP 587 or 25, IMAP 143); refused when the server does not offer it.
    case startTLS = "starttls"
    /// TLS from the first byte (SMTP 465, IMAP 993).
    case tls
}

/// How to reach a mail server for sending (RFC 5321): where, how the connection is protected, who signs in.
public struct SMTPSettings: Sendable, Hashable {
    public typealias Security = ConnectionSecurity

    public enum Authentication: String, Sendable, Codable, CaseIterable {
        /// PLAIN if the server offers it, else LOGIN.
        case automatic
        case plain
        case login
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var authentication: Authentication
    /// Checking the server's certificate can be turned off for a server with a self-signed one.
    public var verifyCertificate: Bool
    /// PEM certificates trusted besides the system's (a company's own certificate authority).
    public var trustedCertificatesPEM: String?
    /// The name we give in EHLO.
    public var helloName: String
    public var connectTimeout: Double
    /// How long one reply may take; DATA's final reply gets three times as long.
    public var commandTimeout: Double

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
        authentication: Authentication = .automatic, verifyCertificate: Bool = true,
        trustedCertificatesPEM: String? = nil, helloName: String = "localhost", connectTimeout: Double = 10,
        commandTimeout: Double = 30
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.authentication = authentication
        self.verifyCertificate = verifyCertificate
        self.trustedCertificatesPEM = trustedCertificatesPEM
        self.helloName = helloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }
}

/// What went wrong talking to a mail server, in words a person can act on, and whether trying again later may help.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        case connect, tls, greeting, hello, startTLS = "starttls", authentication, sender, recipient, data, quit
    }

    public var stage: Stage
    /// The server's reply code, when it answered.
    public var code: Int?
    /// The server's words, or what happened on our side.
    public var message: String
    /// 5xx replies and refused sign-ins are permanent; network trouble and 4xx replies are worth retrying.
    public var isPermanent: Bool

    public var description: String {
        code.map { "\(stage.rawValue): \($0) \(message)" } ?? "\(stage.rawValue): \(message)"
    }
}
