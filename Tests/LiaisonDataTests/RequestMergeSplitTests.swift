import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Merging a duplicate into another request of the same customer, and starting a new request from one message.
@Suite struct RequestMergeSplitTests {
    @Test func mergingClosesTheDuplicateTellsTheCustomerAndNotesItOnTheSurvivor() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer)
            let survivor = try await f.openRequest("网络中断", for: customer, contact: contact)
            f.advance()
            let duplicate = try await f.openRequest("网络又断了", for: customer, contact: contact)
            f.advance()
            let merged = try await f.merge(duplicate.id, into: survivor.id)
            #expect(merged.status == .closed)
            #expect(merged.closedAt == f.now)
            #expect(merged.mergedIntoID == survivor.id)

            let told = try #require(try await f.messages(of: duplicate.id).last)
            #expect(told.visibility == .public)
            #expect(told.body.contains("此请求与 R-000001 重复"))
            #expect(told.body.contains("merged into it"))
            let noted = try #require(try await f.messages(of: survivor.id).last)
            #expect(noted.visibility == .internal)
            #expect(noted.body == "合并自 R-000002 / Merged from R-000002")
            #expect(try await f.request(survivor.id).status == .new, "a note does not answer the customer")

            let audit = try #require(try await f.lastAudit(.requestMerged))
            #expect(audit.recordID == duplicate.id.uuidString)
            #expect(audit.fields["mergedIntoId"]?.to == survivor.id.uuidString)
        }
    }

    @Test func aRequestIsNotMergedIntoItselfIntoAnotherCustomersRequestOrTwice() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let first = try await f.openRequest("网络中断", for: customer)
            let second = try await f.openRequest("网络又断了", for: customer)
            let third = try await f.openRequest("还是断网", for: customer)
            let elsewhere = try await f.openRequest("网络中断", for: try await f.customer("苏州工业园区服务中心"))
            await #expect(throws: DataError.conflict(reason: "mergeIntoItself")) {
                try await f.merge(first.id, into: first.id)
            }
            await #expect(throws: DataError.conflict(reason: "mergeAcrossCustomers")) {
                try await f.merge(elsewhere.id, into: first.id)
            }
            await #expect(throws: DataError.notFound) { try await f.merge(UUID(), into: first.id) }
            try await f.merge(second.id, into: first.id)
            await #expect(throws: DataError.conflict(reason: "alreadyMerged")) {
                try await f.merge(second.id, into: third.id)
            }
            await #expect(throws: DataError.conflict(reason: "alreadyMerged")) {
                try await f.merge(third.id, into: second.id)
            }
            #expect(try await f.request(third.id).status == .new)
        }
    }

    @Test func splittingAMessageStartsARequestWithItAndNotesTheSplitOnTheSource() async throws {
        try await withFixture { f in
            let queue = try await f.department("客户服务部", code: "SUP")
            let agent = try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent], department: queue.id)
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer)
            let source = try await f.openRequest(
                "门户登录失败", for: customer, contact: contact, kind: .issue, priority: .high, queue: queue.id,
                assignee: agent)
            f.advance()
            let message = try await f.reply(to: source.id, "另外，发票抬头也需要修改。", contact: contact)
            f.advance()
            let split = try await f.split(message.id, subject: "发票抬头修改", by: agent)
            #expect(split.numberText == "R-000002")
            #expect(split.subject == "发票抬头修改")
            #expect(split.customerID == customer.id)
            #expect(split.contactID == contact.id)
            #expect(split.kind == .issue)
            #expect(split.priority == .high)
            #expect(split.queueID == queue.id)
            #expect(split.assigneeID == agent.id)
            #expect(try await f.messages(of: split.id).map(\.body) == ["另外，发票抬头也需要修改。"])

            let noted = try #require(try await f.messages(of: source.id).last)
            #expect(noted.visibility == .internal)
            #expect(noted.body == "拆分为 R-000002 / Split into R-000002")
            let audit = try #require(try await f.lastAudit(.requestSplit))
            #expect(audit.recordID == split.id.uuidString)
            #expect(audit.fields["from"]?.to == "R-000001")
            #expect(audit.notes["messageId"] == message.id.uuidString)

            await #expect(throws: DataError.notFound) { try await f.split(UUID(), subject: "不存在") }
        }
    }
}
