import FluentKit
import Foundation
import Testing

@testable import LiaisonData

@Suite struct FileBlobStoreTests {
    @Test func theSameBytesStoredManyTimesAtOnceAreStoredOnceWithoutAnError() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-blobs-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: root) }
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let store = FileBlobStore(root: root)
            let data = Data("1000000000000000000000000000000".utf8)
            let sha = BlobHash.sha256(data)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 { group.addTask { try await store.put(data, sha256: sha, on: db) } }
                try await group.waitForAll()
            }
            #expect(try await store.get(sha256: sha, on: db) == data)
            let folder = root.appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(String(sha.dropFirst(2).prefix(2)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [sha])
        }
    }
}
