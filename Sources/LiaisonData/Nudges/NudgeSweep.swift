import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The nudge sweep: what `NudgeFinder` finds that was not sent in its period is recorded in `nudges` (unique by
/// kind, subject and period, so a repeated or concurrent run adds nothing) and told to its person as a `nudge`
/// notification, which keeps to their preferences and to need-to-know (someone who may no longer know the customer
/// is not told).
public enum NudgeSweep {
    public struct Result: Sendable, Equatable {
        public var found = 0
        public var sent = 0
        public init() {}
    }

    public static func run(
        settings: FollowUpSettings, zone: TimeZone, at now: Date, batch: Int = 500, on tx: any Database
    ) async throws -> Result {
        var result = Result()
        let nudges = try await NudgeFinder.find(
            for: nil, settings: settings, now: now, unsentOnly: true, limit: batch, on: tx)
        for nudge in nudges {
            result.found += 1
            let added = try await tx.sql.raw(
                """
                INSERT INTO nudges (id, kind, subject_id, period_key, user_id, customer_id, created_at)
                VALUES (\(bind: UUID.timeOrdered(at: now)), \(bind: nudge.kind.rawValue), \(bind: nudge.subjectID),
                    \(bind: nudge.periodKey), \(bind: nudge.recipientID), \(bind: nudge.customerID), \(bind: now))
                ON CONFLICT (kind, subject_id, period_key) DO NOTHING RETURNING id
                """
            ).first()
            guard added != nil else { continue }
            let told = try await NotificationStore.add(
                to: nudge.recipientID, kind: .nudge, textKey: "notify.nudge.\(nudge.kind.rawValue)",
                values: [nudge.title, DueText.format(nudge.since, in: zone)], subject: subject(of: nudge),
                about: nudge.customerID,
                dedupeKey: "nudge.\(nudge.kind.rawValue).\(nudge.subjectID.idText).\(nudge.periodKey)", at: now,
                on: tx)
            if told { result.sent += 1 }
        }
        return result
    }

    /// What the notification links to: the customer, the request, the commitment, the project's plan.
    static func subject(of nudge: Nudge) -> NotificationSubject {
        switch nudge.kind {
        case .customerQuiet: .customer(nudge.subjectID)
        case .requestWaiting: .request(nudge.subjectID)
        case .commitmentDueTomorrow: .commitment(nudge.subjectID)
        case .planOccurrenceDue: .communicationPlan(project: nudge.projectID ?? nudge.subjectID)
        }
    }
}
