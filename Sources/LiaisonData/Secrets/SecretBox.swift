import Crypto
import Foundation

/// Secrets the server must be able to read back (mail server passwords, chat robot and webhook signing secrets),
/// stored encrypted: AES-GCM under a key kept in a file of the data folder, apart from the database, so that a copy
/// of the database alone reveals none of them. A sealed secret is "v1:" and the base64 of nonce, ciphertext and tag;
/// opening it with another key, or after any change, fails.
public struct SecretBox: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The key file exists but is not a key (wrong size): nothing is overwritten, since secrets sealed with the
        /// lost key could never be read again.
        case unreadableKey(path: String)
        /// The sealed text is not one this box made, was changed, or was sealed under another key.
        case cannotOpen

        public var description: String {
            switch self {
            case .unreadableKey(let path):
                "The secret key file \(path) is not a 32-byte key. Restore it from the backup of this data folder; "
                    + "secrets sealed with another key cannot be read."
            case .cannotOpen:
                "A stored secret cannot be opened with this data folder's key (it was sealed under another key or changed)."
            }
        }
    }

    private let key: SymmetricKey

    /// A key for one purpose only (signing the public form's stamps), derived from this box's key, so that the key
    /// that seals secrets never signs anything itself.
    public func derivedKey(for purpose: String) -> SymmetricKey {
        SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(purpose.utf8), using: key)))
    }

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// The file name of the key in the data folder.
    public static let keyFileName = "secret.key"

    /// The box of the key in `folder/secret.key`, made (32 random bytes, readable by the owner only) when there is
    /// none yet.
    public static func loadOrCreate(in folder: URL) throws -> SecretBox {
        let file = folder.appendingPathComponent(keyFileName)
        let manager = FileManager.default
        if manager.fileExists(atPath: file.path) {
            let data = try Data(contentsOf: file)
            guard data.count == 32 else { throw Failure.unreadableKey(path: file.path) }
            return SecretBox(key: SymmetricKey(data: data))
        }
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        // Written under a temporary name with the final permissions, then moved in place: never a partial key.
        let temporary = folder.appendingPathComponent(keyFileName + ".\(UUID().uuidString).tmp")
        guard manager.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            try manager.moveItem(at: temporary, to: file)
        } catch {
            try? manager.removeItem(at: temporary)
            // Another process made it first: use theirs.
            if manager.fileExists(atPath: file.path) { return try loadOrCreate(in: folder) }
            throw error
        }
        return SecretBox(key: key)
    }

    public func seal(_ secret: String) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key)
        guard let combined = box.combined else { throw Failure.cannotOpen }
        return "v1:" + combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws(Failure) -> String {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key),
            let text = String(data: plain, encoding: .utf8)
        else { throw .cannotOpen }
        return text
    }
}
