import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// `liaison demo` loads a living company once, service desk included, and its audit trail holds.
@Suite struct DemoTests {
    @Test func theDemoLoadsOnceWithRequestsInEveryStateAndTheSweepFindsTheLateOnes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            // Monday 2026-11-30 15:00 in Shanghai: business hours, so the demo's clocks have run.
            app.clock.set(Date(timeIntervalSince1970: 1_796_022_000))
            let first = try await app.run(DemoCommand(), ["--password", "Demo-Passw0rd!"])
            #expect(first.contains("6 customers, 6 requests"))
            let second = try await app.run(DemoCommand(), ["--password", "Demo-Passw0rd!"])
            #expect(second.contains("already loaded"))

            let admin = CustomerViewer(userID: UUID(), roles: [.admin])
            let all = try await RequestQueries.list(RequestFilter(statuses: []), page: PageQuery(limit: 50), for: admin, on: app.db).items
            #expect(all.count == 6)
            #expect(Set(all.map(\.status)) == [.new, .waitingOnCustomer, .resolved, .closed])
            #expect(all.allSatisfy { $0.assigneeID != nil })
            #expect(all.contains { $0.satisfaction == 5 })
            #expect(all.contains { !$0.breaches.isEmpty }, "the three-day-old complaint has breached")
            #expect(try await CannedResponseStore.list(department: all.first?.queueID, on: app.db).count == 2)
            #expect(try await AuditLog.verify(on: app.db) == .intact(count: try await AuditQueries.count(on: app.db)))

            let sweep = try await app.run(SLASweepCommand(), [])
            #expect(sweep.hasPrefix("examined "))
        }
    }
}
