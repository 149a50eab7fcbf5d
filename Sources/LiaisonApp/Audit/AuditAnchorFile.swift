import Fluent
import Foundation
import LiaisonData
import Vapor

/// The audit anchor kept in the data folder (`audit-anchor.json`, outside the database). A job moves it to the
/// trail's last entry every few minutes, and `liaison audit verify` after a clean check; it only ever moves forward
/// along the same trail. Copying the file elsewhere (with the backups) makes it stronger still.
struct AuditAnchorFile: Sendable {
    let url: URL

    init(dataDirectory: String) {
        url = URL(fileURLWithPath: dataDirectory).appendingPathComponent("audit-anchor.json")
    }

    /// The anchor, or nil when none was recorded yet.
    func read() throws -> AuditAnchor? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try Self.decoder.decode(AuditAnchor.self, from: Data(contentsOf: url))
        } catch {
            throw Unreadable(description: "\(url.path) cannot be read as an audit anchor: \(error)")
        }
    }

    func write(_ anchor: AuditAnchor) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.encoder.encode(anchor).write(to: url, options: .atomic)
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    enum Advance: Equatable {
        case recorded(AuditAnchor)
        case unchanged
        /// The trail no longer holds the anchored entry as it was: the anchor stays, as evidence.
        case refused(AuditAnchor)
    }

    /// Moves the anchor to the trail's last entry, if the trail still holds the anchored entry unchanged.
    func advance(at now: Date, on db: any Database) async throws -> Advance {
        guard let head = try await AuditLog.head(at: now, on: db) else { return .unchanged }
        if let anchor = try read() {
            guard try await AuditLog.contains(anchor, on: db) else { return .refused(anchor) }
            guard head.sequence > anchor.sequence else { return .unchanged }
        }
        try write(head)
        return .recorded(head)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

extension Application {
    var auditAnchor: AuditAnchorFile { AuditAnchorFile(dataDirectory: context.config.dataDirectory) }
}

extension AuditVerification.Reason {
    /// What a broken link means, for people reading `liaison audit verify`.
    func explanation(anchor: AuditAnchor?) -> String {
        switch self {
        case .hashMismatch: "its content does not match its hash (the entry was altered)"
        case .previousHashMismatch: "it does not link to the entry before it (an earlier entry was altered or removed)"
        case .missingEntry: "entries before it are missing (deleted)"
        case .truncated:
            "the trail ends before it, but the audit anchor of \(anchor.map { ISO8601DateFormatter().string(from: $0.recordedAt) } ?? "?") recorded entries up to \(anchor?.sequence ?? 0) (entries at the end were removed)"
                + Self.replacedOnPurpose
        case .anchorMismatch:
            "it differs from the entry the audit anchor recorded (the trail was rewritten from here or earlier)"
                + Self.replacedOnPurpose
        }
    }

    private static let replacedOnPurpose =
        " — if the database was restored from a backup or replaced on purpose, move audit-anchor.json (in the data folder) aside"
}
