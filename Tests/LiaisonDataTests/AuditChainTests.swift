import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

@Suite struct AuditChainTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)

    private func append(_ count: Int, on db: any Database, writer: Writer) async throws {
        for index in 0..<count {
            let at = now.addingTimeInterval(Double(index))
            try await writer.write(on: db) { tx in
                var changes = AuditChanges()
                changes.field("name", from: "旧名称\(index)", to: "新名称\(index)")
                try await AuditLog.append(
                    .departmentUpdated, recordType: .department, recordID: "d\(index)", changes: changes,
                    by: AuditActor(userID: nil, label: "tester", address: "127.0.0.1"), at: at, on: tx)
            }
        }
    }

    @Test func anUntouchedTrailVerifies() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(12, on: db, writer: writer)
            #expect(try await AuditLog.verify(on: db, pageSize: 5) == .intact(count: 12))
        }
    }

    @Test func anEmptyTrailVerifies() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let result = try await AuditLog.verify(on: db)
            #expect(result == .intact(count: 0))
        }
    }

    @Test func anAlteredRowIsNamed() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(6, on: db, writer: writer)
            try await db.sql.raw("UPDATE audit_entries SET changes = '{}' WHERE id = 4").run()
            #expect(try await AuditLog.verify(on: db) == .broken(entryID: 4, reason: .hashMismatch, checked: 3))
        }
    }

    @Test func anAlteredHashIsNamed() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(6, on: db, writer: writer)
            try await db.sql.raw("UPDATE audit_entries SET hash = \(bind: Data([0xFF])) WHERE id = 2").run()
            let result = try await AuditLog.verify(on: db)
            #expect(result == .broken(entryID: 2, reason: .hashMismatch, checked: 1))
        }
    }

    @Test func anAlteredRowWithARecomputedHashBreaksTheNextLink() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(6, on: db, writer: writer)
            // Entry 3 rewritten by someone who knows the scheme: its new hash fits its new content and entry 2.
            let rows = try await AuditEntryModel.query(on: db).filter(\.$id <= 3).sort(\.$id).all()
            let (second, third) = (rows[1], rows[2])
            let content = AuditContent(
                sequence: 3, occurredAtMillis: third.atMillis, actorID: third.actorID, actorLabel: "someone else",
                action: third.action, recordType: third.recordType, recordID: third.recordID, address: third.address,
                changes: third.changes)
            let forged = AuditLog.digest(content.chainedText(previousHash: Hex.encode(second.hash)))
            try await db.sql.raw(
                "UPDATE audit_entries SET actor_label = 'someone else', hash = \(bind: forged) WHERE id = 3"
            ).run()
            // Entry 3 now checks out; entry 4 was chained to the hash entry 3 had.
            #expect(try await AuditLog.verify(on: db) == .broken(entryID: 4, reason: .hashMismatch, checked: 3))
        }
    }

    @Test func theCompactTrailKeepsEveryHashAndRevertsToHexText() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(5, on: db, writer: writer)
            let hashes = try await AuditEntryModel.query(on: db).sort(\.$id).all().map { Hex.encode($0.hash) }
            let anchor = try #require(try await AuditLog.head(at: now, on: db))
            #expect(anchor.hash == hashes.last)

            try await CompactAuditTrail().revert(on: db)
            struct HexRow: Decodable {
                var prev_hash: String
                var hash: String
            }
            let stored = try await db.sql.raw("SELECT prev_hash, hash FROM audit_entries ORDER BY id")
                .all(decoding: HexRow.self)
            #expect(stored.map(\.hash) == hashes)
            #expect(stored.map(\.prev_hash) == [AuditContent.genesisHash] + hashes.dropLast())

            try await CompactAuditTrail().prepare(on: db)
            #expect(try await AuditLog.verify(on: db, anchor: anchor) == .intact(count: 5))
            try await append(1, on: db, writer: writer)
            #expect(try await AuditLog.verify(on: db) == .intact(count: 6))
            let listed = try await AuditQueries.list(AuditFilter(), page: PageQuery(limit: 2), on: db)
            #expect(listed.items.map(\.previousHash) == [hashes[4], hashes[3]])
            let one = try await AuditQueries.list(AuditFilter(recordID: "d2"), page: PageQuery(), on: db)
            #expect(one.items.map(\.id) == [3])
            #expect(one.items.first?.previousHash == hashes[1])
            #expect(one.items.first?.hash == hashes[2])
        }
    }

    @Test func entriesCutOffAtTheEndAreNoticedThroughTheAnchor() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(6, on: db, writer: writer)
            let anchor = try #require(try await AuditLog.head(at: now, on: db))
            #expect(anchor.sequence == 6)
            try await append(2, on: db, writer: writer)
            #expect(try await AuditLog.verify(on: db, anchor: anchor) == .intact(count: 8))
            try await db.sql.raw("DELETE FROM audit_entries WHERE id >= 5").run()
            // The chain alone cannot tell; the anchor can.
            #expect(try await AuditLog.verify(on: db) == .intact(count: 4))
            #expect(try await AuditLog.verify(on: db, anchor: anchor) == .broken(entryID: 5, reason: .truncated, checked: 4))
            #expect(try await AuditLog.contains(anchor, on: db) == false)
        }
    }

    @Test func aTrailRewrittenWithFreshHashesIsNoticedThroughTheAnchor() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(6, on: db, writer: writer)
            let anchor = try #require(try await AuditLog.head(at: now, on: db))
            try await db.sql.raw("DELETE FROM audit_entries WHERE id >= 3").run()
            try await append(5, on: db, writer: writer)  // new, valid links over the old sequence numbers
            #expect(try await AuditLog.verify(on: db) == .intact(count: 7))
            #expect(try await AuditLog.verify(on: db, anchor: anchor) == .broken(entryID: 6, reason: .anchorMismatch, checked: 5))
        }
    }

    @Test func aDeletedRowIsNoticed() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await append(6, on: db, writer: writer)
            try await db.sql.raw("DELETE FROM audit_entries WHERE id = 3").run()
            #expect(try await AuditLog.verify(on: db) == .broken(entryID: 4, reason: .missingEntry, checked: 2))
        }
    }

    @Test func concurrentWritersKeepTheChainWhole() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in 0..<10 {
                            try await writer.write(on: db) { tx in
                                try await AuditLog.append(
                                    action: "test.write", recordType: "test", recordID: "\(worker)-\(index)",
                                    changes: AuditChanges(), by: .system(), at: now, on: tx)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(on: db) == .intact(count: 80))
        }
    }

    @Test func aFailedTransactionLeavesNoEntry() async throws {
        struct Boom: Error {}
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            await #expect(throws: Boom.self) {
                try await writer.write(on: db) { tx in
                    try await AuditLog.append(
                        action: "test.write", recordType: "test", recordID: nil, changes: AuditChanges(), by: .system(),
                        at: now, on: tx)
                    throw Boom()
                }
            }
            #expect(try await AuditQueries.count(on: db) == 0)
            try await append(1, on: db, writer: writer)
            #expect(try await AuditLog.verify(on: db) == .intact(count: 1))
        }
    }
}
