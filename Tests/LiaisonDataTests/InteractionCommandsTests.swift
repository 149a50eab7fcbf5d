import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Logged interactions at the data level: participants, the timelines, next steps and their owners.
@Suite struct InteractionCommandsTests {
    private func log(_ f: DataFixture, _ input: InteractionInput, by author: Person? = nil) async throws -> Interaction
    {
        let person = author ?? f.admin
        let valid = try input.validated(now: f.now, defaultOwner: person.id)
        let (actor, now) = (f.actor(person), f.now)
        return try await f.write { tx in try await InteractionCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx) }
    }

    @discardableResult
    private func setNextStepDone(_ f: DataFixture, _ interaction: Interaction, _ done: Bool) async throws
        -> Interaction
    {
        let (actor, now, id) = (f.actor(f.admin), f.now, interaction.id)
        return try await f.write { tx in
            try await InteractionCommands.setNextStepDone(id, done: done, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    @Test func aLoggedInteractionReachesTheCustomersAndContactsTimelinesAndIsAudited() async throws {
        try await withFixture { f in
            let sales = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer)
            f.advance(minutes: 60)
            let occurred = f.now.addingTimeInterval(-1800)
            let interaction = try await log(
                f,
                InteractionInput(
                    customerID: customer.id.uuidString, channel: "meeting", direction: "outbound", subject: "续约沟通会",
                    body: "讨论了**续约**方案", occurredAt: occurred, staffIDs: [sales.id.uuidString],
                    contactIDs: [contact.id.uuidString]),
                by: sales)
            #expect(interaction.staffIDs == [sales.id])
            #expect(interaction.contactIDs == [contact.id])
            #expect(interaction.createdByID == sales.id)

            let entry = try #require(try await f.timeline(of: customer).first)
            #expect(entry.kind == .interaction)
            #expect(entry.refID == interaction.id)
            #expect(entry.occurredAt == occurred)
            #expect(entry.title == "续约沟通会")
            let contactTimeline = try await TimelineQueries.forContact(
                contact.id, filter: TimelineFilter(), page: PageQuery(), on: f.db)
            #expect(contactTimeline.items.map(\.refID) == [interaction.id])
            #expect(
                try await CustomerQueries.find(customer.id, for: f.admin.viewer, on: f.db)?.lastActivityAt == occurred)
            let audit = try #require(try await f.lastAudit(.interactionCreated))
            #expect(audit.recordID == interaction.id.uuidString)
            #expect(audit.fields["channel"]?.to == "meeting")
        }
    }

    @Test func everyWrongParticipantIsNamedAtOnceAndNothingIsWritten() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let stranger = try await f.contact("吴磊", of: try await f.customer("苏州工业园区服务中心"))
            let entries = try await f.auditCount()
            await #expect(
                throws: ValidationFailure([
                    ValidationIssue("contactIds", "notOfThisCustomer"), ValidationIssue("staffIds", "invalidReference"),
                ])
            ) {
                try await log(
                    f,
                    InteractionInput(
                        customerID: customer.id.uuidString, channel: "phone", direction: "inbound", subject: "来电",
                        occurredAt: f.now, staffIDs: [UUID().uuidString], contactIDs: [stranger.id.uuidString]))
            }
            #expect(try await f.auditCount() == entries)
            #expect(try await f.timeline(of: customer).isEmpty)
        }
    }

    @Test func aNextStepIsNeverHandedToSomeoneWhoMayNotKnowTheCustomer() async throws {
        try await withFixture { f in
            let owner = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let outsider = try await f.person("zhao.gang@test.cn", name: "赵刚", roles: [.sales])
            let customer = try await f.customer("华东保密项目组", classification: .confidential, owner: owner)
            let input = InteractionInput(
                customerID: customer.id.uuidString, channel: "email", direction: "outbound", subject: "尽调清单",
                occurredAt: f.now, nextStep: "发送保密协议", nextStepOwnerID: outsider.id.uuidString)
            await #expect(throws: ValidationFailure([ValidationIssue("nextStepOwnerId", "assigneeCannotSeeCustomer")]))
            {
                try await log(f, input, by: owner)
            }
        }
    }

    @Test func aNextStepIsDoneOnceAuditedOnceAndMayBeOpenedAgain() async throws {
        try await withFixture { f in
            let owner = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let customer = try await f.customer("杭州云栖科技有限公司", owner: owner)
            let interaction = try await log(
                f,
                InteractionInput(
                    customerID: customer.id.uuidString, channel: "phone", direction: "outbound", subject: "回访",
                    occurredAt: f.now, nextStep: "发送报价单", nextStepDueAt: f.now.addingTimeInterval(86_400)),
                by: owner)
            #expect(interaction.nextStepOwnerID == owner.id, "the author owns a next step that names nobody")
            #expect(
                try await InteractionQueries.openNextSteps(ownedBy: owner.id, for: owner.viewer, on: f.db).map(\.id)
                    == [interaction.id])

            f.advance()
            let done = try await setNextStepDone(f, interaction, true)
            #expect(done.nextStepDoneAt == f.now)
            #expect(done.version == 2)
            #expect(try await InteractionQueries.openNextSteps(ownedBy: owner.id, for: owner.viewer, on: f.db).isEmpty)
            f.advance()
            #expect(try await setNextStepDone(f, interaction, true).nextStepDoneAt == done.nextStepDoneAt)
            let marks = try await f.audit(of: interaction.id).filter { $0.action == AuditAction.nextStepDone.rawValue }
            #expect(marks.map { $0.fields["nextStepDone"]?.to } == ["true"])

            let reopened = try await setNextStepDone(f, interaction, false)
            #expect(reopened.nextStepDoneAt == nil)
            #expect(reopened.version == 3)

            let plain = try await log(
                f,
                InteractionInput(
                    customerID: customer.id.uuidString, channel: "email", direction: "inbound", subject: "来信",
                    occurredAt: f.now))
            await #expect(throws: DataError.notFound) { try await setNextStepDone(f, plain, true) }
        }
    }
}
