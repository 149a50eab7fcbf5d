import Foundation
import Testing

@testable import LiaisonData

@Suite struct SecretBoxTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aSecretOpensWithItsKeyOnlyAndShowsNothingOfItself() throws {
        let data = try folder()
        let box = try SecretBox.loadOrCreate(in: data)
        let sealed = try box.seal("邮箱密码 Pa55!")
        #expect(sealed.hasPrefix("v1:"))
        #expect(!sealed.contains("Pa55"))
        #expect(try box.seal("邮箱密码 Pa55!") != sealed, "a fresh nonce each time")
        #expect(try box.open(sealed) == "邮箱密码 Pa55!")
        // The same folder gives the same key; another folder another.
        #expect(try SecretBox.loadOrCreate(in: data).open(sealed) == "邮箱密码 Pa55!")
        let other = try SecretBox.loadOrCreate(in: try folder())
        #expect(throws: SecretBox.Failure.cannotOpen) { try other.open(sealed) }
        // A changed byte, another version or no base64 is refused.
        var bytes = Array(Data(base64Encoded: String(sealed.dropFirst(3)))!)
        bytes[bytes.count / 2] ^= 1
        #expect(throws: SecretBox.Failure.cannotOpen) { try box.open("v1:" + Data(bytes).base64EncodedString()) }
        #expect(throws: SecretBox.Failure.cannotOpen) { try box.open("v2:" + sealed.dropFirst(3)) }
        #expect(throws: SecretBox.Failure.cannotOpen) { try box.open("v1:not base64!") }
    }

    @Test func theKeyFileIsTheOwnersOnlyAndABrokenOneIsNeverReplaced() throws {
        let data = try folder()
        _ = try SecretBox.loadOrCreate(in: data)
        let file = data.appendingPathComponent(SecretBox.keyFileName)
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try Data(contentsOf: file).count == 32)
        try Data("short".utf8).write(to: file)
        #expect(throws: SecretBox.Failure.unreadableKey(path: file.path)) { try SecretBox.loadOrCreate(in: data) }
        #expect(try Data(contentsOf: file) == Data("short".utf8))
    }
}
