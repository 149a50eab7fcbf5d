import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// The write connection's log is synced on a thread of its own (`SQLiteLogSyncer`): a write is told of its success
/// only once its log is on the disk, the commits made during a sync share the next one, a failed sync fails its
/// writes and every later one, and a barrier waits for the commits before it.
@Suite struct SQLiteLogSyncTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)
    private let actor = AuditActor(userID: nil, label: "tester", address: "127.0.0.1")

    /// A sync that waits until the test lets it through, and counts the syncs it let through.
    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var isOpen = false
        private(set) var passed = 0

        func open() {
            condition.lock()
            isOpen = true
            condition.broadcast()
            condition.unlock()
        }

        func sync(_ descriptor: Int32) -> Int32 {
            condition.lock()
            while !isOpen { condition.wait() }
            passed += 1
            condition.unlock()
            return fdatasync(descriptor)
        }
    }

    /// A flag set from another task.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    private func createDepartment(_ name: String, _ writer: Writer, _ db: any Database) async throws {
        let actor = self.actor
        let now = self.now
        try await writer.write(on: db) { tx in
            _ = try await DepartmentCommands.create(
                try DepartmentInput(name: name).validated(), by: actor, at: now, on: tx)
        }
    }

    private func syncer(_ gate: Gate) -> SQLiteLogSyncer {
        SQLiteLogSyncer(logPath: "/nonexistent-\(UUID().uuidString)", syncFile: { gate.sync($0) })
    }

    @Test func aWriteIsToldOfItsSuccessOnlyOnceItsLogIsSynced() async throws {
        let gate = Gate()
        try await withDatabase(sqliteLogSync: .apart(syncer(gate))) { (db: any Database, writer: Writer) async throws in
            let told = Flag()
            let write = Task {
                try await createDepartment("销售部", writer, db)
                told.set()
            }
            // Committed, so other connections read it, but not on the disk: its caller waits.
            try await eventually { try await names(db).contains("销售部") }
            try await Task.sleep(for: .milliseconds(100))
            #expect(!told.isSet, "told before the log was synced")
            gate.open()
            try await write.value
            #expect(told.isSet)
            #expect(gate.passed >= 1)
            #expect(try await AuditLog.verify(on: db) == .intact(count: 1))
        }
    }

    @Test func commitsMadeDuringASyncShareTheNextOne() async throws {
        let gate = Gate()
        let syncer = syncer(gate)
        try await withDatabase(sqliteLogSync: .apart(syncer)) { (db: any Database, writer: Writer) async throws in
            let count = 40
            let writes = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<count {
                        group.addTask { try await createDepartment("部门\(index)", writer, db) }
                    }
                    try await group.waitForAll()
                }
            }
            // Every write commits while the first sync is held back.
            try await eventually { try await names(db).count == count }
            let groups = writer.committer.counts.transactions
            gate.open()
            try await writes.value
            let syncs = syncer.times.syncs
            #expect(groups >= 1)
            #expect(syncs <= 3, "\(syncs) syncs for \(groups) groups: the groups committed during a sync share one")
            #expect(try await AuditLog.verify(on: db) == .intact(count: count))
        }
    }

    @Test func aFailedSyncFailsItsWritesAndEveryWriteAfterIt() async throws {
        let syncer = SQLiteLogSyncer(logPath: "/nonexistent", syncFile: { _ in
            errno = EIO
            return -1
        })
        try await withDatabase(sqliteLogSync: .apart(syncer)) { (db: any Database, writer: Writer) async throws in
            for name in ["第一", "第二"] {
                await #expect {
                    try await createDepartment(name, writer, db)
                } throws: { error in
                    let failure = error as? SQLiteFailure
                    return failure?.code == SQLiteResultCode.ioErrorFsync.rawValue
                        && failure?.message.contains("restarted") == true
                }
            }
            #expect(syncer.failed != nil)
            // The second was refused before it ran: only the first reached the database.
            #expect(try await names(db) == ["第一"])
        }
    }

    @Test func aBarrierWaitsForTheCommitsMadeBeforeIt() async throws {
        let gate = Gate()
        let syncer = syncer(gate)
        try await withDatabase(sqliteLogSync: .apart(syncer)) { (db: any Database, writer: Writer) async throws in
            // Before any commit there is nothing of this writer's to wait for (the path names no log).
            try await syncer.barrier()
            #expect(gate.passed == 0)

            let write = Task { try await createDepartment("客服部", writer, db) }
            try await eventually { try await names(db).contains("客服部") }
            let passedBarrier = Flag()
            let barrier = Task {
                try await syncer.barrier()
                passedBarrier.set()
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(!passedBarrier.isSet)
            gate.open()
            try await write.value
            try await barrier.value
            #expect(passedBarrier.isSet)
            // Nothing committed since the last sync: a barrier needs no sync of its own.
            let syncs = syncer.times.syncs
            try await syncer.barrier()
            #expect(syncer.times.syncs == syncs)
        }
    }

    @Test func everyCommitIsKeptWhenTheLogStartsAgainFromItsBeginning() async throws {
        try await withDatabase(sqliteLogSync: .apart(SQLiteLogSyncer(logPath: "/nonexistent"))) { (db: any Database, writer: Writer) async throws in
            let path = try #require(writer.committer.thread?.path)
            for round in 0..<3 {
                for index in 0..<5 { try await createDepartment("组\(round)-\(index)", writer, db) }
                // Copies the log into the database and empties it: the next commit writes a new log header.
                let checkpoint = try SQLiteHandle(path: path)
                try checkpoint.run("PRAGMA wal_checkpoint(TRUNCATE)", [])
                checkpoint.close()
            }
            try await createDepartment("最后", writer, db)
            #expect(try await names(db).count == 16)
            #expect(try await AuditLog.verify(on: db) == .intact(count: 16))
        }
    }

    @Test func aLogSyncedWithinEachCommitNeedsNoSyncer() async throws {
        try await withDatabase(sqliteLogSync: .inline) { (db: any Database, writer: Writer) async throws in
            #expect(writer.committer.thread?.syncer == nil)
            try await createDepartment("研发部", writer, db)
            #expect(try await names(db) == ["研发部"])
        }
    }

    /// The departments' names, read on a connection of the pool (not the write connection).
    private func names(_ db: any Database) async throws -> [String] {
        try await DepartmentQueries.all(on: db).map(\.name).sorted()
    }

    /// Waits (up to ten seconds) until `condition` holds, and records an issue if it never does.
    private func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<2000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the condition never held")
    }
}
