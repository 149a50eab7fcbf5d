import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Projects at the data level: numbers drawn concurrently stay distinct, the team joins the account team, a
/// confidential customer's projects stay out of an outsider's list, and a failed write leaves nothing behind.
@Suite struct ProjectDataTests {
    private func create(_ f: DataFixture, _ customer: Customer, name: String, by person: Person) async throws
        -> Project
    {
        let valid = try ProjectInput(customerID: customer.id.uuidString, name: name).validated()
        let (actor, now, viewer) = (f.actor(person), f.now, person.viewer)
        return try await f.write { tx in
            try await ProjectCommands.create(valid, for: viewer, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    @Test func concurrentProjectsGetDistinctNumbersInOrder() async throws {
        try await withFixture { f in
            let customer = try await f.customer("苏州精密")
            let admin = f.admin
            let projects = try await withThrowingTaskGroup(of: Project.self) { group in
                for index in 0..<20 {
                    group.addTask { try await self.create(f, customer, name: "项目 \(index)", by: admin) }
                }
                var all: [Project] = []
                for try await project in group { all.append(project) }
                return all
            }
            #expect(Set(projects.map(\.number)) == Set(1...20))
        }
    }

    @Test func theTeamJoinsTheAccountTeamAndOutsidersSeeNothingOfAConfidentialCustomer() async throws {
        try await withFixture { f in
            let secret = try await f.customer("保密客户", classification: .confidential)
            let member = try await f.person("member@test.cn", name: "成员", roles: [.engineer])
            let outsider = try await f.person("outsider@test.cn", name: "外人", roles: [.projectManager])
            let project = try await create(f, secret, name: "保密项目", by: f.admin)
            #expect(
                try await ProjectQueries.list(ProjectFilter(), for: outsider.viewer, limit: 10, on: f.db).items.isEmpty)
            #expect(try await ProjectQueries.find(project.id, for: outsider.viewer, on: f.db) == nil)
            #expect(try await ProjectQueries.find(project.id, for: member.viewer, on: f.db) == nil)

            let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
            let team = try await f.write { tx in
                try await ProjectCommands.addMember(
                    projectID: project.id, userID: member.id, role: .sponsor, for: viewer,
                    in: WriteContext(actor: actor, now: now), on: tx)
            }
            #expect(team.contains { $0.userID == member.id && $0.role == .sponsor })
            #expect(try await ProjectQueries.find(project.id, for: member.viewer, on: f.db) != nil)
            #expect(try await CustomerQueries.mayKnow(secret.id, person: member.id, on: f.db))
            let onTeam = try await CustomerQueries.team(secret.id, on: f.db).first { $0.userID == member.id }
            #expect(onTeam?.role == .executive)
            #expect(try await ProjectQueries.find(project.id, for: outsider.viewer, on: f.db) == nil)
        }
    }

    @Test func aProjectForACustomerTheViewerMayNotKnowIsRefusedAndNothingIsWritten() async throws {
        try await withFixture { f in
            let secret = try await f.customer("保密客户", classification: .secret)
            let outsider = try await f.person("pm@test.cn", name: "项目经理", roles: [.projectManager])
            await #expect(throws: ValidationFailure.self) {
                _ = try await self.create(f, secret, name: "x", by: outsider)
            }
            let count = try await f.db.sql.raw("SELECT COUNT(*) AS n FROM projects").first()?
                .decode(column: "n", as: Int.self)
            #expect(count == 0)
            let counter = try await f.db.sql.raw("SELECT COUNT(*) AS n FROM counters WHERE name = 'projects'").first()?
                .decode(column: "n", as: Int.self)
            #expect(counter == 0)
        }
    }
}
