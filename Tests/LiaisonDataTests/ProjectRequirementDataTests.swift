import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// A project's requirements at the data level: migration 110 gives the requirements captured before it their
/// timeline entry, and a project created with a requirement it may not include is not created at all.
@Suite struct ProjectRequirementDataTests {
    private func capture(_ f: DataFixture, for customer: Customer, contact: UUID?) async throws -> Requirement {
        let valid = ValidRequirement(
            customerID: customer.id, contactID: contact, title: "按月批量导出", description: "客户希望**按月**导出全部工单。",
            businessValue: nil, desiredDate: nil, priority: .high, sourceKind: .typed, sourceID: nil,
            sourceReference: nil, ownerID: nil)
        let (actor, now) = (f.actor(f.admin), f.now)
        return try await f.write { tx in
            try await RequirementCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    @Test func requirementsCapturedBeforeMigration110GetTheirTimelineEntry() async throws {
        try await withFixture { f in
            let customer = try await f.customer("苏州精密")
            let contact = try await f.contact("王芳", of: customer)
            let requirement = try await capture(f, for: customer, contact: contact.id)
            let entries = try await TimelineQueries.forCustomer(
                customer.id, filter: TimelineFilter(), page: PageQuery(), on: f.db
            ).items.filter { $0.kind == .requirement }
            #expect(entries.map(\.refID) == [requirement.id])
            #expect(entries.first?.excerpt == "客户希望按月导出全部工单。")

            // As a database before 110 held it: the requirement without its entry.
            try await CreateProjectRequirements().revert(on: f.db)
            let none = try await TimelineQueries.forCustomer(
                customer.id, filter: TimelineFilter(), page: PageQuery(), on: f.db)
            #expect(!none.items.contains { $0.kind == .requirement })
            try await CreateProjectRequirements().prepare(on: f.db)

            let restored = try await TimelineQueries.forCustomer(
                customer.id, filter: TimelineFilter(), page: PageQuery(), on: f.db
            ).items.filter { $0.kind == .requirement }
            #expect(restored.map(\.refID) == [requirement.id])
            #expect(restored.first?.title == "按月批量导出")
            #expect(restored.first?.occurredAt == requirement.createdAt)
            #expect(restored.first?.actorLabel == f.admin.email)
            let forContact = try await TimelineQueries.forContact(
                contact.id, filter: TimelineFilter(), page: PageQuery(), on: f.db)
            #expect(forContact.items.map(\.refID).contains(requirement.id))
            // Hidden from those who do not see requirements.
            let hidden = try await TimelineQueries.forCustomer(
                customer.id, filter: TimelineFilter(hiddenKinds: [.requirement]), page: PageQuery(), on: f.db)
            #expect(!hidden.items.contains { $0.kind == .requirement })
        }
    }

    @Test func aProjectCreatedWithARequirementItMayNotIncludeIsNotCreated() async throws {
        try await withFixture { f in
            let customer = try await f.customer("苏州精密")
            let requirement = try await capture(f, for: customer, contact: nil)
            let valid = try ProjectInput(
                customerID: customer.id.uuidString, name: "ERP", requirementIDs: [requirement.id.uuidString]
            ).validated()
            let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
            await #expect(throws: ProjectRequirementRefusal.notIncludable(.captured)) {
                try await f.write { tx in
                    try await ProjectCommands.create(
                        valid, for: viewer, in: WriteContext(actor: actor, now: now), on: tx)
                }
            }
            let rows = try #require(try await f.db.sql.raw("SELECT COUNT(*) AS n FROM projects").first())
            #expect(try rows.decode(column: "n", as: Int.self) == 0)
        }
    }
}
