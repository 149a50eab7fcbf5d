import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// The guarantees the SQLite engine rests on: the write connection runs only with a full sync at every commit
/// (its log buffering depends on it), connections opened without SQLite's mutex are used by one thread at a time
/// (debug builds check every use), and SQLite's result codes keep their meaning.
@Suite struct SQLiteEngineSafetyTests {
    private func withTemporaryFile(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("liaison-safety-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        try await body(path)
    }

    @Test func theWriteConnectionRefusesToOpenWithoutAFullSync() async throws {
        try await withTemporaryFile { path in
            let checkpointer = SQLiteCheckpointer(path: path)
            defer { checkpointer.stop() }
            for level in [SQLiteHandle.Synchronous.off, .normal, .extra] {
                #expect {
                    _ = try SQLiteHandle(path: path, checkpointer: checkpointer, synchronous: level)
                } throws: { error in
                    (error as? SQLiteFailure)?.message.contains("synchronous=\(level.rawValue)") == true
                }
            }
            let full = try SQLiteHandle(path: path, checkpointer: checkpointer)
            #expect(try full.synchronousLevel() == SQLiteHandle.Synchronous.full.rawValue)
            full.close()
            // A connection that does not buffer the log may run with another setting.
            let reader = try SQLiteHandle(path: path, synchronous: .normal)
            #expect(try reader.synchronousLevel() == SQLiteHandle.Synchronous.normal.rawValue)
            reader.close()

            // The server opens the write connection at start (`SQLiteWriterThread.open`): it refuses to start.
            let writer = SQLiteWriterThread(path: path, synchronous: .normal)
            await #expect(throws: SQLiteFailure.self) { try await writer.open() }
            await writer.shutdown()
            let safe = SQLiteWriterThread(path: path)
            try await safe.open()
            await safe.shutdown()
        }
    }

    /// Runs `body` on a thread of its own and answers its result.
    private func onAnotherThread(_ body: @escaping @Sendable () -> Bool) -> Bool {
        final class Outcome: @unchecked Sendable { var value = false }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread {
            outcome.value = body()
            done.signal()
        }.start()
        done.wait()
        return outcome.value
    }

    @Test func aSecondThreadEnteringWhileTheFirstIsInsideIsDetected() {
        let ownership = ThreadOwnership()
        #expect(ownership.enter())
        #expect(ownership.enter(), "the same thread may enter again (a row handler running another statement)")
        #expect(!onAnotherThread { ownership.enter() })
        ownership.leave()
        #expect(!onAnotherThread { ownership.enter() }, "still inside once")
        ownership.leave()
        #expect(!ownership.isInUse)
        // One thread after another is fine: a task may resume on another thread between two statements.
        #expect(
            onAnotherThread {
                defer { ownership.leave() }
                return ownership.enter()
            })
        #expect(ownership.enter())
        ownership.leave()
    }

    #if DEBUG
        /// Every statement marks its connection as used by the running thread, so that a second thread using it
        /// at the same moment stops the program (debug builds) instead of corrupting the connection.
        @Test func aStatementHoldsItsConnectionForItsThread() async throws {
            try await withTemporaryFile { path in
                let handle = try SQLiteHandle(path: path)
                defer { handle.close() }
                try handle.run("CREATE TABLE t (v INTEGER)", [])
                try handle.run("INSERT INTO t (v) VALUES (1), (2)", [])
                let ownership = handle.ownership
                #expect(!ownership.isInUse)
                var refused: [Bool] = []
                try handle.run("SELECT v FROM t", []) { _ in
                    refused.append(!onAnotherThread { ownership.enter() })
                }
                #expect(refused == [true, true])
                #expect(!ownership.isInUse)

                let pinned = SQLiteDirectDatabase.PinnedHandle(handle)
                let pinnedOwnership = pinned.ownership
                var pinnedRefused = false
                try pinned.run("SELECT v FROM t LIMIT 1", []) { _ in
                    pinnedRefused = !onAnotherThread { pinnedOwnership.enter() }
                }
                #expect(pinnedRefused)
            }
        }
    #endif

    @Test func resultCodesKeepTheirMeaning() async throws {
        try await withTemporaryFile { path in
            let first = try SQLiteHandle(path: path)
            let second = try SQLiteHandle(path: path)
            defer {
                first.close()
                second.close()
            }
            try first.run("CREATE TABLE t (k TEXT PRIMARY KEY)", [])
            try first.run("INSERT INTO t (k) VALUES ('甲')", [])
            #expect {
                try first.run("INSERT INTO t (k) VALUES ('甲')", [])
            } throws: { error in
                let failure = error as? SQLiteFailure
                return failure?.isConstraintFailure == true && failure?.result.primary == .constraint
                    && failure?.result != .constraint  // the extended code (SQLITE_CONSTRAINT_PRIMARYKEY)
            }
            try first.run("BEGIN IMMEDIATE", [])
            #expect {
                try second.run("BEGIN IMMEDIATE", [], busyTimeout: .milliseconds(1))
            } throws: { error in
                let failure = error as? SQLiteFailure
                return failure?.isBusy == true && failure?.result.primary == .busy
            }
            try first.run("COMMIT", [])
            try second.run("BEGIN IMMEDIATE", [], busyTimeout: .milliseconds(1))
            try second.run("ROLLBACK", [])
            #expect(SQLiteFailure(.busySnapshot, "").isBusy == false, "a stale snapshot is not helped by waiting")
            #expect(SQLiteFailure(.misuse, "").isConnectionClosed)
        }
    }
}
