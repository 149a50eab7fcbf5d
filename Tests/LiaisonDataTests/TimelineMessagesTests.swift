import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// A request's messages are read into the customer's and the contact's timelines where they are stored (migration
/// 037): the opening message stands for the request, the others for themselves, merged by time with the
/// interactions, paged, filtered, titled as the request is now.
@Suite struct TimelineMessagesTests {
    private func call(_ f: DataFixture, _ customer: Customer, _ contact: Contact, _ subject: String) async throws {
        let valid = try InteractionInput(
            customerID: customer.id.uuidString, channel: "phone", direction: "outbound", subject: subject,
            body: "电话沟通", occurredAt: f.now, staffIDs: [f.admin.id.uuidString], contactIDs: [contact.id.uuidString]
        ).validated(now: f.now, defaultOwner: f.admin.id)
        let (actor, now) = (f.actor(f.admin), f.now)
        _ = try await f.write { tx in
            try await InteractionCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func pages(
        _ read: (PageQuery) async throws -> CursorPage<TimelineEntry>, limit: Int
    ) async throws -> [TimelineEntry] {
        var all: [TimelineEntry] = []
        var page = try await read(PageQuery(limit: limit))
        all += page.items
        while let next = page.nextCursor {
            page = try await read(PageQuery(limit: limit, after: try #require(Cursor(encoded: next))))
            all += page.items
        }
        return all
    }

    @Test func messagesAndInteractionsShareOneTimelineInTimeOrder() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer)
            try await call(f, customer, contact, "首次来电")
            f.advance()
            let request = try await f.openRequest("门户登录失败", for: customer, contact: contact, body: "**无法**登录门户。")
            f.advance()
            try await f.reply(to: request.id, "已为您解锁账号。")
            f.advance()
            try await call(f, customer, contact, "回访")
            f.advance()
            try await f.reply(to: request.id, "锁定原因是密码连续输错。", visibility: .internal)
            f.advance()
            try await f.reply(to: request.id, "可以登录了，谢谢！", contact: contact)

            let entries = try await f.timeline(of: customer)
            #expect(entries.map(\.kind) == [.requestMessage, .requestMessage, .interaction, .requestMessage, .request, .interaction])
            #expect(entries.map(\.direction) == [.inbound, .internal, .outbound, .outbound, .inbound, .outbound])
            #expect(entries.map(\.excerpt).first == "可以登录了，谢谢！")
            #expect(entries[4].excerpt == "无法登录门户。", "the excerpt is the plain text")
            #expect(entries[4].refID == request.id)
            #expect(entries[0].actorLabel == "陈静", "a customer's message is the contact's")
            #expect(entries.filter { $0.kind != .interaction }.allSatisfy { $0.title == "R-000001 门户登录失败" })
            #expect(entries.map(\.occurredAt) == entries.map(\.occurredAt).sorted(by: >))

            // Page by page, across both sources: every entry once, in the same order.
            for limit in 1...4 {
                let paged = try await pages(
                    { try await TimelineQueries.forCustomer(customer.id, filter: TimelineFilter(), page: $0, on: f.db) },
                    limit: limit)
                #expect(paged.map(\.id) == entries.map(\.id), "limit \(limit)")
            }

            // The contact's: the interactions, the request it opened and its own message (not the staff replies).
            let contactEntries = try await pages(
                { try await TimelineQueries.forContact(contact.id, filter: TimelineFilter(), page: $0, on: f.db) },
                limit: 2)
            #expect(contactEntries.map(\.kind) == [.requestMessage, .interaction, .request, .interaction])

            // Filters apply to messages as to entries.
            let phone = try await TimelineQueries.forCustomer(
                customer.id, filter: TimelineFilter(channels: [.phone]), page: PageQuery(), on: f.db)
            #expect(phone.items.map(\.kind) == [.interaction, .interaction])
            let early = try await TimelineQueries.forCustomer(
                customer.id, filter: TimelineFilter(to: entries[3].occurredAt), page: PageQuery(), on: f.db)
            #expect(early.items.map(\.id) == Array(entries.suffix(2)).map(\.id))

            // The title is the request's as it is now.
            try await f.change(request.id, RequestCommands.Changes(subject: "门户账号被锁定"))
            #expect(try await f.timeline(of: customer).filter { $0.kind == .request }.map(\.title) == ["R-000001 门户账号被锁定"])
            #expect(
                try await f.db.sql.raw("SELECT COUNT(*) AS n FROM timeline_entries").first()?.decode(
                    column: "n", as: Int.self) == 2, "only the interactions are copied into the timeline")
        }
    }

    @Test func theMigrationKeepsWhatTheTimelinesShowed() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer)
            let request = try await f.openRequest("门户登录失败", for: customer, contact: contact)
            f.advance()
            try await f.reply(to: request.id, "已为您解锁账号。")
            f.advance()
            try await f.reply(to: request.id, "可以登录了，谢谢！", contact: contact)
            f.advance()
            let second = try await f.openRequest("发票抬头修改", for: customer)
            let before = try await f.timeline(of: customer)
            let contactBefore = try await TimelineQueries.forContact(
                contact.id, filter: TimelineFilter(), page: PageQuery(), on: f.db
            ).items

            // Back to copies in the timeline, as before 037: one entry per message, with its contact.
            try await ReadRequestEntriesFromMessages().revert(on: f.db)
            let sql = f.db.sql
            let copies = try await sql.raw(
                "SELECT kind, title, direction FROM timeline_entries ORDER BY occurred_at, id"
            ).all()
            #expect(
                try copies.map { try $0.decode(column: "kind", as: String.self) }
                    == ["request", "requestMessage", "requestMessage", "request"])
            #expect(try copies.last?.decode(column: "title", as: String.self) == "R-000002 发票抬头修改")
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM timeline_contacts").first()?.decode(column: "n", as: Int.self) == 2)

            try await ReadRequestEntriesFromMessages().prepare(on: f.db)
            let after = try await f.timeline(of: customer)
            #expect(after == before)
            #expect(
                try await TimelineQueries.forContact(contact.id, filter: TimelineFilter(), page: PageQuery(), on: f.db)
                    .items == contactBefore)
            #expect(after.first?.refID == second.id)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM timeline_entries").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }
}
