import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Concurrent writes share transactions on SQLite, yet each succeeds or fails on its own.
@Suite struct GroupCommitTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)
    private let actor = AuditActor(userID: nil, label: "tester", address: "127.0.0.1")

    struct Refused: Error, Equatable { var index: Int }

    @Test func concurrentWritesAllCommitAndTheAuditChainHolds() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let actor = self.actor
            // PostgreSQL runs writers side by side on a small test pool; fewer of them keep its queue short.
            let count = Engine(db) == .sqlite ? 200 : 8
            let names = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await writer.write(on: db) { tx in
                            let created = try await DepartmentCommands.create(
                                try DepartmentInput(name: "部门\(index)").validated(), by: actor, at: now, on: tx)
                            return created.name
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(names).count == count)
            #expect(try await DepartmentQueries.all(on: db).count == count)
            #expect(try await AuditLog.verify(on: db) == .intact(count: count))
            if Engine(db) == .sqlite {
                let counts = writer.committer.counts
                #expect(counts.writes == 200)
                #expect(counts.transactions < 200, "concurrent writes should share transactions")
            }
        }
    }

    @Test func aFailingWriteRollsBackAloneAndItsCallerGetsTheError() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let actor = self.actor
            let count = Engine(db) == .sqlite ? 60 : 6
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<count {
                    group.addTask {
                        do {
                            try await writer.write(on: db) { tx in
                                _ = try await DepartmentCommands.create(
                                    try DepartmentInput(name: "组\(index)").validated(), by: actor, at: now, on: tx)
                                // Every third write fails after it has written: its department and audit entry must go.
                                if index % 3 == 0 { throw Refused(index: index) }
                            }
                            return (index, true)
                        } catch let refused as Refused {
                            #expect(refused.index == index, "each caller hears its own error")
                            return (index, false)
                        } catch {
                            Issue.record("unexpected \(error)")
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter(\.value).count == count * 2 / 3)
            let names = Set(try await DepartmentQueries.all(on: db).map(\.name))
            #expect(names == Set((0..<count).filter { $0 % 3 != 0 }.map { "组\($0)" }))
            #expect(try await AuditLog.verify(on: db) == .intact(count: count * 2 / 3))
        }
    }

    @Test func aGroupWhoseMiddleWriteFailsRunsAgainWithSavepointsAndKeepsTheOthers() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let now = self.now
            let actor = self.actor
            // A write held open keeps the connection while three queue up behind it; they then run as one group,
            // first without savepoints; the second fails after writing, so the group runs again with them.
            let gate = AsyncStream<Void>.makeStream()
            async let held: Void = writer.write(on: db) { _ in
                for await _ in gate.stream { break }
            }
            try await until { writer.committer.counts.transactions == 1 }
            func create(_ name: String, failing: Bool) async throws {
                try await writer.write(on: db) { tx in
                    _ = try await DepartmentCommands.create(try DepartmentInput(name: name).validated(), by: actor, at: now, on: tx)
                    if failing { throw Refused(index: 2) }
                }
            }
            async let first: Void = create("第一", failing: false)
            try await until { writer.committer.waiting == 1 }
            async let second: Void = create("第二", failing: true)
            try await until { writer.committer.waiting == 2 }
            async let third: Void = create("第三", failing: false)
            try await until { writer.committer.waiting == 3 }
            gate.continuation.yield()
            gate.continuation.finish()
            try await held
            try await first
            let secondOutcome: Result<Void, any Error>
            do { secondOutcome = .success(try await second) } catch { secondOutcome = .failure(error) }
            #expect(throws: Refused(index: 2)) { try secondOutcome.get() }
            try await third
            #expect(writer.committer.counts.transactions == 2)
            #expect(writer.committer.reruns == 1)
            #expect(Set(try await DepartmentQueries.all(on: db).map(\.name)) == ["第一", "第三"])
            #expect(try await AuditLog.verify(on: db) == .intact(count: 2))
            // The next groups start with savepoints: a failing write there does not make its group run twice.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 { group.addTask { try? await create("组\(index)", failing: index == 0) } }
                try await group.waitForAll()
            }
            #expect(writer.committer.reruns == 1)
            #expect(try await DepartmentQueries.all(on: db).count == 7)
        }
    }

    @Test func aLoneWriteStillCommitsAndAFailedOneLeavesNothing() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let actor = self.actor
            let created = try await writer.write(on: db) { tx in
                try await DepartmentCommands.create(try DepartmentInput(name: "独立").validated(), by: actor, at: now, on: tx)
            }
            #expect(created.name == "独立")
            await #expect(throws: Refused(index: 1)) {
                try await writer.write(on: db) { tx in
                    _ = try await DepartmentCommands.create(try DepartmentInput(name: "回滚").validated(), by: actor, at: now, on: tx)
                    throw Refused(index: 1)
                }
            }
            #expect(try await DepartmentQueries.all(on: db).map(\.name) == ["独立"])
        }
    }
}
