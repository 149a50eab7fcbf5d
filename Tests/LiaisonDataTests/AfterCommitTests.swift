import FluentKit
import Foundation
import LiaisonCore
import Synchronization
import Testing

@testable import LiaisonData

/// The audit anchor is told of every commit that made writes durable, and of nothing else.
@Suite struct AfterCommitTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)

    struct Refused: Error {}

    /// How often the hook was told.
    final class Told: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    /// The test's writer, on the same connection as `writer`, counting what it tells.
    private func counting(_ writer: Writer) -> (Writer, Told) {
        let told = Told()
        let hook: @Sendable () -> Void = { told.add() }
        return (Writer(committer: GroupCommitter(thread: writer.committer.thread, afterCommit: hook), afterCommit: hook), told)
    }

    private func append(_ n: Int, on tx: any Database, at now: Date) async throws {
        try await AuditLog.append(
            .departmentCreated, recordType: .department, recordID: "d\(n)", by: .system("test"), at: now, on: tx)
    }

    @Test func aCommittedWriteIsToldOnceAndAFailedOneNotAtAll() async throws {
        try await withDatabase { (db: any Database, base: Writer) async throws in
            let (writer, told) = counting(base)
            let now = self.now
            try await writer.write(on: db) { tx in try await append(1, on: tx, at: now) }
            #expect(told.value == 1)
            await #expect(throws: Refused.self) {
                try await writer.write(on: db) { tx in
                    try await append(2, on: tx, at: now)
                    throw Refused()
                }
            }
            #expect(told.value == 1)
        }
    }

    @Test func eachCommittedGroupIsToldBeforeItsWritersHearOfIt() async throws {
        try await withDatabase { (db: any Database, base: Writer) async throws in
            let (writer, told) = counting(base)
            let now = self.now
            let count = Engine(db) == .sqlite ? 60 : 8
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<count {
                    group.addTask {
                        try await writer.write(on: db) { tx in try await append(n, on: tx, at: now) }
                        // Told no later than the writer returns.
                        #expect(told.value >= 1)
                    }
                }
                try await group.waitForAll()
            }
            if Engine(db) == .sqlite {
                #expect(told.value == writer.committer.counts.transactions)
            } else {
                #expect(told.value == count)
            }
        }
    }
}
