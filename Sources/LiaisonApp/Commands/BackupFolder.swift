import Foundation

/// The folder `liaison backup` writes and `liaison restore` reads: the database (`liaison.sqlite`, or on
/// PostgreSQL `liaison.dump` in pg_dump's custom format) and, when attachments are kept in files, `blobs/` laid out
/// as in the data folder. Nothing else in the data folder is needed to restore: the audit anchor is taken anew, and
/// `liaison.pid` belongs to a running server.
struct BackupFolder {
    static let sqliteDatabase = "liaison.sqlite"
    static let postgresDump = "liaison.dump"
    static let blobs = "blobs"

    let url: URL
    /// Whether the folder was made for this backup (and is removed whole if the backup fails).
    let created: Bool

    var blobsURL: URL { url.appendingPathComponent(Self.blobs) }

    /// A new folder, or an empty one that exists (a mount point); its parents are made as needed.
    static func prepare(_ path: String) throws -> BackupFolder {
        guard !path.isEmpty else {
            throw CommandFailure("Give the folder to write the backup to: liaison backup <folder>")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            let contents =
                isDirectory.boolValue ? (try? FileManager.default.contentsOfDirectory(atPath: url.path)) : nil
            guard let contents, contents.isEmpty else {
                throw CommandFailure(
                    "\(url.path) exists and is not an empty folder; choose a new one (nothing was written)")
            }
            return BackupFolder(url: url, created: false)
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("Cannot make the folder \(url.path): \(error.localizedDescription)")
        }
        return BackupFolder(url: url, created: true)
    }

    /// Removes what a failed backup wrote.
    func discard() {
        if created {
            try? FileManager.default.removeItem(at: url)
        } else if let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
            for name in names { try? FileManager.default.removeItem(at: url.appendingPathComponent(name)) }
        }
    }

    /// The name a file is written under until it is complete (`liaison.sqlite.partial`).
    func partial(_ name: String) -> URL { url.appendingPathComponent(name + ".partial") }

    /// Syncs a file written under its partial name to disk and gives it its final name, so that a crash or power
    /// cut never leaves a backup that looks whole but is not.
    func seal(_ name: String) throws -> URL {
        let final = url.appendingPathComponent(name)
        try FileSync.sync(partial(name))
        try FileManager.default.moveItem(at: partial(name), to: final)
        try FileSync.sync(url)
        return final
    }
}

/// Attachment files (`<root>/ab/cd/<sha-256>`), copied from one folder to another and synced.
enum BlobFiles {
    /// Copies every stored file under `root` to the same place under `target` (skipping the temporary files of
    /// uploads in progress), and answers how many. Files are never changed or removed once stored, so copying after
    /// the database was copied takes every file the copy refers to.
    static func copy(from root: URL, to target: URL) throws -> Int {
        let files = try stored(under: root)
        guard !files.isEmpty else { return 0 }
        var copied = 0
        var folders: Set<String> = []
        for relative in files {
            let destination = target.appendingPathComponent(relative)
            let folder = destination.deletingLastPathComponent()
            if folders.insert(folder.path).inserted {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try FileManager.default.copyItem(at: root.appendingPathComponent(relative), to: destination)
            try FileSync.sync(destination)
            copied += 1
        }
        // The names are durable once their folders are synced, deepest first.
        for folder in folders.sorted().reversed() { try FileSync.sync(URL(fileURLWithPath: folder)) }
        for first in Set(files.map { $0.prefix(2) }) { try FileSync.sync(target.appendingPathComponent(String(first))) }
        try FileSync.sync(target)
        return copied
    }

    /// The stored files under `root`, as `ab/cd/<sha-256>` paths.
    static func stored(under root: URL) throws -> [String] {
        var found: [String] = []
        for first in try names(in: root) where first.count == 2 {
            for second in try names(in: root.appendingPathComponent(first)) where second.count == 2 {
                let folder = root.appendingPathComponent(first).appendingPathComponent(second)
                for name in try names(in: folder) where name.count == 64 && name.hasPrefix(first + second) {
                    found.append("\(first)/\(second)/\(name)")
                }
            }
        }
        return found
    }

    /// Whether the file of the blob `sha256` is stored under `root`.
    static func contains(_ sha256: String, under root: URL) -> Bool {
        let characters = Array(sha256)
        guard characters.count == 64 else { return false }
        return FileManager.default.fileExists(
            atPath: root.appendingPathComponent(String(characters[0..<2])).appendingPathComponent(
                String(characters[2..<4])
            )
            .appendingPathComponent(sha256).path)
    }

    private static func names(in folder: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            return []
        }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
    }
}

/// `fsync` for files and folders (a folder's sync makes the names in it durable).
enum FileSync {
    static func sync(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw CommandFailure("Cannot open \(url.path) to sync it (errno \(errno))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CommandFailure("Cannot sync \(url.path) to disk (errno \(errno))") }
    }
}
