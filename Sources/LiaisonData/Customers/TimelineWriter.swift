import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Writes timeline entries. Every kind of customer event (interactions now; request messages, meetings and reports
/// later) records itself here so that a customer's and a contact's history is one indexed read.
public enum TimelineWriter {
    public static func record(
        kind: TimelineEntry.Kind, refID: UUID, customerID: UUID, contactIDs: [UUID], occurredAt: Date,
        channel: Channel?, direction: Direction?, title: String, body: String, plainBody: String? = nil,
        actorLabel: String, on tx: any Database
    ) async throws {
        // Plain SQL: every interaction and every request message writes here.
        let sql = tx.sql
        let entryID = UUID.timeOrdered()
        try await sql.raw(
            """
            INSERT INTO timeline_entries (id, customer_id, kind, ref_id, occurred_at, channel, direction, title, excerpt, actor_label)
            VALUES (\(bind: entryID), \(bind: customerID), \(bind: kind.rawValue), \(bind: refID), \(bind: occurredAt),
            \(bind: channel?.rawValue), \(bind: direction?.rawValue), \(bind: title),
            \(bind: String((plainBody ?? Markdown.plainText(body)).prefix(280))), \(bind: actorLabel))
            """
        ).run()
        for contact in contactIDs {
            try await sql.raw(
                """
                INSERT INTO timeline_contacts (contact_id, occurred_at, entry_id)
                VALUES (\(bind: contact), \(bind: occurredAt), \(bind: entryID))
                ON CONFLICT DO NOTHING
                """
            ).run()
        }
    }

    /// A record's new title on all of its entries (a request whose subject changed).
    public static func retitle(refID: UUID, title: String, on tx: any Database) async throws {
        try await tx.sql.raw(
            "UPDATE timeline_entries SET title = \(bind: title) WHERE ref_id = \(bind: refID)"
        ).run()
    }
}
