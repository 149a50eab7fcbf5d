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
        try await record(
            kind: kind, refID: refID, customerID: customerID, contactIDs: contactIDs, occurredAt: occurredAt,
            channel: channel, direction: direction, title: title, excerpt: excerpt(of: plainBody ?? Markdown.plainText(body)),
            actorLabel: actorLabel, on: tx)
    }

    /// What an entry shows of its text: the start of the plain text.
    public static func excerpt(of plainText: String) -> String {
        String(plainText.prefix(280))
    }

    /// `record` with the excerpt worked out before the write.
    public static func record(
        kind: TimelineEntry.Kind, refID: UUID, customerID: UUID, contactIDs: [UUID], occurredAt: Date,
        channel: Channel?, direction: Direction?, title: String, excerpt: String, actorLabel: String,
        on tx: any Database
    ) async throws {
        // Fixed statements: every interaction and every request message writes here.
        let entryID = UUID.timeOrdered()
        try await tx.run(
            insertEntry,
            [
                .uuid(entryID), .uuid(customerID), .text(kind.rawValue), .uuid(refID), .date(occurredAt),
                SQLValue(channel?.rawValue), SQLValue(direction?.rawValue), .text(title), .text(excerpt),
                .text(actorLabel),
            ])
        for contact in contactIDs {
            try await tx.run(insertContact, [.uuid(contact), .date(occurredAt), .uuid(entryID)])
        }
    }

    private static let insertEntry = FixedStatement(
        """
        INSERT INTO timeline_entries (id, customer_id, kind, ref_id, occurred_at, channel, direction, title, excerpt,
            actor_label)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    private static let insertContact = FixedStatement(
        """
        INSERT INTO timeline_contacts (contact_id, occurred_at, entry_id) VALUES (?, ?, ?)
        ON CONFLICT DO NOTHING
        """)

    /// A record's new title on all of its entries (a request whose subject changed).
    public static func retitle(refID: UUID, title: String, on tx: any Database) async throws {
        try await tx.sql.raw(
            "UPDATE timeline_entries SET title = \(bind: title) WHERE ref_id = \(bind: refID)"
        ).run()
    }
}
