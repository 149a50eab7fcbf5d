import Fluent
import Foundation
import LiaisonData
import Vapor

/// The audit anchor kept in the data folder (`audit-anchor.json`, outside the database). `AuditAnchorKeeper` moves
/// it to the trail's last entry after every commit; it only ever moves forward along the same trail. Copies kept
/// elsewhere (the log line, the webhook, the backups) make it stronger still.
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

    /// Writes a complete new file beside the old one and renames it over the old one, so that a reader (or a
    /// crash) sees the old anchor or the new one, never a mix. Not synced: see `AuditAnchorKeeper`.
    func write(_ anchor: AuditAnchor) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".audit-anchor-\(getpid())-\(UInt32.random(in: 0 ... .max)).json")
        try Self.encoder.encode(anchor).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw Unreadable(description: "\(url.path) cannot be replaced: \(String(cString: strerror(code)))")
        }
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
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
    /// What a broken link means, for people reading `liaison audit verify`; `entryID` is the entry it was found at.
    func explanation(anchor: AuditAnchor?, entryID: Int64? = nil, anchorName: String? = nil) -> String {
        let named = anchorName ?? "the audit anchor of \(anchor.map { ISO8601DateFormatter().string(from: $0.recordedAt) } ?? "?")"
        return switch self {
        case .hashMismatch:
            "its content and the entry before it do not match its hash (this entry was altered, or the one before it"
                + " was altered and given a new hash)"
        case .missingEntry: "entries before it are missing (deleted)"
        case .truncated:
            Self.missing(from: entryID, to: anchor?.sequence)
                + "the trail ends before it, but \(named) recorded entries up to \(anchor?.sequence ?? 0) (entries at the end were removed)"
                + (anchorName == nil ? Self.replacedOnPurpose : "")
        case .anchorMismatch:
            "it differs from the entry \(named) recorded (the trail was rewritten from here or earlier)"
                + (anchorName == nil ? Self.replacedOnPurpose : "")
        }
    }

    /// "entries 1519 to 1532 (14) are missing: ", or "entry 1532 is missing: ".
    private static func missing(from first: Int64?, to last: Int64?) -> String {
        guard let first, let last, last >= first else { return "" }
        if first == last { return "entry \(first) is missing: " }
        return "entries \(first) to \(last) (\(last - first + 1)) are missing: "
    }

    private static let replacedOnPurpose =
        " — if the database was restored from a backup or replaced on purpose, move audit-anchor.json (in the data folder) aside"
}
