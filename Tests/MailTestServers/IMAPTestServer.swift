import Foundation

/// A real IMAP server (Dovecot) for the tests, on 127.0.0.1 with a throwaway configuration, user, certificate and
/// Maildir; mail is put in by writing files into the Maildir, as a delivery agent does.
public final class IMAPTestServer: @unchecked Sendable {
    public let port: Int
    public let tlsPort: Int
    public let folder: URL
    public let certificate: SMTPTestServer.Certificate
    public let username = "support"
    public let password = "收件 pass"
    private let process: ChildProcess
    private let mailOwner: (uid: uid_t, gid: gid_t)

    public static let binary = "/usr/sbin/dovecot"
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) && SMTPTestServer.available }
    public static let missing = "needs Dovecot and openssl (apt-get install dovecot-imapd openssl)"


    public init() throws {
        folder = try SMTPTestServer.temporaryFolder()
        certificate = try SMTPTestServer.certificate(in: folder)
        port = try Self.freePort()
        tlsPort = try Self.freePort()
        // As root, Dovecot's processes and the mailbox's owner are Dovecot's own users (it serves no mail as root);
        // otherwise whoever runs the tests.
        let root = getuid() == 0
        let owner = root ? getpwnam("dovecot") : getpwuid(getuid())
        guard let owner else { throw TestFailure("no user for the mailbox (the dovecot user is missing)") }
        let uid = owner.pointee.pw_uid
        let gid = owner.pointee.pw_gid
        mailOwner = (uid, gid)
        let user = String(cString: owner.pointee.pw_name)
        let loginUser = root ? "dovenull" : user
        let home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(username), withIntermediateDirectories: true)
        try Self.chown(home, to: mailOwner)
        try Self.chown(home.appendingPathComponent(username), to: mailOwner)
        try "\(username):{PLAIN}\(password)\n".write(to: folder.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
        let config = """
            base_dir = \(folder.path)/run
            state_dir = \(folder.path)/state
            log_path = \(folder.path)/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <\(certificate.certFile)
            ssl_key = <\(certificate.keyFile)
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = \(user)
            default_internal_group = \(String(cString: getgrgid(gid).pointee.gr_name))
            default_login_user = \(loginUser)
            first_valid_uid = 0
            first_valid_gid = 0
            mail_location = maildir:\(home.path)/%u/Maildir
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(folder.path)/passwd
            }
            userdb {
              driver = static
              args = uid=\(uid) gid=\(gid) home=\(home.path)/%u
            }
            service imap-login {
              inet_listener imap {
                port = \(port)
              }
              inet_listener imaps {
                port = \(tlsPort)
                ssl = yes
              }
              chroot =
            }
            service anvil {
              chroot =
            }
            service stats {
              unix_listener stats-writer {
                mode = 0666
              }
            }
            protocol imap {
              mail_max_userip_connections = 100
            }
            """
        let configFile = folder.appendingPathComponent("dovecot.conf")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        // Started with no signal blocked (the test runner blocks some, and Dovecot would not hear the one that stops
        // it): `ChildProcess` clears the mask.
        process = try ChildProcess(Self.binary, ["-F", "-c", configFile.path])
        // Listening once a connection is answered.
        for _ in 0..<100 {
            if Self.answers(port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = (try? String(contentsOf: folder.appendingPathComponent("dovecot.log"), encoding: .utf8)) ?? ""
        process.stop()
        throw TestFailure("Dovecot did not start: \(log.suffix(2000))")
    }

    /// Puts a message in the user's folder (INBOX, or a subfolder by its Maildir name), unread.
    public func deliver(_ message: [UInt8], folder name: String? = nil) throws {
        var maildir = folder.appendingPathComponent("home/\(username)/Maildir")
        if let name { maildir = maildir.appendingPathComponent("." + name) }
        for sub in ["", "tmp", "new", "cur"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
            try Self.chown(maildir.appendingPathComponent(sub), to: mailOwner)
        }
        let unique = "\(Date().timeIntervalSince1970).\(UUID().uuidString).test"
        let temporary = maildir.appendingPathComponent("tmp/" + unique)
        try Data(message).write(to: temporary)
        try Self.chown(temporary, to: mailOwner)
        try FileManager.default.moveItem(at: temporary, to: maildir.appendingPathComponent("new/" + unique))
    }

    private static func chown(_ url: URL, to owner: (uid: uid_t, gid: gid_t)) throws {
        try FileManager.default.setAttributes(
            [.ownerAccountID: NSNumber(value: owner.uid), .groupOwnerAccountID: NSNumber(value: owner.gid)],
            ofItemAtPath: url.path)
    }

    public func stop() {
        process.stop()
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func answers(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
