import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Writes timeline entries: the customer events that are not stored elsewhere in a form the timeline can read by
/// customer and by contact (interactions). A request's messages are read where they are stored
/// (`TimelineQueries`), not copied here.
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
}
