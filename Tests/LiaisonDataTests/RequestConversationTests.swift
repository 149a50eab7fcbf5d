import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Replies, customer messages and internal notes: what each does to the request's status and clocks, what it
/// writes beside the message, and who is told of a mention.
@Suite struct RequestConversationTests {
    @Test func aPublicReplyAnswersTheCustomerAndOpensTheRequest() async throws {
        try await withFixture { f in
            let agent = try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent])
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            let reply = try await f.reply(to: request.id, "您好，已为您解锁账号。", by: agent)
            #expect(reply.authorID == agent.id)
            #expect(reply.visibility == .public)
            let answered = try await f.request(request.id)
            #expect(answered.status == .open)
            #expect(answered.sla.firstRespondedAt == f.now)
            #expect(answered.version == 2)
            #expect(try await f.messages(of: request.id).map(\.id).last == reply.id)

            let entry = try #require(try await f.timeline(of: customer).first)
            #expect(entry.kind == .requestMessage)
            #expect(entry.direction == .outbound)
            #expect(entry.actorLabel == agent.email)
            let audit = try #require(try await f.lastAudit(.messageAdded))
            #expect(audit.recordID == request.id.uuidString)
            #expect(audit.notes["messageId"] == reply.id.uuidString)
            #expect(audit.notes["visibility"] == "public")
        }
    }

    @Test func anInternalNoteLeavesTheStatusAndTheClocksAlone() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            try await f.reply(to: request.id, "先查一下认证日志。", visibility: .internal)
            let noted = try await f.request(request.id)
            #expect(noted.status == .new)
            #expect(noted.sla.firstRespondedAt == nil)
            #expect(noted.firstResponseDueAt == request.firstResponseDueAt)
            #expect(try await f.timeline(of: customer).first?.direction == .internal)
            #expect(try await f.lastAudit(.messageAdded)?.notes["visibility"] == "internal")
        }
    }

    @Test func aCustomerMessageReopensAWaitingOrResolvedRequestAndIsAlwaysPublic() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer)
            let request = try await f.openRequest("门户登录失败", for: customer, contact: contact)
            f.advance()
            try await f.move(request.id, to: .waitingOnCustomer)
            f.advance()
            let message = try await f.reply(to: request.id, "还是不行。", visibility: .internal, contact: contact)
            #expect(message.visibility == .public)
            #expect(message.authorID == nil)
            #expect(message.contactID == contact.id)
            #expect(try await f.request(request.id).status == .open)
            #expect(try await f.timeline(of: customer).first?.direction == .inbound)

            f.advance()
            try await f.move(request.id, to: .resolved)
            f.advance()
            try await f.reply(to: request.id, "又出现了。", contact: contact)
            let reopened = try await f.request(request.id)
            #expect(reopened.status == .open)
            #expect(reopened.resolvedAt == nil)
        }
    }

    @Test func messagesAreRefusedOnAClosedRequestWithoutABodyOrFromAnotherCustomersContact() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let stranger = try await f.contact("吴磊", of: try await f.customer("苏州工业园区服务中心"))
            let request = try await f.openRequest("门户登录失败", for: customer)
            let entries = try await f.auditCount()
            await #expect(throws: ValidationFailure([ValidationIssue("body", "required")])) {
                try await f.reply(to: request.id, " \n ")
            }
            await #expect(throws: ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")])) {
                try await f.reply(to: request.id, "你好", contact: stranger)
            }
            #expect(try await f.auditCount() == entries)
            try await f.move(request.id, to: .closed)
            await #expect(throws: DataError.conflict(reason: "requestClosed")) {
                try await f.reply(to: request.id, "还在吗？")
            }
            #expect(try await f.messages(of: request.id).count == 1)
        }
    }

    @Test func aMentionTellsOnlyColleaguesWhoMayKnowTheCustomerAndCountsTheOthers() async throws {
        try await withFixture { f in
            let author = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let teammate = try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent])
            let outsider = try await f.person("zhao.gang@test.cn", name: "赵刚", roles: [.agent])
            let customer = try await f.customer("华东保密项目组", classification: .confidential, owner: author)
            try await f.addToTeam(teammate, of: customer)
            let request = try await f.openRequest("并购尽调资料", for: customer, by: author)
            f.advance()
            let note = try await f.reply(
                to: request.id, "@周敏 @赵刚 @李娜 请核对附件", visibility: .internal, by: author)

            let told = try await f.notifications(for: teammate)
            #expect(told.map(\.textKey) == ["notify.mentioned"])
            #expect(told.first?.values == [author.email, "R-000001", "并购尽调资料"])
            #expect(told.first?.subject == .request(request.id, messageID: note.id))
            #expect(try await f.notifications(for: outsider).isEmpty)
            #expect(try await f.notifications(for: author).isEmpty)
            #expect(try await f.lastAudit(.messageAdded)?.notes["mentionsWithheld"] == "1")
        }
    }
}
