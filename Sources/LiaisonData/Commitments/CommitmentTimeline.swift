import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A commitment's one entry on its customer's timeline (kind `commitment`, at the moment it was made, titled with
/// its text): written when it is made and again, in place of the old one, when it changes, so the timeline never
/// shows it twice. A commitment from an interaction's next step has no entry of its own (the interaction's entry
/// carries the step), nor has one of no customer.
enum CommitmentTimeline {
    static func put(_ model: CommitmentModel, actorLabel: String, on tx: any Database) async throws {
        guard let id = model.id else { return }
        try await remove(id, on: tx)
        guard let customerID = model.customerID, model.sourceValue != .interaction,
            model.statusValue != .cancelled
        else { return }
        try await TimelineWriter.record(
            kind: .commitment, refID: id, customerID: customerID, contactIDs: [], occurredAt: model.createdAt,
            channel: nil, direction: nil, title: model.text, excerpt: "", actorLabel: actorLabel, on: tx)
    }

    static func remove(_ commitmentID: UUID, on tx: any Database) async throws {
        try await tx.sql.raw(
            "DELETE FROM timeline_entries WHERE ref_id = \(bind: commitmentID) AND kind = 'commitment'"
        ).run()
    }
}
