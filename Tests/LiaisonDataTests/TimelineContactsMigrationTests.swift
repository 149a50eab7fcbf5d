import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Migration 036 rekeys a contact's part in timeline entries by (contact, time, entry): rows written before it keep
/// their contacts, a repeated row is kept once, and a contact's timeline reads the same before and after.
@Suite struct TimelineContactsMigrationTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)
    private let actor = AuditActor(userID: nil, label: "tester", address: "127.0.0.1")

    @Test func rowsWrittenBeforeTheMigrationKeepTheirContacts() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let actor = self.actor
            let (customer, contact) = try await writer.write(on: db) { tx in
                let customer = try await CustomerCommands.create(
                    try CustomerInput(name: "迁移客户").validated(), in: WriteContext(actor: actor, now: now), on: tx)
                let contact = try await ContactCommands.create(
                    try ContactInput(customerID: customer.id.uuidString, name: "王芳").validated(), in: WriteContext(actor: actor, now: now), on: tx)
                return (customer.id, contact.id)
            }
            let before = try await TimelineQueries.forContact(
                contact, filter: TimelineFilter(), page: PageQuery(limit: 50), on: db
            ).items.map(\.id)

            // Back to the form before 036, with rows as an older version wrote them (one of them twice).
            try await RekeyTimelineContacts().revert(on: db)
            let sql = db.sql
            var entries: [UUID] = []
            for minute in 1...3 {
                let entry = UUID.timeOrdered()
                entries.append(entry)
                let at = now.addingTimeInterval(Double(minute) * 60)
                try await sql.raw(
                    """
                    INSERT INTO timeline_entries (id, customer_id, kind, ref_id, occurred_at, title, excerpt, actor_label)
                    VALUES (\(bind: entry), \(bind: customer), 'interaction', \(bind: UUID()), \(bind: at), '通话', '内容', 'tester')
                    """
                ).run()
                for _ in 0..<(minute == 2 ? 2 : 1) {
                    try await sql.raw(
                        """
                        INSERT INTO timeline_contacts (id, entry_id, contact_id, occurred_at)
                        VALUES (\(bind: UUID()), \(bind: entry), \(bind: contact), \(bind: at))
                        """
                    ).run()
                }
            }
            try await RekeyTimelineContacts().prepare(on: db)

            let after = try await TimelineQueries.forContact(
                contact, filter: TimelineFilter(), page: PageQuery(limit: 50), on: db
            ).items.map(\.id)
            #expect(after == entries.reversed() + before)
            let rows = try #require(try await sql.raw("SELECT COUNT(*) AS n FROM timeline_contacts").first())
            #expect(try rows.decode(column: "n", as: Int.self) == before.count + 3)

            // New entries still record their contacts, once each even when named twice.
            try await writer.write(on: db) { tx in
                try await TimelineWriter.record(
                    kind: .interaction, refID: UUID(), customerID: customer, contactIDs: [contact, contact],
                    occurredAt: now.addingTimeInterval(600), channel: nil, direction: nil, title: "回访", body: "正文",
                    actorLabel: "tester", on: tx)
            }
            let latest = try await TimelineQueries.forContact(
                contact, filter: TimelineFilter(), page: PageQuery(limit: 50), on: db
            ).items
            #expect(latest.count == before.count + 4)
            #expect(latest.first?.title == "回访")
        }
    }
}
