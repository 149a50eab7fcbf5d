import Foundation

/// When the commitment sweep acts on an open commitment: it reminds the owner once when the due time is within the
/// lead time, and records the breach once the due time has come (which notifies and escalates). Pure, so the sweep
/// is a thin loop and the rule is tested without a database.
public enum CommitmentReminder {
    public enum Notice: String, Sendable, Equatable {
        case dueSoon
        case breached
    }

    /// The reminder lead time when none is set: a day before the due time.
    public static let defaultLeadHours = 24

    /// What to do now, and when the commitment next needs a look (nil: never again while it stays as it is).
    public static func decide(
        status: CommitmentStatus, dueAt: Date, leadHours: Int, reminded: Bool, breached: Bool, now: Date
    ) -> (notice: Notice?, nextCheck: Date?) {
        guard status == .open else { return (nil, nil) }
        if now >= dueAt { return (breached ? nil : .breached, nil) }
        let remindAt = dueAt.addingTimeInterval(-Double(leadHours) * 3_600)
        if now >= remindAt { return (reminded ? nil : .dueSoon, dueAt) }
        return (nil, reminded ? dueAt : remindAt)
    }
}
