import Foundation
import LiaisonCore

/// `pg_dump` run for `liaison backup` on PostgreSQL: custom format (what `pg_restore` reads, compressed, tables
/// restorable one by one), one consistent snapshot of the database while the servers keep running.
struct PostgresDump {
    let executable: URL

    /// pg_dump as given, or the first on `PATH`, or the newest under Debian's `/usr/lib/postgresql/<version>/bin`.
    static func locate(given: String?, path: String?) throws -> PostgresDump {
        if let given, !given.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw CommandFailure("--pg-dump \(given): no such program; nothing was written")
            }
            return PostgresDump(executable: URL(fileURLWithPath: given))
        }
        let folders = (path ?? "").split(separator: ":").map(String.init) + debianFolders()
        for folder in folders where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("pg_dump")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return PostgresDump(executable: candidate)
            }
        }
        throw CommandFailure(
            """
            pg_dump was not found (looked on PATH and in /usr/lib/postgresql/*/bin); nothing was written.
            Install PostgreSQL's client programs of the server's major version or newer (Debian, Ubuntu: \
            apt-get install postgresql-client), or name the program with --pg-dump /path/to/pg_dump.
            """)
    }

    private static func debianFolders() -> [String] {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap { Int($0) }.sorted(by: >).map { "\(root)/\($0)/bin" }
    }

    /// The variables libpq reads for the connection `url` (LIAISON_DATABASE_URL): the password goes to pg_dump
    /// this way, not on its command line, where `ps` would show it to everyone on the machine.
    static func environment(for url: String) throws -> [String: String] {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw CommandFailure("LIAISON_DATABASE_URL is not a postgres:// address pg_dump can use")
        }
        var environment = [
            "PGHOST": host, "PGPORT": String(parts.port ?? 5432), "PGAPPNAME": "liaison backup",
            "PGCONNECT_TIMEOUT": "30",
        ]
        if let user = parts.user, !user.isEmpty { environment["PGUSER"] = user }
        if let password = parts.password { environment["PGPASSWORD"] = password }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        if !database.isEmpty { environment["PGDATABASE"] = database.removingPercentEncoding ?? database }
        // Liaison's tlsmode (and its aliases) in libpq's words.
        let mode = parts.queryItems?.last { ["tlsmode", "sslmode", "ssl", "tls"].contains($0.name.lowercased()) }?.value
        switch mode?.lowercased() {
        case "disable", "false": environment["PGSSLMODE"] = "disable"
        case "require": environment["PGSSLMODE"] = "require"
        case "verify-ca": environment["PGSSLMODE"] = "verify-ca"
        case "verify-full": environment["PGSSLMODE"] = "verify-full"
        default: environment["PGSSLMODE"] = "prefer"
        }
        return environment
    }

    /// The arguments for a dump of `schemas` (all of the database when nil) into `file`.
    static func arguments(file: URL, schemas: [String]?) -> [String] {
        var arguments = ["--format=custom", "--no-password", "--file=\(file.path)"]
        for schema in schemas ?? [] {
            // A quoted pattern names exactly this schema (no case folding, no wildcards).
            arguments.append("--schema=\"" + schema.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        return arguments
    }

    /// Runs pg_dump; a failure carries what pg_dump said.
    func dump(url: String, schemas: [String]?, to file: URL) async throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = Self.arguments(file: file, schemas: schemas)
        process.environment = ProcessInfo.processInfo.environment.merging(try Self.environment(for: url)) { $1 }
        let messages = FileManager.default.temporaryDirectory.appendingPathComponent(
            "liaison-pg_dump-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: messages.path, contents: nil) else {
            throw CommandFailure("Cannot write \(messages.path) for pg_dump's messages")
        }
        defer { try? FileManager.default.removeItem(at: messages) }
        let errors = try FileHandle(forWritingTo: messages)
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(
                    throwing: CommandFailure("Cannot run \(executable.path): \(error.localizedDescription)"))
            }
        }
        try? errors.close()
        guard status == 0 else {
            let said = ((try? String(contentsOf: messages, encoding: .utf8)) ?? "").trimmed()
            throw CommandFailure(
                "pg_dump failed (exit status \(status)): \(said.isEmpty ? "no message" : String(said.prefix(2000)))")
        }
        let header = (try? FileHandle(forReadingFrom: file).read(upToCount: 5)) ?? nil
        guard header == Data("PGDMP".utf8) else { throw CommandFailure("pg_dump wrote no archive to \(file.path)") }
    }
}
