import Crypto
import FluentKit
import Foundation
import LiaisonCore
import NIOPosix
import SQLKit

/// Where attachment bytes live, addressed by their SHA-256: the same file uploaded twice is stored once.
public protocol BlobStore: Sendable {
    func put(_ data: Data, sha256: String, on db: any Database) async throws
    func get(sha256: String, on db: any Database) async throws -> Data?
}

public enum BlobHash {
    public static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }
}

/// Files under a folder (`<root>/ab/cd/abcd…`), written to a temporary name, synced and renamed, so a crash never
/// leaves a half-written blob under its final name.
public struct FileBlobStore: BlobStore {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    func url(for sha256: String) -> URL {
        let characters = Array(sha256)
        return root.appendingPathComponent(String(characters[0..<2])).appendingPathComponent(String(characters[2..<4]))
            .appendingPathComponent(sha256)
    }

    /// File work (and the sync, milliseconds under load) runs on the blocking-work threads, not an event loop.
    public func put(_ data: Data, sha256: String, on db: any Database) async throws {
        let target = url(for: sha256)
        try await NIOThreadPool.singleton.runIfActive { try Self.write(data, sha256: sha256, to: target) }
    }

    private static func write(_ data: Data, sha256: String, to target: URL) throws {
        if FileManager.default.fileExists(atPath: target.path) { return }
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(sha256).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        do {
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch {
            // The same bytes uploaded twice at once: the other upload stored them first, under the same name.
            try? FileManager.default.removeItem(at: temporary)
            guard FileManager.default.fileExists(atPath: target.path) else { throw error }
        }
    }

    public func get(sha256: String, on db: any Database) async throws -> Data? {
        let target = url(for: sha256)
        return try await NIOThreadPool.singleton.runIfActive {
            guard FileManager.default.fileExists(atPath: target.path) else { return nil }
            return try Data(contentsOf: target)
        }
    }
}

/// Blobs in the database itself, for several servers sharing one PostgreSQL and no shared disk.
public struct DatabaseBlobStore: BlobStore {
    public init() {}

    public func put(_ data: Data, sha256: String, on db: any Database) async throws {
        try await db.sql.insert(into: "blobs").columns("sha256", "size", "data")
            .values(SQLBind(sha256), SQLBind(Int64(data.count)), SQLBind(data))
            .ignoringConflicts(with: ["sha256"]).run()
    }

    public func get(sha256: String, on db: any Database) async throws -> Data? {
        struct Row: Decodable { var data: Data }
        return try await db.sql.raw("SELECT data FROM blobs WHERE sha256 = \(bind: sha256)")
            .first(decoding: Row.self)?.data
    }
}
