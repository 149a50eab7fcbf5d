import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// `liaison demo` loads a living company once, service desk included, and its audit trail holds.
@Suite struct DemoTests {
    /// On a database with records of its own the demo still loads whole (requests included); where part of it is
    /// already there, it refuses and adds nothing.
    @Test func theDemoLoadsWholeBesideOtherRecordsOrRefusesWithNothingAdded() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("own.agent@test.local", name: "自有客服", roles: [.agent])
            let api = APIClient(app: app, token: try await app.token(for: agent))
            let own = try #require(try await api.call(.POST, "/api/v1/customers", json: ["name": "自有客户"]).object["id"] as? String)
            let made = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": own, "kind": "inquiry", "priority": "normal", "subject": "自有工单", "body": "内容"])
            #expect(made.status == .created)
            let output = try await app.run(DemoCommand(), ["--password", "Demo-Passw0rd!"])
            #expect(output.contains("6 customers, 6 requests"), "\(output)")
            let admin = CustomerViewer(userID: UUID(), roles: [.admin])
            let all = try await RequestQueries.list(RequestFilter(statuses: []), page: PageQuery(limit: 50), for: admin, on: app.db).items
            #expect(all.count == 7)
        }
        try await withTestApp { (app: TestApp) async throws in
            // One demo person already there (someone loaded part of it by hand, or a name clash).
            try await app.person("huang.li@\(DemoCommand.emailDomain)", name: "黄丽", roles: [.agent])
            let entries = try await AuditQueries.list(AuditFilter(), page: PageQuery(limit: 200), on: app.db).items.count
            // The command says why on standard error and ends with status 1.
            _ = try await app.run(DemoCommand(), ["--password", "Demo-Passw0rd!"])
            #expect(app.app.exitCode == 1)
            let admin = CustomerViewer(userID: UUID(), roles: [.admin])
            #expect(try await CustomerQueries.list(CustomerFilter(), page: PageQuery(limit: 10), for: admin, on: app.db).items.isEmpty)
            #expect(try await AuditQueries.list(AuditFilter(), page: PageQuery(limit: 200), on: app.db).items.count == entries)
        }
    }

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
