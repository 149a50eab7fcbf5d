import Foundation

/// Where one occurrence of a communication-plan row stands. An occurrence is `scheduled` when the sweep creates it,
/// `done` when its report is sent, its meeting held or its owner records what was done, and `missed` when its due
/// time passes first. Both ends are final: a missed occurrence stays missed on the record (what management
/// checks), even if the owner later notes what was done late.
public enum OccurrenceState: String, CaseIterable, Codable, Sendable {
    case scheduled
    case done
    case missed

    public var labelKey: String { "commplan.occurrence.\(rawValue)" }

    /// Only a scheduled occurrence moves, to done or to missed.
    public func canMove(to next: OccurrenceState) -> Bool {
        self == .scheduled && next != .scheduled
    }
}

/// The communication-plan sweep's rules, as pure functions, so that the sweep over the database is a thin loop:
/// one pass over the rows whose next check is due (like the SLA sweep, not a timer per row).
///
/// Each row keeps the due time of the last occurrence created for it. A pass creates the occurrences that come
/// into view (`dueToCreate`), then decides each open occurrence (`decide`): remind its owner once when its due
/// time is within the reminder lead time, mark it missed once when the due time has passed without it being done.
/// `Decision.nextCheck` says when the occurrence next needs a look, for the sweep's index.
public enum OccurrenceSweep {
    /// What the sweep does with one occurrence now.
    public struct Decision: Equatable, Sendable {
        /// Send the owner the reminder (and record that it was sent, so it is sent once).
        public var remind: Bool
        /// Mark the occurrence `missed`.
        public var markMissed: Bool
        /// When the occurrence next needs the sweep; nil when never again (done or missed).
        public var nextCheck: Date?

        public init(remind: Bool, markMissed: Bool, nextCheck: Date?) {
            self.remind = remind
            self.markMissed = markMissed
            self.nextCheck = nextCheck
        }

        public static let nothing = Decision(remind: false, markMissed: false, nextCheck: nil)
    }

    /// The decision for an occurrence due at `due`, in `state`, whose owner was or was not reminded, with the
    /// reminder sent `leadTime` seconds ahead. The due time itself is the deadline: at `due` an occurrence not done
    /// is missed. An occurrence that comes into view already inside its lead time is reminded at once; one already
    /// past due is marked missed without a reminder, which would come too late to help.
    public static func decide(
        due: Date, state: OccurrenceState, reminded: Bool, leadTime: TimeInterval, now: Date
    ) -> Decision {
        guard state == .scheduled else { return .nothing }
        if now >= due { return Decision(remind: false, markMissed: true, nextCheck: nil) }
        let remindAt = due.addingTimeInterval(-max(0, leadTime))
        if reminded { return Decision(remind: false, markMissed: false, nextCheck: due) }
        if now >= remindAt { return Decision(remind: true, markMissed: false, nextCheck: due) }
        return Decision(remind: false, markMissed: false, nextCheck: remindAt)
    }

    /// The due times of the occurrences a pass creates for a row: those after the last one created (or, for a
    /// new row, after the moment the plan took effect) up to `now` plus `lookAhead`, earliest first and at most
    /// `limit`. The look-ahead is at least the reminder lead time, so that an occurrence exists before its
    /// reminder is due; a longer one lets pages show what is coming. After a pause (the server down for a week),
    /// the occurrences missed meanwhile are created too, and the next decision marks them missed: the record
    /// shows every occurrence the plan called for. `limit` bounds one pass; the next one carries on from the
    /// last occurrence created.
    public static func dueToCreate(
        cadence: CommunicationCadence, after last: Date, now: Date, lookAhead: TimeInterval,
        milestones: [LocalDate] = [], limit: Int = 100
    ) -> [Date] {
        cadence.occurrences(
            after: last, through: now.addingTimeInterval(max(0, lookAhead)), milestones: milestones, limit: limit)
    }

    /// When the row next needs a pass: the moment its next occurrence comes into view (`lookAhead` before it is
    /// due), or nil when it has no more occurrences (no milestone left).
    public static func nextRowCheck(
        cadence: CommunicationCadence, after last: Date, lookAhead: TimeInterval, milestones: [LocalDate] = []
    ) -> Date? {
        cadence.nextOccurrence(after: last, milestones: milestones)?.addingTimeInterval(-max(0, lookAhead))
    }
}
