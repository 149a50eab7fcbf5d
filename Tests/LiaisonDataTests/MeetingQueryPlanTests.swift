import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// A person's meetings are one range of the attendance index (person, start), in order: no scan of the meetings.
@Suite struct MeetingQueryPlanTests {
    struct PlanRow: Decodable { var detail: String }

    private func plan(_ filter: MeetingFilter, viewer: CustomerViewer, on db: any Database) async throws -> String {
        let cursor = Cursor(key: "1790000000", id: UUID().uuidString)
        let query = MeetingQueries.listQuery(filter, for: viewer, limit: 50, after: cursor)
        return try await db.sql.raw("EXPLAIN QUERY PLAN " + query).all(decoding: PlanRow.self)
            .map(\.detail).joined(separator: "\n")
    }

    @Test func myMeetingsComeFromTheAttendanceIndex() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let person = CustomerViewer(userID: UUID(), roles: [.sales])
            let from = Date(timeIntervalSince1970: 1_790_000_000)
            let mine = try await plan(MeetingFilter(mine: true, from: from), viewer: person, on: db)
            #expect(mine.contains("SEARCH a USING INDEX meeting_attendees_person (person_id=? AND starts_at>?)"), "\(mine)")
            #expect(!mine.contains("SCAN m"), "\(mine)")
            let project = try await plan(MeetingFilter(projectID: UUID()), viewer: person, on: db)
            #expect(project.contains("meetings_project"), "\(project)")
        }
    }
}
