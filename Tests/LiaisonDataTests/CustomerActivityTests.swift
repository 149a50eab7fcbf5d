import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// A customer's last activity follows its messages and interactions, to the minute.
@Suite struct CustomerActivityTests {
    private let start = Date(timeIntervalSince1970: 1_790_000_000)
    private let actor = AuditActor(userID: nil, label: "tester", address: "127.0.0.1")

    @Test func lastActivityMovesWhenAMinuteBehindAndNeverBack() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let start = self.start
            let actor = self.actor
            let customer = try await writer.write(on: db) { tx in
                try await CustomerCommands.create(try CustomerInput(name: "活跃客户").validated(), in: WriteContext(actor: actor, now: start), on: tx)
            }
            func touch(after seconds: TimeInterval) async throws -> Date? {
                try await writer.write(on: db) { tx in
                    try await CustomerCommands.touch(customer.id, activityAt: start.addingTimeInterval(seconds), on: tx)
                }
                return try await CustomerRow.find(customer.id, on: db)?.last_activity_at
            }
            #expect(try await touch(after: 30) == start, "half a minute later: not moved")
            #expect(try await touch(after: 61) == start.addingTimeInterval(61))
            #expect(try await touch(after: 100) == start.addingTimeInterval(61))
            #expect(try await touch(after: 10) == start.addingTimeInterval(61), "an older activity does not move it back")
            #expect(try await touch(after: 3_600) == start.addingTimeInterval(3_600))
        }
    }
}
