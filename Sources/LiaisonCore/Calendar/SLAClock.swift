import Foundation

/// Response-time targets measured in business minutes, with pauses (while waiting on the customer).
public struct SLAClock: Sendable, Equatable, Codable {
    public var targetMinutes: Int
    /// Business minutes used in finished running periods; each period's partial last minute is dropped.
    public var consumedMinutes: Int
    /// When the current running period began; nil while paused or stopped.
    public var runningSince: Date?

    /// A clock running from `startedAt` with nothing used yet.
    public init(targetMinutes: Int, startedAt: Date) {
        self.targetMinutes = targetMinutes
        consumedMinutes = 0
        runningSince = startedAt
    }

    /// Whether the clock is counting.
    public var isRunning: Bool {
        runningSince != nil
    }

    /// Stops counting at `at`, keeping the running period's business minutes; no-op when paused.
    public mutating func pause(at: Date, calendar: BusinessCalendar) {
        guard let since = runningSince else { return }
        consumedMinutes += calendar.businessMinutes(from: since, to: at)
        runningSince = nil
    }

    /// Starts counting again from `at`; no-op when running.
    public mutating func resume(at: Date) {
        guard runningSince == nil else { return }
        runningSince = at
    }

    /// Business minutes used by `now`, the running period included.
    public func consumed(at now: Date, calendar: BusinessCalendar) -> Int {
        guard let since = runningSince else { return consumedMinutes }
        return consumedMinutes + calendar.businessMinutes(from: since, to: now)
    }

    /// Business minutes left at `now`; negative once more than the target has been used.
    public func remaining(at now: Date, calendar: BusinessCalendar) -> Int {
        targetMinutes - consumed(at: now, calendar: calendar)
    }

    /// When the target falls due if the clock keeps running from now; nil while paused. When the target was already
    /// used up before the clock was last resumed, the first working moment of the running period.
    public func dueDate(calendar: BusinessCalendar) -> Date? {
        guard let since = runningSince else { return nil }
        return calendar.addingBusinessMinutes(max(0, targetMinutes - consumedMinutes), to: since)
    }

    /// When a share (e.g. 0.75) of the target is used, if the clock keeps running; nil while paused or for a share
    /// that is negative or not a number. The threshold is rounded up to a whole minute.
    public func warningDate(share: Double, calendar: BusinessCalendar) -> Date? {
        guard let since = runningSince, share.isFinite, share >= 0 else { return nil }
        // The allowance keeps 0.7 × 100 = 70.000…01 at 70 instead of rounding it up to 71.
        let exact = min(Double(targetMinutes) * share - 1e-9, 1e12)
        let threshold = Int(exact.rounded(.up))
        return calendar.addingBusinessMinutes(max(0, threshold - consumedMinutes), to: since)
    }

    /// Whether the target has passed at `now`: for a running clock as soon as `now` is later than the due date
    /// (to the second, though `remaining` turns negative only a whole minute later); for a paused clock when more
    /// minutes were used than the target allows.
    public func isBreached(at now: Date, calendar: BusinessCalendar) -> Bool {
        if consumedMinutes > targetMinutes { return true }
        guard let due = dueDate(calendar: calendar) else { return false }
        return now > due
    }
}
