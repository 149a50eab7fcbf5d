import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A customer meeting's one entry on the customer's timeline (kind `meeting`, at its start, naming the contacts
/// invited): written when the meeting is made and written again, in place of the old one, whenever it changes,
/// so the timeline never shows the same meeting twice. Holding it or recording minutes logs no interaction.
enum MeetingTimeline {
    static func put(_ meeting: MeetingModel, actorLabel: String, on tx: any Database) async throws {
        guard let id = meeting.id else { return }
        try await remove(id, on: tx)
        guard let customerID = meeting.customerID, meeting.deletedAt == nil else { return }
        let contacts = try await MeetingAttendeeModel.query(on: tx).filter(\.$meetingID == id).all()
            .compactMap(\.contactID)
        let text = meeting.statusValue == .held ? (meeting.minutes ?? meeting.agenda ?? "") : (meeting.agenda ?? "")
        try await TimelineWriter.record(
            kind: .meeting, refID: id, customerID: customerID, contactIDs: contacts, occurredAt: meeting.startsAt,
            channel: .meeting, direction: nil, title: meeting.title, body: text, actorLabel: actorLabel, on: tx)
    }

    static func remove(_ meetingID: UUID, on tx: any Database) async throws {
        try await tx.sql.raw(
            """
            DELETE FROM timeline_contacts WHERE entry_id IN
                (SELECT id FROM timeline_entries WHERE ref_id = \(bind: meetingID) AND kind = 'meeting')
            """
        ).run()
        try await tx.sql.raw(
            "DELETE FROM timeline_entries WHERE ref_id = \(bind: meetingID) AND kind = 'meeting'"
        ).run()
    }
}
