import NIOSSL

/// The TLS side of mail connections (SMTP and IMAP alike).
enum MailTLS {
    /// A client context: the system's trust roots plus `pem`'s certificates, or no check at all when asked (a server
    /// with a self-signed certificate).
    static func context(verify: Bool, trusting pem: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !verify {
            configuration.certificateVerification = .none
        } else if let pem, !pem.isEmpty {
            configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))]
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// A host name for the server name indication (none for an IP address).
    static func serverName(_ host: String) -> String? {
        let isAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
        return isAddress ? nil : host
    }
}
