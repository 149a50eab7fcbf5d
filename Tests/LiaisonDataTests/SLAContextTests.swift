import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// The cached policy and calendar follow every change to them.
@Suite struct SLAContextTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)

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
