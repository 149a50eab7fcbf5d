import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Contacts at the data level: their customer's count, the identities duplicates are found by, audited changes.
@Suite struct ContactCommandsTests {
    @discardableResult
    private func update(
        _ f: DataFixture, _ contact: Contact, _ input: ContactInput, expectedVersion: Int? = nil
    ) async throws -> Contact {
        let valid = try input.validated()
        let (actor, now, id) = (f.actor(f.admin), f.now, contact.id)
        return try await f.write { tx in
            try await ContactCommands.update(
                id, with: valid, expectedVersion: expectedVersion, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func delete(_ f: DataFixture, _ contact: Contact) async throws {
        let (actor, now, id) = (f.actor(f.admin), f.now, contact.id)
        try await f.write { tx in
            try await ContactCommands.delete(id, expectedVersion: nil, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func matches(_ f: DataFixture, emails: [String] = [], phones: [String] = [], for person: Person? = nil)
        async throws -> [UUID]
    {
        try await ContactQueries.matching(emails: emails, phones: phones, for: (person ?? f.admin).viewer, on: f.db)
            .map(\.contactID)
    }

    @Test func aNewContactCountsOnItsCustomerAndIsFoundByItsEmailOrPhoneWrittenAnyWay() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact(
                "陈静", of: customer, email: "chen.jing@yunqi.cn", phone: "138-0013-8000")
            #expect(try await CustomerQueries.find(customer.id, for: f.admin.viewer, on: f.db)?.contactCount == 1)
            #expect(try await matches(f, emails: ["Chen.Jing@Yunqi.cn"]) == [contact.id])
            #expect(try await matches(f, phones: ["+86 13800138000"]) == [contact.id])
            let audit = try #require(try await f.lastAudit(.contactCreated))
            #expect(audit.recordID == contact.id.uuidString)
            #expect(audit.fields["customerId"]?.to == customer.id.uuidString)
        }
    }

    @Test func aContactOfAnUnknownOrDeletedCustomerIsRefused() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let (actor, now) = (f.actor(f.admin), f.now)
            try await f.write { tx in
                try await CustomerCommands.delete(customer.id, expectedVersion: nil, in: WriteContext(actor: actor, now: now), on: tx)
            }
            let refused = ValidationFailure([ValidationIssue("customerId", "invalidReference")])
            await #expect(throws: refused) { try await f.contact("陈静", of: customer) }
            var unknown = customer
            unknown.id = UUID()
            await #expect(throws: refused) { try await f.contact("陈静", of: unknown) }
        }
    }

    @Test func anUpdateAuditsItsChangesAndReplacesTheIdentitiesButNeverMovesTheContact() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer, email: "chen.jing@yunqi.cn")
            f.advance()
            let updated = try await update(
                f, contact,
                ContactInput(
                    customerID: customer.id.uuidString, name: "陈静", title: "信息中心主任",
                    emails: ["jing.chen@yunqi.cn"], notes: "喜欢电话沟通"))
            #expect(updated.version == 2)
            let audit = try #require(try await f.lastAudit(.contactUpdated))
            #expect(audit.fields["title"]?.to == "信息中心主任")
            #expect(audit.fields["emails"]?.from == "chen.jing@yunqi.cn")
            #expect(audit.fields["emails"]?.to == "jing.chen@yunqi.cn")
            #expect(audit.notes == ["notes": "changed"])
            #expect(try await matches(f, emails: ["chen.jing@yunqi.cn"]).isEmpty)
            #expect(try await matches(f, emails: ["jing.chen@yunqi.cn"]) == [contact.id])

            let other = try await f.customer("苏州工业园区服务中心")
            await #expect(throws: ValidationFailure([ValidationIssue("customerId", "cannotMove")])) {
                try await update(f, contact, ContactInput(customerID: other.id.uuidString, name: "陈静"))
            }
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await update(
                    f, contact, ContactInput(customerID: customer.id.uuidString, name: "陈静静"), expectedVersion: 1)
            }
        }
    }

    @Test func deletingAContactUncountsItAndForgetsItsIdentitiesAndSearchEntry() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer, email: "chen.jing@yunqi.cn")
            f.advance()
            try await delete(f, contact)
            #expect(try await CustomerQueries.find(customer.id, for: f.admin.viewer, on: f.db)?.contactCount == 0)
            #expect(try await matches(f, emails: ["chen.jing@yunqi.cn"]).isEmpty)
            #expect(try await SearchQueries.search("陈静", for: f.admin.viewer, on: f.db).isEmpty)
            #expect(try await f.lastAudit(.contactDeleted)?.fields["name"]?.from == "陈静")
            await #expect(throws: DataError.notFound) { try await delete(f, contact) }
        }
    }

    @Test func aDuplicateWarningNeverConfirmsAContactOfACustomerThePersonMayNotSee() async throws {
        try await withFixture { f in
            let owner = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let outsider = try await f.person("zhao.gang@test.cn", name: "赵刚", roles: [.sales])
            let customer = try await f.customer("华东保密项目组", classification: .confidential, owner: owner)
            let contact = try await f.contact("吴磊", of: customer, email: "wu.lei@example.cn")
            #expect(try await matches(f, emails: ["wu.lei@example.cn"], for: owner) == [contact.id])
            #expect(try await matches(f, emails: ["wu.lei@example.cn"], for: outsider).isEmpty)
        }
    }
}
