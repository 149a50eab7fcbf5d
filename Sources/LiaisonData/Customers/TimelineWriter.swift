import FluentKit
import Foundation
import LiaisonCore

/// Writes timeline entries. Every kind of customer event (interactions now; request messages, meetings and reports
/// later) records itself here so that a customer's and a contact's history is one indexed read.
public enum TimelineWriter {
    public static func record(
        kind: TimelineEntry.Kind, refID: UUID, customerID: UUID, contactIDs: [UUID], occurredAt: Date,
        channel: Channel?, direction: Direction?, title: String, body: String, actorLabel: String, on tx: any Database
    ) async throws {
        let entry = TimelineEntryModel()
        entry.id = UUID()
        entry.customerID = customerID
        entry.kind = kind.rawValue
        entry.refID = refID
        entry.occurredAt = occurredAt
        entry.channel = channel?.rawValue
        entry.direction = direction?.rawValue
        entry.title = title
        entry.excerpt = String(Markdown.plainText(body).prefix(280))
        entry.actorLabel = actorLabel
        try await entry.create(on: tx)
        for contact in contactIDs {
            try await TimelineContactModel(entryID: entry.id!, contactID: contact, occurredAt: occurredAt).create(on: tx)
        }
    }
}
