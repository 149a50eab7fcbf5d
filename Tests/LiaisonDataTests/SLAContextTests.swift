import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// The cached policy and calendar follow every change to them.
@Suite struct SLAContextTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// Read outside a write (preparing a request off the writer), a missing default policy is not created: that
    /// creation writes audit entries, which only a write's transaction may do (on PostgreSQL the audit chain's lock
    /// lasts a transaction; outside one, concurrent first requests wrote the same audit sequence number twice).
    @Test func outsideAWriteTheDefaultPolicyIsReadNeverCreated() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            await #expect(throws: DataError.notFound) {
                try await SLAContext.load(policyID: nil, by: .system(), at: now, on: db, creatingDefault: false)
            }
            await #expect(throws: DataError.notFound) {
                try await SLAContext.load(policyID: UUID(), by: .system(), at: now, on: db, creatingDefault: false)
            }
            #expect(try await SLAPolicyStore.all(on: db).isEmpty)
            #expect(try await AuditQueries.list(AuditFilter(), page: PageQuery(), on: db).items.isEmpty)
            // A write creates it, once; then it is read outside writes too.
            let created = try await writer.write(on: db) { tx in
                try await SLAContext.load(policyID: nil, by: .system(), at: now, on: tx)
            }
            let read = try await SLAContext.load(policyID: nil, by: .system(), at: now, on: db, creatingDefault: false)
            #expect(read.policyID == created.policyID)
        }
    }

    @Test func aChangedCalendarIsSeenOnTheNextLoad() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let first = try await writer.write(on: db) { tx in try await SLAContext.load(policyID: nil, by: .system(), at: now, on: tx) }
            let again = try await writer.write(on: db) { tx in try await SLAContext.load(policyID: first.policyID, by: .system(), at: now, on: tx) }
            #expect(again.calendar.week == first.calendar.week)
            // Saturdays become working days on the default calendar.
            let calendar = try #require(try await CalendarStore.all(on: db).first { $0.isDefault })
            var draft = CalendarDraft(
                name: calendar.name, timeZone: calendar.timeZone, week: calendar.week, makeupBlocks: calendar.makeupBlocks,
                preset: calendar.preset, isDefault: true, days: calendar.days)
            draft.week[6] = [WorkingBlock("09:00-12:00")!]
            let changed = draft
            _ = try await writer.write(on: db) { tx in
                try await CalendarStore.update(calendar.id, with: changed, expectedVersion: calendar.version, by: .system(), at: now, on: tx)
            }
            let after = try await writer.write(on: db) { tx in try await SLAContext.load(policyID: first.policyID, by: .system(), at: now, on: tx) }
            #expect(after.calendar.week[6]?.map(\.description) == ["09:00-12:00"])
            // An unknown policy falls back to the default one.
            let unknown = try await writer.write(on: db) { tx in try await SLAContext.load(policyID: UUID(), by: .system(), at: now, on: tx) }
            #expect(unknown.policyID == first.policyID)
        }
    }
}
