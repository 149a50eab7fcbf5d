import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// The queues read open requests in due order straight from the partial indexes, without sorting.
@Suite struct RequestQueueOrderTests {
    struct PlanRow: Decodable { var detail: String }

    private func plan(_ filter: RequestFilter, viewer: CustomerViewer, on db: any Database) async throws -> String {
        let query = RequestQueries.listQuery(filter, page: PageQuery(limit: 25), for: viewer)
        return try await db.sql.raw("EXPLAIN QUERY PLAN " + query).all(decoding: PlanRow.self)
            .map(\.detail).joined(separator: "\n")
    }

    @Test func myOpenRequestsComeFromTheAssigneeIndexInOrder() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let agent = CustomerViewer(userID: UUID(), roles: [.agent])
            let mine = try await plan(RequestFilter(assigneeID: agent.userID), viewer: agent, on: db)
            #expect(mine.contains("requests_open_assignee"), "\(mine)")
            #expect(!mine.contains("TEMP B-TREE"), "no sort: \(mine)")
            let queue = try await plan(RequestFilter(queueID: UUID()), viewer: agent, on: db)
            #expect(queue.contains("requests_open_queue"), "\(queue)")
            #expect(!queue.contains("TEMP B-TREE"), "\(queue)")
            let all = try await plan(RequestFilter(), viewer: CustomerViewer(userID: UUID(), roles: [.admin]), on: db)
            #expect(all.contains("requests_open_due"), "\(all)")
            #expect(!all.contains("TEMP B-TREE"), "\(all)")
        }
    }
}
