import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Queues the invitation mail of a meeting: one `meeting.invite` job per attendee with an address (staff and the
/// customer's contacts, the organiser left out), in the write that made, changed or cancelled the meeting. The job
/// names the sequence it was queued for and sends nothing once a later one exists, so only the newest copy goes
/// out; an attendee taken off the list gets the cancellation.
public enum MeetingInvitations {
    public static let jobKind = "meeting.invite"

    public struct Job: Codable, Sendable, Equatable {
        public var meetingId: UUID
        public var sequence: Int
        public var email: String
        public var name: String
        public var locale: String
        /// A cancellation for this attendee alone (taken off the list), whatever the meeting's status.
        public var cancel: Bool
    }

    public static func queue(
        _ detail: MeetingDetail, removed: [MeetingAttendee] = [], in context: WriteContext, on tx: any Database
    ) async throws {
        let meeting = detail.meeting
        let locales = try await self.locales(of: detail.attendees + removed, on: tx)
        let current = Set(detail.attendees.compactMap { $0.email?.lowercased() })
        let targets =
            detail.attendees.map { ($0, false) }
            + removed.filter { !current.contains($0.email?.lowercased() ?? "") }.map { ($0, true) }
        for (attendee, cancel) in targets {
            guard let email = attendee.email, !email.isEmpty else { continue }
            if let person = attendee.personID, person == meeting.organiserID { continue }
            let job = Job(
                meetingId: meeting.id, sequence: meeting.sequence, email: email, name: attendee.name,
                locale: locales[attendee.personID ?? attendee.contactID ?? UUID()] ?? AppLocale.zhHans.rawValue,
                cancel: cancel)
            _ = try await JobQueue.enqueue(
                kind: jobKind, payload: JSONColumn.encode(job), runAt: context.now,
                uniqueKey: "meeting.invite.\(meeting.id.idText).\(meeting.sequence).\(email.lowercased())",
                maxAttempts: 6, now: context.now, on: tx)
        }
    }

    /// Each person's or contact's language, by id.
    static func locales(of attendees: [MeetingAttendee], on db: any Database) async throws -> [UUID: String] {
        var result: [UUID: String] = [:]
        let people = attendees.compactMap(\.personID)
        let contacts = attendees.compactMap(\.contactID)
        struct Row: Decodable {
            @RowUUID var id: UUID
            var locale: String?
        }
        if !people.isEmpty {
            for row in try await db.sql.raw(
                "SELECT id, locale FROM users WHERE id IN (\(binds: people))"
            ).all(decoding: Row.self) {
                result[row.id] = row.locale.flatMap(AppLocale.init(rawValue:))?.rawValue
            }
        }
        if !contacts.isEmpty {
            for row in try await db.sql.raw(
                "SELECT id, preferred_language AS locale FROM contacts WHERE id IN (\(binds: contacts))"
            ).all(decoding: Row.self) {
                result[row.id] = row.locale.flatMap(AppLocale.init(rawValue:))?.rawValue
            }
        }
        return result
    }

    /// The meeting as a delivery job finds it: nil when deleted (nothing is sent then).
    public static func forDelivery(_ id: UUID, on db: any Database) async throws -> MeetingDetail? {
        guard let model = try await MeetingModel.query(on: db).filter(\.$id == id).filter(\.$deletedAt == nil).first()
        else { return nil }
        return try await MeetingQueries.detail(model.value, on: db)
    }
}
