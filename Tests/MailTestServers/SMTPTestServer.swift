import Foundation

/// The real SMTP server of `Servers/smtp_server.py` (aiosmtpd) on 127.0.0.1, with a throwaway certificate.
public final class SMTPTestServer: @unchecked Sendable {
    public let port: Int
    public let folder: URL
    private let process: ChildProcess
    private let input: Pipe

    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Python that has aiosmtpd: LIAISON_PYTHON, else the project's .venv, else python3.
    public static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["LIAISON_PYTHON"], root.path + "/.venv/bin/python", "/usr/bin/python3"]
        return candidates.compactMap { $0 }.first { path in
            FileManager.default.isExecutableFile(atPath: path) && run(path, ["-c", "import aiosmtpd"]) == 0
        }
    }()

    public static var available: Bool { python != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    public static let missing = "needs Python with aiosmtpd and openssl (.venv/bin/pip install -r requirements-test.txt; apt-get install openssl)"


    public struct Certificate {
        public var pem: String
        public var certFile: String
        public var keyFile: String
    }

    /// A self-signed certificate for localhost and 127.0.0.1.
    public static func certificate(in folder: URL) throws -> Certificate {
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let status = run(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj",
                "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard status == 0 else { throw TestFailure("openssl failed (\(status))") }
        return Certificate(pem: try String(contentsOfFile: cert, encoding: .utf8), certFile: cert, keyFile: key)
    }

    public init(_ arguments: [String] = [], folder: URL) throws {
        self.folder = folder
        let out = folder.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        input = Pipe()
        let output = Pipe()
        process = try ChildProcess(
            Self.python!, [Self.root.path + "/Tests/MailTestServers/Servers/smtp_server.py", "--out", out.path] + arguments,
            input: input.fileHandleForReading.fileDescriptor, output: output.fileHandleForWriting.fileDescriptor)
        // The child's ends are the child's alone: the server sees the end of its input when `stop` closes ours.
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
        // "READY <port>"
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw TestFailure("the SMTP server did not start") }
            line += chunk
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, words[0] == "READY", let port = Int(words[1].trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw TestFailure("unexpected start line: \(String(decoding: line, as: UTF8.self))") }
        self.port = port
    }

    /// The messages the server took: bytes and envelope, in order.
    public func received() throws -> [(message: [UInt8], from: String, to: [String])] {
        let out = folder.appendingPathComponent("mail")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let base = out.appendingPathComponent(String(name.dropLast(4)))
            let message = try Data(contentsOf: base.appendingPathExtension("eml"))
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("json"))) as! [String: Any]
            return (Array(message), envelope["from"] as! String, envelope["to"] as! [String])
        }
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    @discardableResult
    public static func run(_ path: String, _ arguments: [String]) -> Int32 {
        ChildProcess.run(path, arguments)
    }

    public static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
