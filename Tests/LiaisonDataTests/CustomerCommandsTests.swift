import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Customers and their account teams at the data level: owners, audited changes, search, deletion, versions.
@Suite struct CustomerCommandsTests {
    @discardableResult
    private func update(
        _ f: DataFixture, _ customer: Customer, _ input: CustomerInput, expectedVersion: Int? = nil,
        by author: Person? = nil
    ) async throws -> Customer {
        let valid = try input.validated()
        let (actor, now, id) = (f.actor(author ?? f.admin), f.now, customer.id)
        return try await f.write { tx in
            try await CustomerCommands.update(
                id, with: valid, expectedVersion: expectedVersion, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func delete(_ f: DataFixture, _ customer: Customer, expectedVersion: Int? = nil) async throws {
        let (actor, now, id) = (f.actor(f.admin), f.now, customer.id)
        try await f.write { tx in
            try await CustomerCommands.delete(id, expectedVersion: expectedVersion, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    @Test func aNewCustomerHasItsCreatorAsOwnerOnTheAccountTeamAndIsAuditedAndFound() async throws {
        try await withFixture { f in
            let sales = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            f.advance()
            let customer = try await f.customer("杭州云栖科技有限公司", classification: .confidential, by: sales)
            #expect(customer.ownerID == sales.id)
            #expect(customer.version == 1)
            #expect(customer.lastActivityAt == f.now)
            let team = try await CustomerQueries.team(customer.id, on: f.db)
            #expect(team.map(\.userID) == [sales.id])
            #expect(team.map(\.role) == [.owner])

            let audit = try #require(try await f.lastAudit(.customerCreated))
            #expect(audit.recordID == customer.id.uuidString)
            #expect(audit.actorID == sales.id.uuidString)
            #expect(audit.fields["name"]?.to == "杭州云栖科技有限公司")
            #expect(audit.fields["classification"]?.to == "confidential")
            #expect(audit.fields["ownerId"]?.to == sales.id.uuidString)

            #expect(try await SearchQueries.search("云栖", for: sales.viewer, on: f.db).map(\.refID) == [customer.id])
        }
    }

    @Test func anUnknownOrInactiveOwnerIsRefused() async throws {
        try await withFixture { f in
            let refused = ValidationFailure([ValidationIssue("ownerId", "invalidReference")])
            let valid = try CustomerInput(name: "杭州云栖科技有限公司", ownerID: UUID().uuidString).validated()
            let (actor, now) = (f.actor(f.admin), f.now)
            await #expect(throws: refused) {
                try await f.write { tx in try await CustomerCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx) }
            }
            let leaver = try await f.person("leaver@test.cn", name: "离职员工", roles: [.sales])
            _ = try await f.write { tx in
                try await PeopleCommands.setActive(
                    id: leaver.id, active: false, expectedVersion: nil, by: actor, at: now, on: tx)
            }
            await #expect(throws: refused) { try await f.customer("苏州工业园区服务中心", owner: leaver) }
        }
    }

    @Test func anUpdateAuditsEachChangedFieldAndAnUnchangedOneWritesNothing() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            f.advance()
            let input = CustomerInput(
                name: "杭州云栖科技股份有限公司", tier: "key", classification: "internal", tags: ["重点"],
                notes: "年度框架合同年底到期")
            let updated = try await update(f, customer, input)
            #expect(updated.name == "杭州云栖科技股份有限公司")
            #expect(updated.tier == .key)
            #expect(updated.version == 2)
            let audit = try #require(try await f.lastAudit(.customerUpdated))
            #expect(Set(audit.fields.keys) == ["name", "tier", "tags"])
            #expect(audit.fields["name"]?.from == "杭州云栖科技有限公司")
            #expect(audit.fields["tier"]?.from == "standard")
            #expect(audit.fields["tier"]?.to == "key")
            #expect(audit.notes == ["notes": "changed"], "the notes' text stays out of the trail")

            let entries = try await f.auditCount()
            f.advance()
            #expect(try await update(f, updated, input).version == 2)
            #expect(try await f.auditCount() == entries)
        }
    }

    @Test func aNewOwnerJoinsTheTeamAndThePreviousOwnerStaysOnItInSales() async throws {
        try await withFixture { f in
            let first = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let second = try await f.person("wang.fang@test.cn", name: "王芳", roles: [.sales])
            let customer = try await f.customer("杭州云栖科技有限公司", owner: first)
            f.advance()
            let changed = try await update(
                f, customer, CustomerInput(name: customer.name, ownerID: second.id.uuidString))
            #expect(changed.ownerID == second.id)
            let roles = Dictionary(
                uniqueKeysWithValues: try await CustomerQueries.team(customer.id, on: f.db).map { ($0.userID, $0.role) }
            )
            #expect(roles == [first.id: .sales, second.id: .owner])
        }
    }

    @Test func reclassifyingACustomerHidesItsRecordsFromSearchForPeopleOutsideTheTeam() async throws {
        try await withFixture { f in
            let owner = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let outsider = try await f.person("zhao.gang@test.cn", name: "赵刚", roles: [.agent])
            let customer = try await f.customer("华东并购项目组", owner: owner)
            let contact = try await f.contact("陈静", of: customer, email: "chen.jing@example.cn")
            let request = try await f.openRequest("并购尽调资料", for: customer)
            func found(by person: Person) async throws -> Set<UUID> {
                Set(try await SearchQueries.search("并购", for: person.viewer, on: f.db).map(\.refID))
            }
            let everything: Set<UUID> = [customer.id, contact.id, request.id]
            #expect(try await found(by: outsider) == everything)
            f.advance()
            try await update(
                f, customer, CustomerInput(name: customer.name, classification: "confidential"), by: owner)
            #expect(try await found(by: outsider).isEmpty)
            #expect(try await found(by: owner) == everything)
        }
    }

    @Test func aChangeToAnOlderVersionOrToADeletedCustomerIsRefused() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            f.advance()
            try await update(f, customer, CustomerInput(name: "杭州云栖科技股份有限公司"), expectedVersion: 1)
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await update(f, customer, CustomerInput(name: "云栖"), expectedVersion: 1)
            }
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await delete(f, customer, expectedVersion: 1)
            }
            f.advance()
            try await delete(f, customer, expectedVersion: 2)
            let audit = try #require(try await f.lastAudit(.customerDeleted))
            #expect(audit.fields["name"]?.from == "杭州云栖科技股份有限公司")
            #expect(try await CustomerQueries.find(customer.id, for: f.admin.viewer, on: f.db) == nil)
            #expect(try await SearchQueries.search("云栖", for: f.admin.viewer, on: f.db).isEmpty)
            await #expect(throws: DataError.notFound) { try await delete(f, customer) }
            await #expect(throws: DataError.notFound) { try await update(f, customer, CustomerInput(name: "云栖")) }
        }
    }

    @Test func theAccountTeamKeepsItsOwnerAndAuditsWhoJoinsAndLeaves() async throws {
        try await withFixture { f in
            let owner = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let agent = try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent])
            let customer = try await f.customer("杭州云栖科技有限公司", owner: owner)
            let (actor, now, id) = (f.actor(f.admin), f.now, customer.id)
            try await f.addToTeam(agent, of: customer, as: .support)
            let added = try #require(try await f.lastAudit(.teamMemberAdded))
            #expect(added.fields["userId"]?.to == agent.id.uuidString)
            #expect(added.fields["role"]?.to == "support")

            let ownerChange = ValidationFailure([ValidationIssue("role", "ownerChangesOnCustomer")])
            await #expect(throws: ownerChange) { try await f.addToTeam(agent, of: customer, as: .owner) }
            await #expect(throws: ownerChange) { try await f.addToTeam(owner, of: customer, as: .engineer) }
            await #expect(throws: DataError.conflict(reason: "ownerStaysOnTeam")) {
                try await f.write { tx in
                    try await TeamCommands.remove(customerID: id, userID: owner.id, in: WriteContext(actor: actor, now: now), on: tx)
                }
            }
            try await f.write { tx in
                try await TeamCommands.remove(customerID: id, userID: agent.id, in: WriteContext(actor: actor, now: now), on: tx)
            }
            #expect(try await f.lastAudit(.teamMemberRemoved)?.fields["userId"]?.from == agent.id.uuidString)
            #expect(try await CustomerQueries.team(customer.id, on: f.db).map(\.userID) == [owner.id])
            await #expect(throws: DataError.notFound) {
                try await f.write { tx in
                    try await TeamCommands.remove(customerID: id, userID: agent.id, in: WriteContext(actor: actor, now: now), on: tx)
                }
            }
        }
    }
}
